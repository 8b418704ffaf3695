package org.beamlinestudio.tomography.stages;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.tomography.recon.ReconstructionGeometry;
import org.beamlinestudio.tomography.recon.Reconstructor;

/**
 * What every reconstruction stage shares: its common parameters, its shapes and stream axis, and
 * the run that turns a slab of projections (angles, rows, columns) into a slab of slices
 * (rows, N, N) with the source's angles.
 */
final class ReconstructionStage implements Stage {

    static final String CENTER = "centerOfRotation";
    static final String SIZE = "outputSize";

    private final String stageId;
    private final Reconstructor reconstructor;
    private final Double center;
    private final int outputSize;

    ReconstructionStage(String stageId, Reconstructor reconstructor, ParamValues params) {
        this.stageId = stageId;
        this.reconstructor = reconstructor;
        this.center = params.asMap().get(CENTER) == null ? null : params.getDouble(CENTER);
        this.outputSize = params.asMap().get(SIZE) == null ? 0 : params.getInt(SIZE);
    }

    /** Centre of rotation and output size, first in every reconstruction stage's form. */
    static List<ParamSpec> commonParams() {
        return List.of(
                new ParamSpec(CENTER, "Center of rotation", org.beamlinestudio.core.stage.ParamType.DOUBLE, null,
                        -1e6, 1e6, "px", "Detector column (fractional allowed) on which the rotation axis projects; "
                        + "empty means the middle of the detector, columns / 2.", List.of(), ""),
                ParamSpec.ofInt(SIZE, "Output size", 0, 0, 65536, "px",
                        "Edge of the square slices, centred on the rotation axis; 0 means the detector width."));
    }

    static Set<DataKind> inputKinds() {
        return Set.of(DataKind.PROJECTIONS);
    }

    static OptionalInt streamAxis(DataKind input) {
        return input == DataKind.PROJECTIONS ? OptionalInt.of(1) : OptionalInt.empty();
    }

    /** (angles, rows, columns) → (rows, N, N). */
    static long[] outputShape(long[] in, ParamValues params) {
        if (in.length != 3) {
            throw new IllegalArgumentException("projections must be (angles, rows, columns), got rank " + in.length);
        }
        long n = params.getInt(SIZE) == 0 ? in[2] : params.getInt(SIZE);
        return new long[] {in[1], n, n};
    }

    @Override
    public Chunk run(Chunk input, Progress progress, Cancellation cancel)
            throws StageException, Cancellation.CancelledException {
        FloatBlock b = input.block();
        int[] shape = b.shape();
        if (shape.length != 3) {
            throw new StageException(stageId, "expected a slab of projections (angles, rows, columns), got shape "
                    + java.util.Arrays.toString(shape));
        }
        int na = shape[0];
        int rows = shape[1];
        int cols = shape[2];
        double[] angles = angles(input.source(), na);
        int n = outputSize == 0 ? cols : outputSize;
        double c = center == null ? cols / 2.0 : center;
        if (!(c > -cols && c < 2.0 * cols)) {
            throw new StageException(stageId, String.format(Locale.ROOT, "center of rotation %.2f px is far outside "
                    + "the detector (0 … %d px); check the value or run a center finder", c, cols - 1));
        }
        ReconstructionGeometry g = new ReconstructionGeometry(angles, cols, c, n);
        float[] sino = toSinograms(b.data(), na, rows, cols);
        long row0 = b.origin().length > 1 ? b.origin()[1] : 0;
        Progress sub = (f, m) -> progress.update(f, String.format(Locale.ROOT, "rows %d–%d on %s: %s", row0,
                row0 + rows - 1, reconstructor.deviceId(), m));
        float[] slices = reconstructor.reconstruct(sino, rows, g, sub, cancel);
        return new Chunk(new FloatBlock(slices, new int[] {rows, n, n}, new long[] {row0, 0, 0}), DataKind.VOLUME, 0,
                input.source());
    }

    /** The axis position the parameters ask for, or the detector middle. */
    static double center(ParamValues params, int columns) {
        Object c = params.asMap().get(CENTER);
        return c == null ? columns / 2.0 : ((Number) c).doubleValue();
    }

    /** (angle, row, column) → (row, angle, column): one sinogram per slice. */
    static float[] toSinograms(float[] projections, int angles, int rows, int cols) {
        float[] out = new float[projections.length];
        java.util.stream.IntStream.range(0, rows).parallel().forEach(r -> {
            for (int a = 0; a < angles; a++) {
                System.arraycopy(projections, (a * rows + r) * cols, out, (r * angles + a) * cols, cols);
            }
        });
        return out;
    }

    private double[] angles(OpenedSource source, int na) throws StageException {
        double[] angles = source == null ? null : source.vector("angles").orElse(null);
        if (angles == null) {
            throw new StageException(stageId, "no rotation angles"
                    + (source == null ? "" : " in " + source.file() + " (read by " + source.readerId() + ")")
                    + ": reconstruction needs one angle per projection; add the angles to the file (Data Exchange: "
                    + "/exchange/theta, in degrees or radians), or set the reader option evenSpacingDegrees=180 "
                    + "(or 360) to assume even spacing, or anglesFile=FILE");
        }
        if (angles.length != na) {
            throw new StageException(stageId, "the scan has " + angles.length + " rotation angles but " + na
                    + " projections in this slab; the angles must match the projections one to one");
        }
        return angles;
    }

    @Override
    public void close() {
        reconstructor.close();
    }

    /** Makes the stage, mapping a bad parameter combination to a StageException. */
    static Stage create(String stageId, Supplier<Reconstructor> make, ParamValues params) throws StageException {
        try {
            return new ReconstructionStage(stageId, make.get(), params);
        } catch (IllegalArgumentException e) {
            throw new StageException(stageId, e.getMessage(), e);
        }
    }
}
