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
 * Sets every voxel of a reconstructed slice outside a centred disk to a value (0 by default). The
 * disk follows the reconstruction conventions ({@code ReconstructionGeometry}) and the quality
 * metrics' {@code diskMask}: pixel (i, k) of an H × W slice is inside when
 * {@code (k − W/2)² + (i − H/2)² ≤ (ratio · min(H, W)/2)²}. Apply it to whole reconstructed slices,
 * before any crop.
 */
public final class CircularMaskStageFactory implements StageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.mask";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Circular mask";
    }

    @Override
    public String description() {
        return "Sets the voxels of each reconstructed slice outside a centred disk (a fraction of the half-width) "
                + "to a fixed value, where the reconstruction saw the object from only some angles.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.ofDouble("ratio", "Disk radius", 0.95, 0.0, 1.0, "",
                        "Radius of the kept disk as a fraction of half the slice width (1 = the inscribed circle)."),
                ParamSpec.ofDouble("value", "Outside value", 0.0, null, null, "",
                        "Value written outside the disk."));
    }

    @Override
    public Set<DataKind> inputKinds() {
        return Set.of(DataKind.VOLUME);
    }

    @Override
    public OptionalInt streamAxis(DataKind input) {
        return OptionalInt.of(0);
    }

    /** Whether pixel (row i, column k) of an {@code h × w} slice is kept. */
    public static boolean inside(int i, int k, int h, int w, double ratio) {
        double r = ratio * Math.min(h, w) / 2.0;
        double dx = k - w / 2.0;
        double dy = i - h / 2.0;
        return dx * dx + dy * dy <= r * r;
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) {
        double ratio = params.getDouble("ratio");
        float value = (float) params.getDouble("value");
        return (input, progress, cancel) -> {
            FloatBlock b = input.block();
            if (b.rank() != 3 || input.streamAxis() != 0) {
                throw new StageException(ID, "needs whole slices (z, y, x) streamed along z; got " + b
                        + " streamed along axis " + input.streamAxis());
            }
            int[] s = b.shape();
            int h = s[1];
            int w = s[2];
            float[] out = b.data().clone();
            for (int z = 0; z < s[0]; z++) {
                cancel.check();
                int base = z * h * w;
                for (int i = 0; i < h; i++) {
                    for (int k = 0; k < w; k++) {
                        if (!inside(i, k, h, w, ratio)) {
                            out[base + i * w + k] = value;
                        }
                    }
                }
            }
            progress.update(1, "masked " + s[0] + " slice(s)");
            return input.withData(out);
        };
    }
}
