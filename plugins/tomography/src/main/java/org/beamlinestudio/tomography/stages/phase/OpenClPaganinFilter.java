package org.beamlinestudio.tomography.stages.phase;

import org.beamlinestudio.opencl.DeviceBuffer;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClKernel;
import org.jocl.cl_program;

/**
 * Paganin filtering on an OpenCL device ({@code paganin.cl}). When both padded sizes are powers of
 * two (e.g. padding a 1024-pixel axis to 2048) the whole filter runs there: radix-2 Stockham FFTs of
 * the rows, a transpose, FFTs of the columns, the multiplication, and back; only the padded pair of
 * projections goes up and the result comes down. Otherwise the FFTs stay in JTransforms and only the
 * multiplication runs on the device ({@link #lastRunOnDevice()} tells which). Twin:
 * {@link JavaPaganinFilter}. Device memory: two padded complex grids (16 bytes per padded pixel).
 */
public final class OpenClPaganinFilter extends JavaPaganinFilter {

    static final String KERNEL = "paganin_multiply";

    private final OpenClContext context;
    private final cl_program program;
    private final OpenClKernel multiply;
    private final OpenClKernel pass;
    private final OpenClKernel transpose;
    private final OpenClKernel scale;
    private DeviceBuffer a;
    private DeviceBuffer b;
    private final java.util.Map<Integer, DeviceBuffer> twiddles = new java.util.HashMap<>();
    private boolean lastOnDevice;

    /**
     * Opens a context on the device with this id.
     *
     * @throws org.beamlinestudio.opencl.OpenClException when the device is not usable or the kernels do not build
     */
    public OpenClPaganinFilter(String deviceId, PaganinParameters parameters) {
        super(parameters);
        this.context = OpenClContext.open(deviceId);
        try {
            this.program = context.program(OpenClPaganinFilter.class, "paganin.cl");
            this.multiply = context.kernel(program, KERNEL);
            this.pass = context.kernel(program, "fft_pass");
            this.transpose = context.kernel(program, "transpose");
            this.scale = context.kernel(program, "scale");
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    private static boolean powerOfTwo(int n) {
        return n > 1 && (n & (n - 1)) == 0;
    }

    /** Whether the last {@link #apply} ran its FFTs on the device too (power-of-two padded sizes). */
    public synchronized boolean lastRunOnDevice() {
        return lastOnDevice;
    }

    @Override
    public synchronized void apply(float[] in, int count, int rows, int cols, float[] out) {
        int pr = parameters.paddedSize(rows);
        int pc = parameters.paddedSize(cols);
        lastOnDevice = powerOfTwo(pr) && powerOfTwo(pc);
        super.apply(in, count, rows, cols, out);
    }

    @Override
    protected void transform(float[] spec, int pr, int pc, float alphaPx) {
        if (!lastOnDevice) {
            super.transform(spec, pr, pc, alphaPx);
            return;
        }
        ensureBuffers(spec.length);
        context.write(a, spec, 0, spec.length);
        DeviceBuffer cur = a;
        DeviceBuffer other = b;
        cur = fftRows(cur, other, pc, pr, -1f);                    // rows of pc, pr of them
        other = cur == a ? b : a;
        runTranspose(cur, other, pr, pc);                          // → (pc × pr)
        cur = other;
        other = cur == a ? b : a;
        cur = fftRows(cur, other, pr, pc, -1f);                    // the columns
        multiply.arg(0, cur).arg(1, pc).arg(2, pr).arg(3, alphaPx); // h is symmetric in (u, v)
        context.run(multiply, pr, pc);
        other = cur == a ? b : a;
        cur = fftRows(cur, other, pr, pc, 1f);
        other = cur == a ? b : a;
        runTranspose(cur, other, pc, pr);                          // back to (pr × pc)
        cur = other;
        other = cur == a ? b : a;
        cur = fftRows(cur, other, pc, pr, 1f);
        scale.arg(0, cur).arg(1, spec.length).arg(2, 1f / ((float) pr * (float) pc));
        context.run(scale, spec.length);
        context.read(cur, spec, 0, spec.length);
    }

    /** log2(n) Stockham passes over {@code rows} rows of length n, ping-ponging; returns the buffer holding the result. */
    private DeviceBuffer fftRows(DeviceBuffer src, DeviceBuffer dst, int n, int rows, float sign) {
        DeviceBuffer table = twiddles(n);
        for (int p = 1; p < n; p <<= 1) {
            pass.arg(0, src).arg(1, dst).arg(2, table).arg(3, n).arg(4, p).arg(5, sign);
            context.run(pass, n / 2, rows);
            DeviceBuffer t = src;
            src = dst;
            dst = t;
        }
        return src;
    }

    /** exp(−2πi·m/n) for m < n/2, interleaved, computed in double, uploaded once per n. */
    private DeviceBuffer twiddles(int n) {
        return twiddles.computeIfAbsent(n, size -> {
            float[] w = new float[Math.max(2, size)];
            for (int m = 0; m < size / 2; m++) {
                double angle = -2 * Math.PI * m / size;
                w[2 * m] = (float) Math.cos(angle);
                w[2 * m + 1] = (float) Math.sin(angle);
            }
            return context.upload(w);
        });
    }

    private void runTranspose(DeviceBuffer src, DeviceBuffer dst, int rows, int cols) {
        transpose.arg(0, src).arg(1, dst).arg(2, rows).arg(3, cols);
        context.run(transpose, cols, rows);
    }

    private void ensureBuffers(int floats) {
        if (a == null || a.floats() < floats) {
            release();
            a = context.allocateFloats(floats);
            b = context.allocateFloats(floats);
        }
    }

    private void release() {
        if (a != null) {
            a.close();
            a = null;
        }
        if (b != null) {
            b.close();
            b = null;
        }
    }

    /** Host FFTs, multiplication on the device. */
    @Override
    protected void multiply(float[] spec, int pr, int pc, float alphaPx) {
        ensureBuffers(spec.length);
        context.write(a, spec, 0, spec.length);
        multiply.arg(0, a).arg(1, pr).arg(2, pc).arg(3, alphaPx);
        context.run(multiply, pc, pr);
        context.read(a, spec, 0, spec.length);
    }

    @Override
    public String deviceId() {
        return context.device().id();
    }

    @Override
    public synchronized void close() {
        release();
        twiddles.values().forEach(DeviceBuffer::close);
        twiddles.clear();
        multiply.close();
        pass.close();
        transpose.close();
        scale.close();
        context.close();
    }
}
