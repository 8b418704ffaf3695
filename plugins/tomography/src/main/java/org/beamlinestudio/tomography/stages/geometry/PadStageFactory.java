package org.beamlinestudio.tomography.stages.geometry;

import java.util.List;
import java.util.Set;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageFactory;

/**
 * Pads detector columns on both sides, as reconstruction does against the truncation artefacts
 * of an object larger than the field of view. The original columns are copied unchanged; the axis
 * moves right by the left pad ({@link Padding#paddedCenter}): give the reconstruction the padded
 * centre and {@code size} = the original columns to keep the same field of view.
 * Modes: {@code edge} repeats the first/last column, {@code zero} writes 0, {@code fade} goes
 * linearly from the edge value (next to the data) to 0 at the outermost padded column.
 */
public final class PadStageFactory implements StageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.pad";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Pad columns";
    }

    @Override
    public String description() {
        return "Widens each detector row on both sides (edge values, zeros or a linear fade to zero) against "
                + "truncation artefacts; the rotation axis moves right by the left pad.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.ofDouble("factor", "Width factor", 2.0, 1.0, 8.0, "×",
                        "Padded width as a multiple of the detector width (rounded up), split evenly between the sides."),
                ParamSpec.ofChoice("mode", "Pad with", "edge", List.of("edge", "zero", "fade"),
                        "edge: repeat the outermost column; zero: zeros; fade: from the outermost value linearly "
                                + "down to 0 at the new edge."));
    }

    @Override
    public Set<DataKind> inputKinds() {
        return Set.of(DataKind.PROJECTIONS, DataKind.SINOGRAMS);
    }

    @Override
    public long[] outputShape(long[] inputShape, ParamValues params) {
        long[] out = inputShape.clone();
        int last = out.length - 1;
        out[last] = Padding.of(Math.toIntExact(inputShape[last]), params.getDouble("factor")).width();
        return out;
    }

    /** The padding this stage applies to rows of {@code columns} columns. */
    public static Padding padding(int columns, ParamValues params) {
        return Padding.of(columns, params.getDouble("factor"));
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) {
        double factor = params.getDouble("factor");
        String mode = params.getString("mode");
        return (input, progress, cancel) -> {
            FloatBlock b = input.block();
            int last = b.rank() - 1;
            int cols = b.shape()[last];
            if (cols == 0) {
                return input;
            }
            Padding p = Padding.of(cols, factor);
            float[] out = pad(b.data(), cols, p, mode, cancel);
            int[] shape = b.shape().clone();
            shape[last] = p.width();
            long[] origin = b.origin().clone();
            origin[last] = 0;
            progress.update(1, "padded " + cols + " → " + p.width() + " columns");
            return input.with(new FloatBlock(out, shape, origin), input.kind());
        };
    }

    /** Pads every row of {@code cols} values in {@code data}. */
    static float[] pad(float[] data, int cols, Padding p, String mode, Cancellation cancel)
            throws Cancellation.CancelledException {
        int lines = data.length / cols;
        int w = p.width();
        float[] out = new float[lines * w];
        for (int l = 0; l < lines; l++) {
            if ((l & 1023) == 0) {
                cancel.check();
            }
            int src = l * cols;
            int dst = l * w;
            System.arraycopy(data, src, out, dst + p.left(), cols);
            float first = data[src];
            float lastValue = data[src + cols - 1];
            for (int d = 1; d <= p.left(); d++) {
                out[dst + p.left() - d] = value(first, d, p.left(), mode);
            }
            for (int d = 1; d <= p.right(); d++) {
                out[dst + p.left() + cols - 1 + d] = value(lastValue, d, p.right(), mode);
            }
        }
        return out;
    }

    /** The value {@code d} columns out from an edge holding {@code edge}, on a side padded by {@code n}. */
    private static float value(float edge, int d, int n, String mode) {
        switch (mode) {
            case "zero":
                return 0f;
            case "fade":
                return (float) (edge * (double) (n - d) / n);
            default:
                return edge;
        }
    }
}
