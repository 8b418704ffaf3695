package org.beamlinestudio.tomography.stages.phase;

import org.beamlinestudio.opencl.DeviceBuffer;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClKernel;
import org.jocl.cl_program;

/**
 * Paganin filtering with the filter multiplication on an OpenCL device ({@code paganin.cl}); the
 * FFTs stay in JTransforms (no clFFT dependency). Twin: {@link JavaPaganinFilter#multiplyJava}.
 * One padded spectrum at a time travels to the device, so device memory is bounded by one
 * padded projection (8 bytes per padded pixel).
 */
public final class OpenClPaganinFilter extends JavaPaganinFilter {

    static final String KERNEL = "paganin_multiply";
    private static final int PAD = 16;

    private final OpenClContext context;
    private final cl_program program;
    private DeviceBuffer buffer;
    private OpenClKernel kernel;

    /**
     * Opens a context on the device with this id.
     *
     * @throws org.beamlinestudio.opencl.OpenClException when the device is not usable or the kernel does not build
     */
    public OpenClPaganinFilter(String deviceId, PaganinParameters parameters) {
        super(parameters);
        this.context = OpenClContext.open(deviceId);
        try {
            this.program = context.program(OpenClPaganinFilter.class, "paganin.cl");
            this.kernel = context.kernel(program, KERNEL);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    @Override
    protected void multiply(float[] spec, int pr, int pc, float alphaPx) {
        if (buffer == null || buffer.floats() < spec.length) {
            if (buffer != null) {
                buffer.close();
            }
            buffer = context.allocateFloats(spec.length);
        }
        context.write(buffer, spec, 0, spec.length);
        kernel.arg(0, buffer).arg(1, pr).arg(2, pc).arg(3, alphaPx);
        context.run(kernel, (pc + PAD - 1L) / PAD * PAD, pr);
        context.read(buffer, spec, 0, spec.length);
    }

    @Override
    public String deviceId() {
        return context.device().id();
    }

    @Override
    public synchronized void close() {
        if (kernel != null) {
            kernel.close();
            kernel = null;
        }
        if (buffer != null) {
            buffer.close();
            buffer = null;
        }
        context.close();
    }
}
