package org.beamlinestudio.tomography.stages;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamType;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.tomography.recon.FbpReconstructor;
import org.beamlinestudio.tomography.recon.RampFilter;
import org.beamlinestudio.tomography.recon.ReconstructionGeometry;

/**
 * Filtered back-projection of −log'ed projections into slices, on the chosen OpenCL device or in
 * plain Java (see {@link FbpReconstructor}). Takes whole sinograms (projections streamed along rows)
 * and the angles the reader found; gives one {@code N × N} slice per detector row.
 */
public final class FbpStageFactory implements StageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.fbp";
    /** Parameter: rotation axis position in detector columns; none = columns / 2. */
    public static final String CENTER = "centerOfRotation";
    /** Parameter: ramp filter id. */
    public static final String FILTER = "filter";
    /** Parameter: slice edge in pixels; 0 = the detector width. */
    public static final String OUTPUT_SIZE = "outputSize";

    /** What to tell a scientist whose file has no angles. */
    static final String NO_ANGLES_HINT = "add the angles to the file (Data Exchange: /exchange/theta, in degrees "
            + "or radians), or set the reader option evenSpacingDegrees=180 (or 360) to assume even spacing, "
            + "or anglesFile=FILE";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Filtered back-projection";
    }

    @Override
    public String description() {
        return "Reconstructs slices from −log'ed projections: ramp filter (with an optional window), then "
                + "back-projection over the measured angles. Values are attenuation per pixel length.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                new ParamSpec(CENTER, "Center of rotation", ParamType.DOUBLE, null, -1e6, 1e6, "px",
                        "Rotation axis position in detector columns (0 = centre of the first column; fractions "
                                + "allowed). Empty: the detector middle, columns / 2. A center finder may set it.",
                        List.of(), ""),
                ParamSpec.ofChoice(FILTER, "Filter", RampFilter.RAM_LAK_TAPER.id(), RampFilter.ids(),
                        "Ramp filter window: ram-lak-taper (default) is the ramp with only the top of the band "
                                + "damped, the most accurate; ram-lak is the plain ramp; shepp-logan, cosine, "
                                + "hamming, hann and parzen smooth progressively more, for noisy data."),
                ParamSpec.ofInt(OUTPUT_SIZE, "Slice size", 0, 0, 65536, "px",
                        "Edge of the square slice, centred on the rotation axis; 0 = the detector width."));
    }

    @Override
    public Set<DataKind> inputKinds() {
        return Set.of(DataKind.PROJECTIONS);
    }

    @Override
    public DataKind outputKind(DataKind input) {
        return DataKind.VOLUME;
    }

    /** (angles, rows, columns) → (rows, N, N). */
    @Override
    public long[] outputShape(long[] inputShape, ParamValues params) {
        long n = size(params, inputShape[2]);
        return new long[] {inputShape[1], n, n};
    }

    /** Sinogram slabs along rows become slices (row, y, x), streamed along axis 0. */
    @Override
    public int outputStreamAxis(int inputStreamAxis, ParamValues params) {
        return 0;
    }

    /** Whole sinograms: projections streamed along detector rows. */
    @Override
    public OptionalInt streamAxis(DataKind input) {
        return input == DataKind.PROJECTIONS ? OptionalInt.of(1) : OptionalInt.empty();
    }

    private static int size(ParamValues params, long columns) {
        int n = params.asMap().get(OUTPUT_SIZE) == null ? 0 : params.getInt(OUTPUT_SIZE);
        return n > 0 ? n : Math.toIntExact(columns);
    }

    /** The axis position the parameters ask for, or the detector middle. */
    static double center(ParamValues params, int columns) {
        Object c = params.asMap().get(CENTER);
        return c == null ? columns / 2.0 : ((Number) c).doubleValue();
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) throws StageException {
        RampFilter filter;
        try {
            filter = RampFilter.of(params.getString(FILTER) == null ? RampFilter.RAM_LAK_TAPER.id()
                    : params.getString(FILTER));
        } catch (IllegalArgumentException e) {
            throw new StageException(ID, e.getMessage(), e);
        }
        return new Fbp(params, FbpReconstructor.forDevice(environment.compute(), filter));
    }

    /** The configured stage; holds the reconstructor (device buffers, plan) for the whole run. */
    private static final class Fbp implements Stage {
        private final ParamValues params;
        private final FbpReconstructor reconstructor;

        Fbp(ParamValues params, FbpReconstructor reconstructor) {
            this.params = params;
            this.reconstructor = reconstructor;
        }

        @Override
        public Chunk run(Chunk input, Progress progress, Cancellation cancel)
                throws StageException, Cancellation.CancelledException {
            FloatBlock b = input.block();
            int[] shape = b.shape();
            if (shape.length != 3 || input.streamAxis() != 1 || b.origin()[0] != 0 || b.origin()[2] != 0) {
                throw new StageException(ID, "expected whole sinograms (all angles and columns of a slab of rows), "
                        + "got a block of shape " + java.util.Arrays.toString(shape) + " at "
                        + java.util.Arrays.toString(b.origin()) + " streamed along axis " + input.streamAxis());
            }
            int angles = shape[0];
            int rows = shape[1];
            int cols = shape[2];
            double[] theta = input.source().vector("angles").orElseThrow(() -> new StageException(ID,
                    "no rotation angles in " + input.source().file() + ": reconstruction needs one angle per "
                            + "projection; " + NO_ANGLES_HINT));
            if (theta.length != angles) {
                throw new StageException(ID, input.source().file() + " has " + theta.length + " angles for " + angles
                        + " projections; they must match one to one");
            }
            double center = center(params, cols);
            if (!(center > -cols && center < 2.0 * cols)) {
                throw new StageException(ID, String.format(Locale.ROOT, "center of rotation %.2f px is far outside "
                        + "the detector (0 … %d px); check the value or run a center finder", center, cols - 1));
            }
            int n = size(params, cols);
            ReconstructionGeometry g = new ReconstructionGeometry(theta, cols, center, n);
            float[] sinos = toSinograms(b.data(), angles, rows, cols);
            long row0 = b.origin()[1];
            float[] slices = reconstructor.reconstruct(sinos, rows, g, (f, m) -> progress.update(f,
                    "FBP rows " + row0 + "–" + (row0 + rows - 1) + " on " + reconstructor.deviceId() + ": " + m), cancel);
            return new Chunk(new FloatBlock(slices, new int[] {rows, n, n}, new long[] {row0, 0, 0}), DataKind.VOLUME, 0,
                    input.source());
        }

        @Override
        public void close() {
            reconstructor.close();
        }
    }

    /** (angle, row, column) → (row, angle, column). */
    static float[] toSinograms(float[] projections, int angles, int rows, int cols) {
        float[] out = new float[projections.length];
        java.util.stream.IntStream.range(0, rows).parallel().forEach(r -> {
            for (int a = 0; a < angles; a++) {
                System.arraycopy(projections, (a * rows + r) * cols, out, (r * angles + a) * cols, cols);
            }
        });
        return out;
    }
}
