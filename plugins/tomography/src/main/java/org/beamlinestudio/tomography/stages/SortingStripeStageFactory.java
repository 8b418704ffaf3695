package org.beamlinestudio.tomography.stages;

import java.util.List;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.DeviceChoice;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.opencl.OpenClDevices;
import org.beamlinestudio.tomography.prep.OpenClSortingStripeRemoval;
import org.beamlinestudio.tomography.prep.SortingStripeRemoval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sorting-based stripe (ring) removal of Vo et al. (2018), per sinogram. */
public final class SortingStripeStageFactory extends SinogramStageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.stripes.sorting";

    private static final Logger LOG = LoggerFactory.getLogger(SortingStripeStageFactory.class);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Stripe removal (sorting)";
    }

    @Override
    public String description() {
        return "Removes partial and full stripes (rings in the reconstruction) by sorting each detector pixel's "
                + "values over angles, median-filtering across neighbouring pixels and unsorting (Vo et al. 2018). "
                + "Works on line integrals (after −log).";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.ofInt("size", "Median size", 21, 3, 1001, "px",
                "Width of the median filter across columns, odd; larger than the widest stripe, larger is stronger "
                        + "(Algotom's default 21)."));
    }

    /**
     * Runs on OpenCL ({@link OpenClSortingStripeRemoval}, bit-identical to Java) when the device choice is a
     * GPU, or an OpenCL device named explicitly, and the window fits the kernel; otherwise in Java. On a CPU
     * OpenCL device the Java code is the faster one (PoCL, 2 cores: 2.0 s against 0.7 s per 2048 × 1500
     * sinogram), so "auto" without a GPU stays on Java. A failed device run is redone in Java.
     */
    @Override
    public Stage create(ParamValues params, StageEnvironment environment) throws StageException {
        int size = params.getInt("size");
        requireOdd(ID, size);
        OpenClSortingStripeRemoval device = openDevice(environment.compute(), size);
        return new Stage() {
            private OpenClSortingStripeRemoval cl = device;

            @Override
            public Chunk run(Chunk input, Progress progress, Cancellation cancel)
                    throws StageException, Cancellation.CancelledException {
                SinogramSlab.requireSinograms(ID, input);
                FloatBlock b = input.block();
                int cols = b.shape()[2];
                int window = Math.min(size, oddAtMost(cols));
                if (cl != null) {
                    try {
                        cancel.check();
                        float[] out = cl.correct(b.data(), b.shape()[0], b.shape()[1], cols, window);
                        progress.update(1, "stripes removed on " + cl.deviceId());
                        return input.withData(out);
                    } catch (RuntimeException e) {
                        LOG.warn("Sorting stripe removal failed on {}: {}; switching to plain Java", cl.deviceId(),
                                e.getMessage());
                        cl.close();
                        cl = null;
                    }
                }
                return SinogramSlab.map(ID, input,
                        (sino, angles, c) -> SortingStripeRemoval.correct(sino, angles, c, window), progress, cancel);
            }

            @Override
            public void close() {
                if (cl != null) {
                    cl.close();
                }
            }
        };
    }

    private static OpenClSortingStripeRemoval openDevice(String preference, int size) {
        if (size > OpenClSortingStripeRemoval.MAX_SIZE) {
            return null;
        }
        DeviceChoice choice = OpenClDevices.chooseDevice(preference);
        ComputeDevice device = choice.chosen();
        boolean named = preference != null && device.id().equalsIgnoreCase(preference.trim());
        if (device.type() == ComputeDevice.Type.JAVA || (device.type() != ComputeDevice.Type.GPU && !named)) {
            return null;
        }
        try {
            return OpenClSortingStripeRemoval.open(device.id());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Sorting stripe removal cannot run on {}: {}; using plain Java", device.id(), e.getMessage());
            return null;
        }
    }

    static void requireOdd(String id, int size) throws StageException {
        if (size % 2 == 0) {
            throw new StageException(id, "the median size must be odd (a window centred on the pixel), was " + size
                    + "; use " + (size + 1));
        }
    }

    /** The largest odd window that fits {@code n} columns (≥ 3), so narrow test sinograms still work. */
    static int oddAtMost(int n) {
        int m = n % 2 == 0 ? n - 1 : n;
        return Math.max(3, m);
    }
}
