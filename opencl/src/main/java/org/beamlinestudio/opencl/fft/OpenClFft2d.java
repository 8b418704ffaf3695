package org.beamlinestudio.opencl.fft;

import static org.jocl.CL.clEnqueueNDRangeKernel;

import org.beamlinestudio.opencl.DeviceBuffer;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClKernel;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_mem;

/**
 * Batched 2-D complex FFT of fixed size on an OpenCL device ({@code fft_rows.cl}, {@code fft_columns.cl}): many fields per call, in place, on
 * data that stay on the device. Twin: JTransforms {@code FloatFFT_2D} ({@code complexForward},
 * {@code complexInverse(a, true)}): same sign convention (forward is e<sup>−2πi kx/n</sup>), forward unscaled,
 * inverse scaled by 1/(height·width).
 *
 * <p>Layout: interleaved complex ({@code float2}), row-major, fields back to back: field {@code f} element
 * {@code (y, x)} is at float {@code 2 * (f * height * width + y * width + x)}. Sizes are powers of two from
 * {@value #MIN_SIZE} to {@value #MAX_SIZE}.
 *
 * <p>{@link #forward} and {@link #inverse} only enqueue the kernels on the context's in-order queue and return:
 * later commands on that queue (kernels, blocking reads) see the result; call {@link OpenClContext#finish()} to wait.
 * Not thread-safe (it owns kernel objects whose arguments it sets): one instance per thread.
 */
public final class OpenClFft2d implements AutoCloseable {

    /** Smallest supported side. */
    public static final int MIN_SIZE = 32;
    /** Largest supported side. */
    public static final int MAX_SIZE = 1024;

    /** Columns one work-item of the column pass transforms together (fft_columns.cl). */
    private static final int COLUMNS_PER_ITEM = 8;

    /** Global sizes are padded to this so drivers can choose full work-groups. */
    private static final int PAD = 64;

    private final OpenClContext context;
    private final int height;
    private final int width;
    private final OpenClKernel rowKernel;
    private final OpenClKernel columnKernel;
    private final DeviceBuffer rowTwiddles;
    private final DeviceBuffer rowBitrev;
    private final DeviceBuffer colTwiddles;
    private final DeviceBuffer colBitrev;

    /**
     * Builds (once per context) the kernel and uploads the twiddle tables for {@code height × width} fields.
     *
     * @throws IllegalArgumentException when a side is not a power of two in [{@value #MIN_SIZE},
     *     {@value #MAX_SIZE}]
     */
    public OpenClFft2d(OpenClContext context, int height, int width) {
        checkSide("height", height);
        checkSide("width", width);
        this.context = context;
        this.height = height;
        this.width = width;
        int fieldElements = height * width;
        this.rowKernel = context.kernel(context.program(OpenClFft2d.class, "fft_rows.cl",
                shape(width, 1, width, height, fieldElements)), "fft_lines");
        this.columnKernel = context.kernel(context.program(OpenClFft2d.class, "fft_columns.cl",
                "-DN=" + height + " -DLOG2N=" + Integer.numberOfTrailingZeros(height) + " -DWIDTH=" + width + " -DFIELD_STRIDE=" + fieldElements), "fft_columns");
        this.rowTwiddles = context.upload(twiddles(width));
        this.rowBitrev = context.upload(bitReversal(width));
        if (height == width) {
            this.colTwiddles = rowTwiddles;
            this.colBitrev = rowBitrev;
        } else {
            this.colTwiddles = context.upload(twiddles(height));
            this.colBitrev = context.upload(bitReversal(height));
        }
    }

    private static String shape(int n, int stride, int lineStep, int lines, int fieldStride) {
        return "-DN=" + n + " -DLOG2N=" + Integer.numberOfTrailingZeros(n) + " -DSTRIDE=" + stride + " -DLINE_STEP=" + lineStep + " -DLINES=" + lines
                + " -DFIELD_STRIDE=" + fieldStride;
    }

    private static void checkSide(String name, int n) {
        if (n < MIN_SIZE || n > MAX_SIZE || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT " + name + " must be a power of two from " + MIN_SIZE + " to "
                    + MAX_SIZE + ", got " + n);
        }
    }

    /** Field rows. */
    public int height() {
        return height;
    }

    /** Field columns. */
    public int width() {
        return width;
    }

    /** Floats one field occupies ({@code 2 * height * width}). */
    public int floatsPerField() {
        return 2 * height * width;
    }

    /** Enqueues the forward transform of {@code count} fields starting at field {@code first} of {@code data}. */
    public void forward(DeviceBuffer data, int first, int count) {
        transform(data, first, count, false);
    }

    /** Enqueues the inverse transform (scaled by 1/(height·width)) of {@code count} fields from {@code first}. */
    public void inverse(DeviceBuffer data, int first, int count) {
        transform(data, first, count, true, true);
    }

    /**
     * Enqueues the unscaled inverse transform (the adjoint of {@link #forward}: {@code height·width} times the
     * inverse) of {@code count} fields from {@code first}.
     */
    public void adjoint(DeviceBuffer data, int first, int count) {
        transform(data, first, count, true, false);
    }

    private void transform(DeviceBuffer data, int first, int count, boolean inverse) {
        transform(data, first, count, inverse, inverse);
    }

    private void transform(DeviceBuffer data, int first, int count, boolean inverse, boolean scaled) {
        if (first < 0 || count < 0 || (long) (first + count) * floatsPerField() * Float.BYTES > data.bytes()) {
            throw new IndexOutOfBoundsException("fields [" + first + ", " + (first + (long) count) + ") of "
                    + height + " x " + width + " do not fit a buffer of " + data.floats() + " floats");
        }
        if (count == 0) {
            return;
        }
        // Rows: contiguous lines. Columns: consecutive work-items own consecutive columns (SIMD-friendly on CPUs).
        enqueueLines(rowKernel, data.mem(), rowTwiddles, rowBitrev, height, inverse, 1f, first, count);
        enqueueLines(columnKernel, data.mem(), colTwiddles, colBitrev, width / COLUMNS_PER_ITEM, inverse,
                scaled ? 1f / ((float) height * width) : 1f, first, count);
    }

    private void enqueueLines(OpenClKernel kernel, cl_mem mem, DeviceBuffer tw, DeviceBuffer rev, int lines,
            boolean inverse, float scale, int first, int count) {
        int total = lines * count;
        kernel.arg(1, tw).arg(2, rev).arg(3, inverse ? 1 : 0).arg(4, scale).arg(5, first).arg(6, total);
        CL.clSetKernelArg(kernel.handle(), 0, Sizeof.cl_mem, Pointer.to(mem));
        long global = (total + PAD - 1L) / PAD * PAD;
        clEnqueueNDRangeKernel(context.queue(), kernel.handle(), 1, null, new long[] {global}, null, 0, null, null);
    }

    /** exp(−2πi k/n) for k &lt; n/2, computed in double. */
    static float[] twiddles(int n) {
        float[] t = new float[n];
        for (int k = 0; k < n / 2; k++) {
            double a = -2 * Math.PI * k / n;
            t[2 * k] = (float) Math.cos(a);
            t[2 * k + 1] = (float) Math.sin(a);
        }
        return t;
    }

    /** The bit-reversal permutation of 0..n−1, as int bits in a float buffer (the kernel reads ints). */
    static float[] bitReversal(int n) {
        int bits = Integer.numberOfTrailingZeros(n);
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = Float.intBitsToFloat(Integer.reverse(i) >>> (32 - bits));
        }
        return r;
    }

    /** Releases the kernel and the tables (not the context). */
    @Override
    public void close() {
        rowKernel.close();
        columnKernel.close();
        rowTwiddles.close();
        rowBitrev.close();
        if (colTwiddles != rowTwiddles) {
            colTwiddles.close();
            colBitrev.close();
        }
    }
}
