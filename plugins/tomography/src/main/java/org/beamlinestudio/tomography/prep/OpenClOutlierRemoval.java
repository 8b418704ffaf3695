package org.beamlinestudio.tomography.prep;

import org.beamlinestudio.opencl.DeviceBuffer;
import org.beamlinestudio.opencl.KernelTiming;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClKernel;
import org.jocl.cl_program;

/**
 * {@link OutlierRemoval} on an OpenCL device ({@code outliers.cl}); twin of {@link JavaOutlierRemoval}.
 * The slab goes to the device whole (input and output buffers); the pipeline's chunk budget bounds
 * it. Counting replaced pixels is done on the host by comparing bits. Synchronized: one run at a
 * time per instance.
 */
public final class OpenClOutlierRemoval implements OutlierRemoval {

    private static final int PAD = 16;
    private final OpenClContext context;
    private final boolean ownsContext;
    private final cl_program program;
    private final OutlierSettings settings;
    private KernelTiming lastTiming;

    /** Opens its own context on the device with this id. */
    public static OpenClOutlierRemoval open(String deviceId, OutlierSettings settings) {
        OpenClContext context = OpenClContext.open(deviceId);
        try {
            return new OpenClOutlierRemoval(context, true, settings);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** Uses a context the caller owns. */
    public OpenClOutlierRemoval(OpenClContext context, OutlierSettings settings) {
        this(context, false, settings);
    }

    private OpenClOutlierRemoval(OpenClContext context, boolean ownsContext, OutlierSettings settings) {
        this.context = context;
        this.ownsContext = ownsContext;
        this.settings = settings;
        this.program = context.program(OpenClOutlierRemoval.class, "outliers.cl");
    }

    @Override
    public synchronized long apply(float[] in, int angles, int rows, int cols, float[] out) {
        JavaOutlierRemoval.check(in, angles, rows, cols, out);
        if (in.length == 0) {
            return 0;
        }
        float threshold = settings.mode() == OutlierSettings.Mode.MAD ? JavaOutlierRemoval.madFactor(settings)
                : (float) settings.threshold();
        int mode = settings.mode().ordinal();
        try (DeviceBuffer src = context.upload(in);
             DeviceBuffer dst = context.allocateFloats(in.length);
             OpenClKernel kernel = context.kernel(program, "remove_outliers")) {
            kernel.arg(0, src).arg(1, dst).arg(2, angles).arg(3, rows).arg(4, cols).arg(5, settings.size())
                    .arg(6, settings.window() == OutlierSettings.Window.ANGLES ? 0 : 1).arg(7, mode)
                    .arg(8, settings.sign().code()).arg(9, threshold);
            long paddedCols = (cols + PAD - 1L) / PAD * PAD;
            lastTiming = context.run(kernel, paddedCols, rows, angles);
            context.read(dst, out, 0, out.length);
        }
        long replaced = 0;
        for (int i = 0; i < in.length; i++) {
            if (Float.floatToRawIntBits(in[i]) != Float.floatToRawIntBits(out[i])) {
                replaced++;
            }
        }
        return replaced;
    }

    /** Device time of the last run. */
    public synchronized KernelTiming lastTiming() {
        return lastTiming;
    }

    @Override
    public String deviceId() {
        return context.device().id();
    }

    @Override
    public void close() {
        if (ownsContext) {
            context.close();
        }
    }
}
