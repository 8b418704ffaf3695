package org.beamlinestudio.tomography.stages.geometry;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.core.stage.StageFactory;

/**
 * Bins projections (angle, row, column) for previews: rows and columns by 2ᵏ, angles by an optional
 * factor, each output value the mean of its bin. A partial last bin (when a length is not a multiple
 * of its factor) is the mean of the values it has, so output lengths are {@code ceil(n / factor)} and
 * nothing is dropped. Chunks must start on bin boundaries ({@link #streamAlignment}). Angle binning
 * averages the angles too: the chunks carry a {@link DerivedSource} with the binned
 * {@code "angles"}. A rotation axis at column c becomes {@link #binnedCenter}. Bin after
 * normalisation (the flats are not binned).
 */
public final class BinStageFactory implements StageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.bin";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Bin";
    }

    @Override
    public String description() {
        return "Averages blocks of 2ᵏ × 2ᵏ detector pixels (and optionally groups of angles) for fast previews.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.ofInt("power", "Binning power k", 1, 0, 6, "",
                        "Rows and columns are binned by 2ᵏ (k = 1: 2 × 2, k = 2: 4 × 4)."),
                ParamSpec.ofInt("angleFactor", "Angle binning", 1, 1, 64, "",
                        "Number of consecutive projections averaged into one (1 keeps every angle)."));
    }

    @Override
    public Set<DataKind> inputKinds() {
        return Set.of(DataKind.PROJECTIONS);
    }

    @Override
    public int streamAlignment(ParamValues params) {
        int f = 1 << params.getInt("power");
        int a = params.getInt("angleFactor");
        return f / gcd(f, a) * a;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    public long[] outputShape(long[] inputShape, ParamValues params) {
        int f = 1 << params.getInt("power");
        int a = params.getInt("angleFactor");
        return new long[] {ceilDiv(inputShape[0], a), ceilDiv(inputShape[1], f), ceilDiv(inputShape[2], f)};
    }

    private static long ceilDiv(long n, long d) {
        return (n + d - 1) / d;
    }

    /** The rotation axis in binned columns for an axis at column {@code center} (pixel centres at whole numbers). */
    public static double binnedCenter(double center, int factor) {
        return (center + 0.5) / factor - 0.5;
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) {
        int f = 1 << params.getInt("power");
        int fa = params.getInt("angleFactor");
        return (input, progress, cancel) -> {
            FloatBlock b = input.block();
            if (b.rank() != 3) {
                throw new StageException(ID, "expects projections (angle, row, column), got " + b);
            }
            int[] s = b.shape();
            long[] o = b.origin();
            int[] factors = {fa, f, f};
            for (int ax = 0; ax < 3; ax++) {
                if (o[ax] % factors[ax] != 0) {
                    throw new StageException(ID, "a chunk starts at index " + o[ax] + " of axis " + ax
                            + ", not a multiple of the bin " + factors[ax] + "; the runner must align chunks to "
                            + "streamAlignment");
                }
            }
            int na = (int) ceilDiv(s[0], fa);
            int nr = (int) ceilDiv(s[1], f);
            int nc = (int) ceilDiv(s[2], f);
            float[] out = new float[na * nr * nc];
            float[] in = b.data();
            for (int a = 0; a < na; a++) {
                cancel.check();
                int a1 = Math.min(s[0], (a + 1) * fa);
                for (int r = 0; r < nr; r++) {
                    int r1 = Math.min(s[1], (r + 1) * f);
                    for (int c = 0; c < nc; c++) {
                        int c1 = Math.min(s[2], (c + 1) * f);
                        double sum = 0;
                        for (int aa = a * fa; aa < a1; aa++) {
                            for (int rr = r * f; rr < r1; rr++) {
                                int base = (aa * s[1] + rr) * s[2];
                                for (int cc = c * f; cc < c1; cc++) {
                                    sum += in[base + cc];
                                }
                            }
                        }
                        int count = (a1 - a * fa) * (r1 - r * f) * (c1 - c * f);
                        out[(a * nr + r) * nc + c] = (float) (sum / count);
                    }
                }
            }
            long[] origin = {o[0] / fa, o[1] / f, o[2] / f};
            progress.update(1, "binned " + fa + " × " + f + " × " + f);
            OpenedSource src = outputSource(input.source(), fa);
            return new Chunk(new FloatBlock(out, new int[] {na, nr, nc}, origin), input.kind(), input.streamAxis(), src);
        };
    }

    /**
     * The source downstream stages see after binning angles by {@code angleFactor}: binned
     * {@code "angles"} (the source itself when there is nothing to change).
     */
    public static OpenedSource outputSource(OpenedSource source, int angleFactor) {
        if (angleFactor > 1 && source != null) {
            Optional<double[]> angles = source.vector("angles");
            if (angles.isPresent()) {
                return DerivedSource.of(source).withVector("angles", binAngles(angles.get(), angleFactor));
            }
        }
        return source;
    }

    /** Mean of each group of {@code factor} consecutive angles (the last group may be shorter). */
    public static double[] binAngles(double[] angles, int factor) {
        int n = (int) ceilDiv(angles.length, factor);
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            int end = Math.min(angles.length, (k + 1) * factor);
            double sum = 0;
            for (int i = k * factor; i < end; i++) {
                sum += angles[i];
            }
            out[k] = sum / (end - k * factor);
        }
        return out;
    }
}
