package org.beamlinestudio.tomography.stages;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.tomography.stages.phase.PaganinFilter;
import org.beamlinestudio.tomography.stages.phase.PaganinParameters;

/**
 * Single-material phase retrieval (Paganin et al. 2002) on normalised transmission projections.
 * Output: the filtered transmission, still PROJECTIONS (TomoPy's {@code retrieve_phase} convention);
 * follow it with −log to get {@code μ·T} (μ = 4πβ/λ, T the projected thickness), then reconstruct.
 * Place it after flat/dark normalisation and before −log. Needs whole projections: streamed along
 * the angle axis.
 */
public final class PaganinStageFactory implements StageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.paganin";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Paganin phase retrieval";
    }

    @Override
    public String description() {
        return "Single-material phase retrieval (Paganin 2002) on normalised transmission: low-pass filters each "
                + "projection by 1/(1 + π·λ·z·(δ/β)·|f|²). Put it between normalisation and −log.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.ofDouble("energy", "Energy", 25.0, 1.0, 500.0, "keV",
                        "Photon energy of the monochromatic beam."),
                ParamSpec.ofDouble("distance", "Propagation distance", 100.0, 0.0, 100_000.0, "mm",
                        "Distance from the sample to the detector (scintillator)."),
                ParamSpec.ofDouble("pixelSize", "Pixel size", 1.0, 0.001, 10_000.0, "µm",
                        "Effective pixel size at the sample, after the optics' magnification."),
                ParamSpec.ofDouble("deltaBetaRatio", "δ/β", 300.0, 0.001, 1e6, "",
                        "Ratio of the refractive index decrement δ to the absorption index β of the single "
                                + "material; larger values smooth more (typically 100–1000 for soft matter)."),
                ParamSpec.ofBoolean("pad", "Pad projections", true,
                        "Pad each projection with its edge values to at least twice its size before the FFT, "
                                + "so the filter does not wrap one edge onto the opposite one."));
    }

    /** The physics parameters from validated stage parameters. */
    public static PaganinParameters parameters(ParamValues params) {
        return new PaganinParameters(params.getDouble("energy"), params.getDouble("distance"),
                params.getDouble("pixelSize"), params.getDouble("deltaBetaRatio"), params.getBoolean("pad"));
    }

    @Override
    public Set<DataKind> inputKinds() {
        return Set.of(DataKind.PROJECTIONS);
    }

    @Override
    public OptionalInt streamAxis(DataKind input) {
        return OptionalInt.of(0);
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) throws StageException {
        PaganinParameters p;
        try {
            p = parameters(params);
        } catch (IllegalArgumentException e) {
            throw new StageException(ID, e.getMessage(), e);
        }
        return new Paganin(PaganinFilter.forDevice(environment.compute(), p));
    }

    /** The configured stage; holds the filter (and its device) for the whole run. */
    private static final class Paganin implements Stage {
        private final PaganinFilter filter;

        Paganin(PaganinFilter filter) {
            this.filter = filter;
        }

        @Override
        public Chunk run(Chunk input, Progress progress, Cancellation cancel)
                throws StageException, Cancellation.CancelledException {
            FloatBlock b = input.block();
            if (b.rank() != 3 || input.streamAxis() != 0) {
                throw new StageException(ID, "needs whole projections (angle, row, column) streamed along the angle "
                        + "axis; got a block " + b + " streamed along axis " + input.streamAxis());
            }
            int[] s = b.shape();
            int pixels = s[1] * s[2];
            float[] out = new float[b.data().length];
            // Two projections at a time: the filter packs a pair into one complex FFT.
            float[] two = new float[2 * pixels];
            float[] res = new float[2 * pixels];
            for (int a = 0; a < s[0]; a += 2) {
                cancel.check();
                int n = Math.min(2, s[0] - a);
                float[] src = n == 2 ? two : new float[pixels];
                float[] dst = n == 2 ? res : new float[pixels];
                System.arraycopy(b.data(), a * pixels, src, 0, n * pixels);
                filter.apply(src, n, s[1], s[2], dst);
                System.arraycopy(dst, 0, out, a * pixels, n * pixels);
                progress.update((a + n) / (double) s[0], "Paganin filter, projection " + (b.origin()[0] + a + n - 1));
            }
            return input.withData(out);
        }

        @Override
        public void close() {
            filter.close();
        }
    }
}
