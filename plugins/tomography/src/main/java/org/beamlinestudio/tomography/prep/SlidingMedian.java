package org.beamlinestudio.tomography.prep;

import java.util.Arrays;

/**
 * A running median over a 1-D line with mirrored edges (edge repeated, scipy's {@code reflect}): a
 * sorted window updated by one removal and one insertion per step, O(size) per output instead of
 * a sort.
 */
final class SlidingMedian {

    private SlidingMedian() {
    }

    /** {@code out[o + i] = median(in[s + reflect(i − h .. i + h)])} for i in [0, n), h = size / 2. */
    static void filterRow(float[] in, int s, int n, int size, float[] out, int o) {
        int half = size / 2;
        // The mirrored line once, so the loop below needs no index arithmetic.
        float[] line = new float[n + 2 * half];
        for (int k = 0; k < line.length; k++) {
            line[k] = in[s + JavaOutlierRemoval.reflect(k - half, n)];
        }
        float[] win = new float[size];
        System.arraycopy(line, 0, win, 0, size);
        Arrays.sort(win);
        for (int i = 0; i < n; i++) {
            out[o + i] = win[half];
            if (i + 1 < n) {
                replace(win, line[i], line[i + size]);
            }
        }
    }

    /** Replaces one occurrence of {@code old} by {@code v} in sorted {@code win}, keeping it sorted. */
    private static void replace(float[] win, float old, float v) {
        int p = find(win, old);
        int n = win.length;
        if (Float.compare(v, old) > 0) {
            while (p + 1 < n && Float.compare(win[p + 1], v) < 0) {
                win[p] = win[p + 1];
                p++;
            }
        } else {
            while (p > 0 && Float.compare(win[p - 1], v) > 0) {
                win[p] = win[p - 1];
                p--;
            }
        }
        win[p] = v;
    }

    private static int find(float[] win, float v) {
        int lo = 0;
        int hi = win.length - 1;
        while (lo < hi) { // first index with win[i] >= v in Float.compare order
            int mid = (lo + hi) >>> 1;
            if (Float.compare(win[mid], v) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
