package org.beamlinestudio.tomography.stages.geometry;

import java.util.List;
import java.util.Optional;
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

/**
 * 360° offset-axis (half-acquisition) stitching: a full-turn scan whose rotation axis sits near one
 * edge of the detector becomes a half-turn scan about twice as wide (see {@link HalfAcquisition}).
 * The output has the first half's angles; the chunks it returns carry a {@link DerivedSource} whose
 * {@code vector("angles")} is those angles, so a later reconstruction reads the right ones. The
 * rotation axis of the output is at {@link HalfAcquisition#stitchedCenter()}. Use it on line
 * integrals (after −log) or on transmission alike; it needs all angles of each sinogram (streamed
 * along rows).
 */
public final class Stitch360StageFactory implements StageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.stitch360";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "360° offset-axis stitching";
    }

    @Override
    public String description() {
        return "Turns a 360° scan with the rotation axis near a detector edge into a 180° scan of about twice "
                + "the width: the second half-turn is mirrored and blended linearly into the overlap.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.ofDouble("axisColumn", "Rotation axis", 0.0, 0.0, 1e6, "px",
                        "Column of the rotation axis on the 360° detector (0 = centre of the first column)."),
                ParamSpec.ofChoice("side", "Axis near", "left", List.of("left", "right"),
                        "Which detector edge the rotation axis is near: left = column 0."));
    }

    @Override
    public Set<DataKind> inputKinds() {
        // Projections only: outputShape() cannot tell a (row, angle, column) sinogram stack apart.
        return Set.of(DataKind.PROJECTIONS);
    }

    @Override
    public OptionalInt streamAxis(DataKind input) {
        return OptionalInt.of(1);
    }

    /** The stitching geometry for a detector of {@code columns} columns. */
    public static HalfAcquisition geometry(int columns, ParamValues params) {
        return new HalfAcquisition(columns, params.getDouble("axisColumn"), "left".equals(params.getString("side")));
    }

    @Override
    public long[] outputShape(long[] inputShape, ParamValues params) {
        long[] out = inputShape.clone();
        out[0] = inputShape[0] / 2;
        int last = out.length - 1;
        try {
            out[last] = geometry(Math.toIntExact(inputShape[last]), params).width();
        } catch (IllegalArgumentException e) {
            // Invalid together with this input: create()/run() report it; keep the shape plausible.
            out[last] = inputShape[last];
        }
        return out;
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) {
        return new Stitch(params.getDouble("axisColumn"), "left".equals(params.getString("side")));
    }

    /**
     * The source downstream stages see after stitching {@code nAngles} projections: its
     * {@code "angles"} are the first half-turn (what each output chunk carries). For a runner that
     * re-chunks between stages and must carry the geometry across.
     *
     * @throws StageException when the angles are not a full turn of θ, θ + 180° pairs
     */
    public static DerivedSource outputSource(org.beamlinestudio.core.plugin.OpenedSource source, int nAngles)
            throws StageException {
        if (nAngles % 2 != 0) {
            throw new StageException(ID, nAngles + " projections: a full turn must have an even number of angles");
        }
        return DerivedSource.of(source).withVector("angles", Stitch.halfAngles(source, nAngles));
    }

    /** The configured stage. */
    private static final class Stitch implements Stage {
        private final double axis;
        private final boolean left;

        Stitch(double axis, boolean left) {
            this.axis = axis;
            this.left = left;
        }

        @Override
        public Chunk run(Chunk input, Progress progress, Cancellation cancel)
                throws StageException, Cancellation.CancelledException {
            FloatBlock b = input.block();
            if (b.rank() != 3) {
                throw new StageException(ID, "expects a 3-D block, got " + b);
            }
            boolean projections = input.kind() != DataKind.SINOGRAMS;
            int angleAxis = projections ? 0 : 1;
            int rowAxis = projections ? 1 : 0;
            if (input.streamAxis() == angleAxis) {
                throw new StageException(ID, "needs every angle of each sinogram, but the pipeline streams along the "
                        + "angle axis; stream along rows");
            }
            int[] shape = b.shape();
            int nAngles = shape[angleAxis];
            int rows = shape[rowAxis];
            int cols = shape[2];
            if (nAngles % 2 != 0) {
                throw new StageException(ID, nAngles + " projections: a full turn must have an even number of "
                        + "equally spaced angles so that each θ has its θ + 180°");
            }
            HalfAcquisition g;
            try {
                g = new HalfAcquisition(cols, axis, left);
            } catch (IllegalArgumentException e) {
                throw new StageException(ID, e.getMessage(), e);
            }
            int half = nAngles / 2;
            double[] halfAngles = halfAngles(input.source(), nAngles);
            int w = g.width();
            int[] outShape = shape.clone();
            outShape[angleAxis] = half;
            outShape[2] = w;
            float[] out = new float[half * rows * w];
            // Element (angle, row) of a 3-D block, columns contiguous.
            int inAngleStride = projections ? rows * cols : cols;
            int inRowStride = projections ? cols : nAngles * cols;
            int outAngleStride = projections ? rows * w : w;
            int outRowStride = projections ? w : half * w;
            for (int r = 0; r < rows; r++) {
                cancel.check();
                for (int a = 0; a < half; a++) {
                    g.stitch(b.data(), a * inAngleStride + r * inRowStride, (a + half) * inAngleStride + r * inRowStride,
                            out, a * outAngleStride + r * outRowStride);
                }
            }
            long[] origin = b.origin().clone();
            origin[2] = 0;
            progress.update(1, "stitched " + nAngles + " angles × " + cols + " columns → " + half + " × " + w);
            DerivedSource src = input.source() == null ? null
                    : DerivedSource.of(input.source()).withVector("angles", halfAngles);
            return new Chunk(new FloatBlock(out, outShape, origin), input.kind(), input.streamAxis(), src);
        }

        /**
         * The first half of the source's angles, after checking that the second half is the first + π;
         * evenly spaced [0, π) when the source has no angles (or not one per projection).
         */
        private static double[] halfAngles(org.beamlinestudio.core.plugin.OpenedSource source, int nAngles)
                throws StageException {
            int half = nAngles / 2;
            Optional<double[]> angles = source == null ? Optional.empty() : source.vector("angles");
            double[] out = new double[half];
            if (angles.isEmpty() || angles.get().length != nAngles) {
                for (int k = 0; k < half; k++) {
                    out[k] = Math.PI * k / half;
                }
                return out;
            }
            double[] a = angles.get();
            double step = Math.abs(a[Math.min(1, nAngles - 1)] - a[0]);
            double tolerance = Math.max(1e-6, 0.25 * step);
            for (int k = 0; k < half; k++) {
                double d = a[k + half] - a[k] - Math.PI;
                if (Math.abs(d) > tolerance) {
                    throw new StageException(ID, String.format(
                            "projection %d is at %.4f° and projection %d at %.4f°: stitching needs the second half "
                                    + "of the angles to be the first half + 180°", k, Math.toDegrees(a[k]), k + half,
                            Math.toDegrees(a[k + half])));
                }
                out[k] = a[k];
            }
            return out;
        }
    }
}
