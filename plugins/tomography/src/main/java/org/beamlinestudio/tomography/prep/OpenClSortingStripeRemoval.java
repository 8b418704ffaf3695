package org.beamlinestudio.tomography.prep;

import org.beamlinestudio.opencl.DeviceBuffer;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClKernel;
import org.jocl.cl_program;

/**
 * {@link SortingStripeRemoval} on an OpenCL device ({@code stripes_sorting.cl}) for a whole slab of
 * sinograms: one work item sorts one detector column (heap sort of the same keys as the Java twin),
 * then one work item per (column, rank) takes the median across columns and writes it back to its
 * angle. Bit-identical to the Java twin. Windows up to {@value #MAX_SIZE} columns; the slab is sent in
 * groups of rows of at most {@value #MAX_PIXELS_PER_LAUNCH} pixels (24 bytes of device memory each).
 */
public final class OpenClSortingStripeRemoval implements AutoCloseable {

    /** Largest median window the kernel holds in private memory. */
    public static final int MAX_SIZE = 101;
    static final long MAX_PIXELS_PER_LAUNCH = 1L << 25;
    private static final int PAD = 16;

    private final OpenClContext context;
    private final boolean ownsContext;
    private final cl_program program;

    /** Opens its own context on the device with this id. */
    public static OpenClSortingStripeRemoval open(String deviceId) {
        OpenClContext context = OpenClContext.open(deviceId);
        try {
            return new OpenClSortingStripeRemoval(context, true);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** Uses a context the caller owns. */
    public OpenClSortingStripeRemoval(OpenClContext context) {
        this(context, false);
    }

    private OpenClSortingStripeRemoval(OpenClContext context, boolean ownsContext) {
        this.context = context;
        this.ownsContext = ownsContext;
        this.program = context.program(OpenClSortingStripeRemoval.class, "stripes_sorting.cl");
    }

    /** Corrects every sinogram of the slab {@code in} (angles, rows, cols); returns a new array. */
    public synchronized float[] correct(float[] in, int angles, int rows, int cols, int size) {
        if ((long) angles * rows * cols != in.length) {
            throw new IllegalArgumentException("slab has " + in.length + " values, expected " + angles + " × " + rows
                    + " × " + cols);
        }
        SortingStripeRemoval.checkSize(size);
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException("the OpenCL kernel takes median windows up to " + MAX_SIZE
                    + " columns, asked for " + size);
        }
        float[] out = new float[in.length];
        int perSinogram = angles * cols;
        int rowsPerLaunch = (int) Math.max(1, Math.min(rows, MAX_PIXELS_PER_LAUNCH / perSinogram));
        long paddedCols = (cols + PAD - 1L) / PAD * PAD;
        for (int r0 = 0; r0 < rows; r0 += rowsPerLaunch) {
            int n = Math.min(rowsPerLaunch, rows - r0);
            // The rows [r0, r0 + n) of the slab, as their own (angles, n, cols) slab.
            float[] part = new float[angles * n * cols];
            for (int a = 0; a < angles; a++) {
                System.arraycopy(in, (a * rows + r0) * cols, part, a * n * cols, n * cols);
            }
            long pixels = (long) angles * n * cols;
            try (DeviceBuffer src = context.upload(part);
                 DeviceBuffer keys = context.allocateFloats(2 * pixels);
                 DeviceBuffer sorted = context.allocateFloats(pixels);
                 DeviceBuffer dst = context.allocateFloats(pixels);
                 OpenClKernel sort = context.kernel(program, "sort_columns");
                 OpenClKernel median = context.kernel(program, "median_unsort")) {
                sort.arg(0, src).arg(1, keys).arg(2, sorted).arg(3, angles).arg(4, n).arg(5, cols);
                context.run(sort, paddedCols, n);
                median.arg(0, keys).arg(1, sorted).arg(2, dst).arg(3, angles).arg(4, n).arg(5, cols).arg(6, size);
                context.run(median, paddedCols, angles, n);
                context.read(dst, part, 0, part.length);
            }
            for (int a = 0; a < angles; a++) {
                System.arraycopy(part, a * n * cols, out, (a * rows + r0) * cols, n * cols);
            }
        }
        return out;
    }

    /** The compute device id. */
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
