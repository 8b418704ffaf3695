package org.beamlinestudio.viewer;

import java.util.Arrays;

/** Turns float slices into grey pixels with contrast from percentiles. Pure, thread-safe. */
public final class SliceRendering {

    /** Lower percentile of the default auto contrast. */
    public static final double LOW_PERCENTILE = 0.5;
    /** Upper percentile of the default auto contrast. */
    public static final double HIGH_PERCENTILE = 99.5;

    /** Percentiles are estimated on at most this many values (evenly strided) to stay fast on big slices. */
    static final int MAX_SAMPLES = 1 << 20;

    private SliceRendering() {
    }

    /**
     * The values at two percentiles of the finite values of {@code data} (NaN and infinities are
     * ignored). Returns {@code {0, 1}} when there is no finite value; {@code lo == hi} when flat.
     */
    public static double[] percentiles(float[] data, double lowPercent, double highPercent) {
        int step = Math.max(1, data.length / MAX_SAMPLES);
        float[] sample = new float[(data.length + step - 1) / step];
        int n = 0;
        for (int i = 0; i < data.length; i += step) {
            float v = data[i];
            if (Float.isFinite(v)) {
                sample[n++] = v;
            }
        }
        if (n == 0) {
            return new double[] {0, 1};
        }
        Arrays.sort(sample, 0, n);
        return new double[] {at(sample, n, lowPercent), at(sample, n, highPercent)};
    }

    private static double at(float[] sorted, int n, double percent) {
        double pos = Math.max(0, Math.min(1, percent / 100.0)) * (n - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(n - 1, i + 1);
        double f = pos - i;
        return sorted[i] * (1 - f) + sorted[j] * f;
    }

    /**
     * Opaque ARGB grey pixels: {@code lo} and below black, {@code hi} and above white, linear
     * between. NaN shows as a dark red so missing data is not mistaken for a value. A flat slice
     * ({@code lo == hi}) renders mid grey.
     */
    public static int[] toArgb(float[] data, double lo, double hi) {
        int[] out = new int[data.length];
        double range = hi - lo;
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            int g;
            if (Float.isNaN(v)) {
                out[i] = 0xFF600000;
                continue;
            } else if (range <= 0) {
                g = 128;
            } else {
                double t = (v - lo) / range;
                g = t <= 0 ? 0 : t >= 1 ? 255 : (int) Math.round(t * 255);
            }
            out[i] = 0xFF000000 | (g << 16) | (g << 8) | g;
        }
        return out;
    }
}
