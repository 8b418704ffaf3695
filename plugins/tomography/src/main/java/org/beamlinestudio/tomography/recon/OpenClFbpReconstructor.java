package org.beamlinestudio.tomography.recon;

import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clFinish;

import java.util.ArrayList;
import java.util.List;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.opencl.DeviceBuffer;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClException;
import org.beamlinestudio.opencl.OpenClKernel;
import org.jocl.cl_program;

/**
 * Filtered back-projection with the back-projection on an OpenCL device ({@code fbp.cl}); twin of
 * {@link JavaFbpReconstructor}. Filtering (FFTs) runs on the host with the same {@link FbpPlan}.
 *
 * <p>Two kernels: on CPU devices (PoCL) each work-item computes 16 consecutive pixels with float16
 * arithmetic (PoCL does not vectorise across work-items through the angle loop; explicit vectors
 * become AVX-512 instructions and 64-bit gathers), on other devices one pixel per work-item.
 *
 * <p>Per slice: the filtered sinogram is uploaded, the kernel runs over the (work-group padded)
 * output grid in batches of at most {@value #ANGLES_PER_BATCH} angles (their (cos, sin) table lives
 * in {@code __constant} memory, which every device has 64 KiB of), and the slice is read back.
 * Device memory: one filtered sinogram (angles × {@link FbpPlan#width()} floats) and one slice.
 */
public final class OpenClFbpReconstructor implements FbpReconstructor {

    /** One work-item per pixel: GPUs. */
    static final String KERNEL = "fbp_backproject";
    /** Sixteen pixels per work-item: CPU devices (PoCL). */
    static final String KERNEL_16 = "fbp_backproject16";
    static final int ANGLES_PER_BATCH = 4096;

    private final String kernelName;
    /** Pixels per work-item along x. */
    private final int vector;
    /** Work-group shape in work-items. */
    private final int groupX;
    private final int groupY;

    private final OpenClContext context;
    private final boolean ownsContext;
    private final RampFilter filter;
    private final cl_program program;
    private FbpPlan plan;
    private DeviceBuffer qBuffer;
    private DeviceBuffer outBuffer;
    private final List<DeviceBuffer> trigBuffers = new ArrayList<>();
    private long lastKernelNanos;

    /**
     * Opens its own context on the device with this id.
     *
     * @throws OpenClException when the device is not usable or the kernel does not build
     */
    public static OpenClFbpReconstructor open(String deviceId, RampFilter filter) {
        OpenClContext context = OpenClContext.open(deviceId);
        try {
            return new OpenClFbpReconstructor(context, true, filter);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** Uses a context the caller owns (and closes). */
    public OpenClFbpReconstructor(OpenClContext context, RampFilter filter) {
        this(context, false, filter);
    }

    private OpenClFbpReconstructor(OpenClContext context, boolean ownsContext, RampFilter filter) {
        this(context, ownsContext, filter, context.device().info().type() == ComputeDevice.Type.CPU);
    }

    /** {@code cpu} picks the kernel: tests run the GPU kernel on a CPU device with {@code false}. */
    OpenClFbpReconstructor(OpenClContext context, boolean ownsContext, RampFilter filter, boolean cpu) {
        this.context = context;
        this.ownsContext = ownsContext;
        this.filter = filter;
        this.program = context.program(OpenClFbpReconstructor.class, "fbp.cl");
        // CPU: 16 × 64 px tiles, a column of work-items (measured on PoCL, 2 cores: 16 px × (1 × 32..64)
        // beat 8 px × (4 × 16), 16 × (2 × 16) and one pixel per work-item by 5–90 %).
        this.kernelName = cpu ? KERNEL_16 : KERNEL;
        this.vector = cpu ? 16 : 1;
        this.groupX = cpu ? 1 : 32;
        this.groupY = cpu ? 64 : 8;
    }

    /** The kernel this device runs ({@value #KERNEL} or {@value #KERNEL_16}). */
    String kernelName() {
        return kernelName;
    }

    @Override
    public RampFilter filter() {
        return filter;
    }

    private FbpPlan plan(ReconstructionGeometry g) {
        if (plan == null || !plan.fits(g, filter)) {
            releaseBuffers();
            plan = new FbpPlan(g, filter);
            int n = g.nAngles();
            float[] cs = plan.cos();
            float[] sn = plan.sin();
            for (int a0 = 0; a0 < n; a0 += ANGLES_PER_BATCH) {
                int count = Math.min(ANGLES_PER_BATCH, n - a0);
                float[] trig = new float[2 * count];
                for (int a = 0; a < count; a++) {
                    trig[2 * a] = cs[a0 + a];
                    trig[2 * a + 1] = sn[a0 + a];
                }
                trigBuffers.add(context.upload(trig));
            }
            qBuffer = context.allocateFloats(plan.filteredLength());
            outBuffer = context.allocateFloats((long) paddedSize(g.size(), groupX * vector)
                    * paddedSize(g.size(), groupY));
        }
        return plan;
    }

    private static int paddedSize(int size, int group) {
        return (size + group - 1) / group * group;
    }

    @Override
    public float[] reconstruct(float[] sinograms, int slices, ReconstructionGeometry geometry, Progress progress,
                               Cancellation cancel) throws Cancellation.CancelledException {
        Reconstructors.checkInput(sinograms, slices, geometry);
        FbpPlan p = plan(geometry);
        int size = geometry.size();
        int pitch = paddedSize(size, groupX * vector);
        int rows = paddedSize(size, groupY);
        int n = geometry.nAngles();
        int perSino = n * geometry.columns();
        float[] out = new float[Math.multiplyExact(slices, size * size)];
        float[] q = new float[p.filteredLength()];
        float[] slice = pitch == size ? null : new float[pitch * rows];
        long kernelNanos = 0;
        try (OpenClKernel kernel = context.kernel(program, kernelName)) {
            kernel.arg(0, qBuffer).arg(2, outBuffer).arg(3, pitch).arg(4, p.width()).arg(7, p.half())
                    .arg(8, p.offset());
            for (int s = 0; s < slices; s++) {
                cancel.check();
                p.filter(sinograms, s * perSino, q);
                cancel.check();
                context.write(qBuffer, q, 0, q.length);
                long t0 = System.nanoTime();
                for (int b = 0; b < trigBuffers.size(); b++) {
                    int a0 = b * ANGLES_PER_BATCH;
                    kernel.arg(1, trigBuffers.get(b)).arg(5, a0).arg(6, Math.min(ANGLES_PER_BATCH, n - a0))
                            .arg(9, b == 0 ? 0 : 1);
                    clEnqueueNDRangeKernel(context.queue(), kernel.handle(), 2, null,
                            new long[] {pitch / vector, rows}, new long[] {groupX, groupY}, 0, null, null);
                }
                clFinish(context.queue());
                kernelNanos += System.nanoTime() - t0;
                if (slice == null) {
                    // No column padding: the first size rows are the slice.
                    context.read(outBuffer, out, s * size * size, size * size);
                } else {
                    context.read(outBuffer, slice, 0, slice.length);
                    for (int i = 0; i < size; i++) {
                        System.arraycopy(slice, i * pitch, out, s * size * size + i * size, size);
                    }
                }
                progress.update((s + 1.0) / slices, "FBP slice " + (s + 1) + "/" + slices);
            }
        }
        lastKernelNanos = kernelNanos;
        return out;
    }

    /** Wall time of the back-projection kernels in the last {@link #reconstruct} call (ns). */
    public long lastKernelNanos() {
        return lastKernelNanos;
    }

    @Override
    public String deviceId() {
        return context.device().id();
    }

    private void releaseBuffers() {
        trigBuffers.forEach(DeviceBuffer::close);
        trigBuffers.clear();
        if (qBuffer != null) {
            qBuffer.close();
            qBuffer = null;
        }
        if (outBuffer != null) {
            outBuffer.close();
            outBuffer = null;
        }
        plan = null;
    }

    @Override
    public void close() {
        releaseBuffers();
        if (ownsContext) {
            context.close();
        }
    }

    @Override
    public String toString() {
        return "OpenClFbpReconstructor[" + deviceId() + " " + context.device().describe() + ", " + filter.id() + "]";
    }
}
