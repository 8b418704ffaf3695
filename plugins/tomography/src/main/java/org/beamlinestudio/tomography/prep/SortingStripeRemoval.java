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
        // Columns are sorted and unsorted in a transposed copy (columns × angles), where each column is
        // contiguous; the median runs across columns in the normal layout. Blocked transposes keep both
        // passes in cache instead of striding by a whole row per value.
        float[] columns = Transpose.of(sino, angles, cols);
        float[] sortedT = new float[sino.length];
        int[] index = new int[sino.length];
        sortColumns(columns, angles, cols, sortedT, index);
        float[] sorted = Transpose.of(sortedT, cols, angles);
        float[] smoothed = new float[sino.length];
        IntStream.range(0, angles).parallel().forEach(r ->
                SlidingMedian.filterRow(sorted, r * cols, cols, size, smoothed, r * cols));
        float[] smoothedT = Transpose.of(smoothed, angles, cols);
        float[] outT = columns; // reused: every element is overwritten
        IntStream.range(0, cols).parallel().forEach(c -> {
            int base = c * angles;
            for (int r = 0; r < angles; r++) {
                outT[base + index[base + r]] = smoothedT[base + r];
            }
        });
        return Transpose.of(outT, cols, angles);
    }

    /**
     * Sorts each row of {@code columns} (cols × angles: one detector column per row):
     * {@code sorted[c][r]} is the r-th smallest value of column c, from angle {@code index[c][r]}.
     * NaN sorts last; ties keep their angle order.
     */
    static void sortColumns(float[] columns, int angles, int cols, float[] sorted, int[] index) {
        IntStream.range(0, cols).parallel().forEach(c -> {
            long[] keys = new long[angles];
            int base = c * angles;
            for (int a = 0; a < angles; a++) {
                int bits = Float.floatToIntBits(columns[base + a]);
                // Order-preserving map of IEEE bits onto signed ints; the angle index breaks ties.
                int key = bits ^ ((bits >> 31) & 0x7fffffff);
                keys[a] = ((long) key << 32) | a;
            }
            Arrays.sort(keys);
            for (int r = 0; r < angles; r++) {
                int a = (int) keys[r];
                sorted[base + r] = columns[base + a];
                index[base + r] = a;
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
