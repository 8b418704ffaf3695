package org.beamlinestudio.tomography.stages.geometry;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.core.stage.StageFactory;

/**
 * Keeps a rectangle of every slice of a volume: rows {@code yFrom … yFrom+height−1}, columns
 * {@code xFrom … xFrom+width−1} (0 for width/height = up to the edge). The output is renumbered from
 * 0 in y and x; z is untouched.
 */
public final class CropStageFactory implements StageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.crop";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Crop slices";
    }

    @Override
    public String description() {
        return "Keeps a rectangle of every slice of the volume, e.g. the region of interest around the sample.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.ofInt("xFrom", "First column", 0, 0, null, "px", "First kept column (x) of each slice."),
                ParamSpec.ofInt("yFrom", "First row", 0, 0, null, "px", "First kept row (y) of each slice."),
                ParamSpec.ofInt("width", "Width", 0, 0, null, "px",
                        "Kept columns; 0 keeps every column from the first kept one to the edge."),
                ParamSpec.ofInt("height", "Height", 0, 0, null, "px",
                        "Kept rows; 0 keeps every row from the first kept one to the edge."));
    }

    @Override
    public Set<DataKind> inputKinds() {
        return Set.of(DataKind.VOLUME);
    }

    @Override
    public OptionalInt streamAxis(DataKind input) {
        return OptionalInt.of(0);
    }

    /** Kept length of an axis of {@code n} from {@code from} with requested {@code count} (0 = to the end). */
    static int kept(long n, int from, int count) {
        return (int) (count == 0 ? Math.max(0, n - from) : count);
    }

    @Override
    public long[] outputShape(long[] inputShape, ParamValues params) {
        long[] out = inputShape.clone();
        out[1] = kept(inputShape[1], params.getInt("yFrom"), params.getInt("height"));
        out[2] = kept(inputShape[2], params.getInt("xFrom"), params.getInt("width"));
        return out;
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) {
        int x0 = params.getInt("xFrom");
        int y0 = params.getInt("yFrom");
        int wReq = params.getInt("width");
        int hReq = params.getInt("height");
        return (input, progress, cancel) -> {
            FloatBlock b = input.block();
            if (b.rank() != 3 || input.streamAxis() != 0) {
                throw new StageException(ID, "needs whole slices (z, y, x) streamed along z; got " + b
                        + " streamed along axis " + input.streamAxis());
            }
            int[] s = b.shape();
            int h = kept(s[1], y0, hReq);
            int w = kept(s[2], x0, wReq);
            if (y0 + h > s[1] || x0 + w > s[2] || h == 0 || w == 0) {
                throw new StageException(ID, String.format("the rectangle x %d–%d, y %d–%d is not inside the %d × %d "
                        + "slices (x 0–%d, y 0–%d)", x0, x0 + w - 1, y0, y0 + h - 1, s[2], s[1], s[2] - 1, s[1] - 1));
            }
            float[] out = new float[s[0] * h * w];
            for (int z = 0; z < s[0]; z++) {
                cancel.check();
                for (int i = 0; i < h; i++) {
                    System.arraycopy(b.data(), (z * s[1] + y0 + i) * s[2] + x0, out, (z * h + i) * w, w);
                }
            }
            long[] origin = {b.origin()[0], 0, 0};
            progress.update(1, "cropped to " + w + " × " + h);
            return input.with(new FloatBlock(out, new int[] {s[0], h, w}, origin), input.kind());
        };
    }
}
