package org.beamlinestudio.viewer.tools;

import java.util.List;

/**
 * Counts of values in equal bins between {@code lo} and {@code hi}; on a log axis the bins are equal in log10 of the
 * value and only positive values count. NaN and infinities are left out. Pure.
 *
 * @param lo     the low edge of the first bin (a data value, also on a log axis)
 * @param hi     the high edge of the last bin
 * @param counts values per bin
 * @param log    whether the bins are equal in log10(value)
 */
public record Histogram(double lo, double hi, long[] counts, boolean log) {

    /** The default number of bins. */
    public static final int BINS = 256;

    /** The histogram of the finite values of the arrays together (positive ones when {@code log}). */
    public static Histogram of(List<float[]> arrays, int bins, boolean log) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float[] a : arrays) {
            for (float v : a) {
                if (Float.isFinite(v) && (!log || v > 0)) {
                    double x = log ? Math.log10(v) : v;
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
            }
        }
        long[] counts = new long[bins];
        if (min > max) {
            return new Histogram(log ? 1 : 0, log ? 10 : 1, counts, log);
        }
        if (max == min) {
            max = min + (log ? 0.01 : Math.max(1e-6, Math.abs(min) * 1e-6));
        }
        double scale = bins / (max - min);
        for (float[] a : arrays) {
            for (float v : a) {
                if (Float.isFinite(v) && (!log || v > 0)) {
                    double x = log ? Math.log10(v) : v;
                    int b = (int) ((x - min) * scale);
                    counts[Math.min(bins - 1, Math.max(0, b))]++;
                }
            }
        }
        return log ? new Histogram(Math.pow(10, min), Math.pow(10, max), counts, true)
                : new Histogram(min, max, counts, false);
    }

    /** Where value {@code v} lies between lo (0) and hi (1) on this histogram's axis (NaN for v ≤ 0 on log). */
    public double fraction(double v) {
        if (log) {
            return v > 0 ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : Double.NaN;
        }
        return (v - lo) / (hi - lo);
    }

    /** The value at fraction {@code f} between lo and hi on this histogram's axis. */
    public double valueAt(double f) {
        if (log) {
            double a = Math.log10(lo);
            return Math.pow(10, a + f * (Math.log10(hi) - a));
        }
        return lo + f * (hi - lo);
    }

    /** The largest count of a bin. */
    public long maxCount() {
        long m = 0;
        for (long c : counts) {
            m = Math.max(m, c);
        }
        return m;
    }

    /** The number of values counted. */
    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }
}
