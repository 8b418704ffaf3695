package org.beamlinestudio.tomography.prep;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Sorting-based stripe removal (Vo, Atwood, Drakopoulos, Opt. Express 26, 28396 (2018), algorithm 3;
 * Algotom/TomoPy {@code remove_stripe_based_sorting}) for one sinogram (angles × columns, C order).
 *
 * <p>Each column is sorted along angles, which turns it into the response curve of that detector
 * pixel; neighbouring pixels see about the same distribution of intensities, so a median filter of
 * {@code size} columns across the sorted image equalises their responses (and removes partial and
 * full stripes) without blurring the sample; the result is put back in the original angle order.
 * Median across columns at each rank, edges mirrored (edge repeated). Ties keep their angle order.
 */
public final class SortingStripeRemoval {

    private SortingStripeRemoval() {
    }

    /** Returns the corrected sinogram; {@code sino} is left unchanged. */
    public static float[] correct(float[] sino, int angles, int cols, int size) {
        checkShape(sino, angles, cols);
        checkSize(size);
        float[] sorted = new float[sino.length];
        int[] index = new int[sino.length];
        sortColumns(sino, angles, cols, sorted, index);
        float[] smoothed = new float[sino.length];
        IntStream.range(0, angles).parallel().forEach(r ->
                SlidingMedian.filterRow(sorted, r * cols, cols, size, smoothed, r * cols));
        float[] out = new float[sino.length];
        for (int r = 0; r < angles; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                out[index[base + c] * cols + c] = smoothed[base + c];
            }
        }
        return out;
    }

    /**
     * Sorts each column of {@code sino} along angles: {@code sorted[r][c]} is the r-th smallest value of
     * column c, taken from angle {@code index[r][c]}. NaN sorts last.
     */
    static void sortColumns(float[] sino, int angles, int cols, float[] sorted, int[] index) {
        IntStream.range(0, cols).parallel().forEach(c -> {
            long[] keys = new long[angles];
            for (int a = 0; a < angles; a++) {
                int bits = Float.floatToIntBits(sino[a * cols + c]);
                // Order-preserving map of IEEE bits onto signed ints; the angle index breaks ties.
                int key = bits ^ ((bits >> 31) & 0x7fffffff);
                keys[a] = ((long) key << 32) | a;
            }
            Arrays.sort(keys);
            for (int r = 0; r < angles; r++) {
                int a = (int) keys[r];
                sorted[r * cols + c] = sino[a * cols + c];
                index[r * cols + c] = a;
            }
        });
    }

    static void checkShape(float[] sino, int angles, int cols) {
        if (angles < 1 || cols < 1 || (long) angles * cols != sino.length) {
            throw new IllegalArgumentException("sinogram has " + sino.length + " values, expected angles × columns = "
                    + angles + " × " + cols);
        }
    }

    static void checkSize(int size) {
        if (size < 3 || size % 2 == 0) {
            throw new IllegalArgumentException("the median filter size must be odd and ≥ 3, was " + size);
        }
    }
}
