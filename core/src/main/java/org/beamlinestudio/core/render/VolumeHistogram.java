package org.beamlinestudio.core.render;

/**
 * Counts of a grid's values in equal bins over [low, high] (values outside are not counted, NaN
 * never), and the percentile window the volume view starts with.
 *
 * @param low    value at the left edge of bin 0
 * @param high   value at the right edge of the last bin
 * @param counts voxels per bin
 */
public record VolumeHistogram(double low, double high, long[] counts) {

    /** The histogram of {@code g} in {@code bins} bins over [low, high]. */
    public static VolumeHistogram of(VolumeGrid g, int bins, double low, double high) {
        long[] counts = new long[bins];
        double scale = bins / (high - low);
        for (float v : g.data()) {
            if (v >= low && v <= high) {
                int b = (int) ((v - low) * scale);
                counts[b >= bins ? bins - 1 : b]++;
            }
        }
        return new VolumeHistogram(low, high, counts);
    }

    /**
     * The values below which {@code lowFraction} and {@code highFraction} of the finite voxels lie
     * (to 1/4096 of the range); [min, min + 1] for a constant volume, [0, 1] for one without finite values.
     */
    public static double[] percentileWindow(VolumeGrid g, double lowFraction, double highFraction) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : g.data()) {
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        if (min > max || Double.isInfinite(min) || Double.isInfinite(max)) {
            return new double[] {0, 1};
        }
        if (min == max) {
            return new double[] {min, min + 1};
        }
        VolumeHistogram h = of(g, 4096, min, max);
        long total = 0;
        for (long c : h.counts) {
            total += c;
        }
        double lo = h.valueAtFraction(lowFraction * total);
        double hi = h.valueAtFraction(highFraction * total);
        if (!(hi > lo)) {
            hi = lo + (max - min) / 4096;
        }
        return new double[] {lo, hi};
    }

    private double valueAtFraction(double rank) {
        long seen = 0;
        double width = (high - low) / counts.length;
        for (int b = 0; b < counts.length; b++) {
            seen += counts[b];
            if (seen >= rank) {
                return low + (b + 1) * width;
            }
        }
        return high;
    }

    /** The largest count (for scaling a plot). */
    public long maxCount() {
        long m = 0;
        for (long c : counts) {
            m = Math.max(m, c);
        }
        return m;
    }
}
