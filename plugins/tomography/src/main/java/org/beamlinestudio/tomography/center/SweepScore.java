package org.beamlinestudio.tomography.center;

import java.util.Arrays;

/**
 * How a sweep ranks its slices; both are computed inside the disk inscribed in the slice (outside it the
 * reconstruction has no full angular coverage).
 */
public enum SweepScore {

    /**
     * Shannon entropy (bits) of the slice's 256-bin histogram, over one range common to all slices of the sweep.
     * Lower is better: at the right axis the object is a few flat phases (a peaked histogram); a wrong axis
     * smears every edge into arcs and fills the histogram (TomoPy's {@code find_center} uses the same idea).
     */
    ENTROPY(true),

    /**
     * Total variation (sum of gradient magnitudes) divided by the sum of absolute values. Lower is better: a wrong
     * axis adds arcs, streaks and doubled edges, i.e. variation, to an object made of flat regions. (The autofocus
     * idea, "higher gradient energy is sharper", picks the wrong end: the arcs carry more gradient than the
     * blur removes.) NOT RELIABLE on a central region of a large slice: on the 2048×1500 benchmark it picked the
     * end of the candidate range where entropy found the axis; kept for comparison, use {@link #ENTROPY}.
     */
    TOTAL_VARIATION(true);

    private final boolean lowerIsBetter;

    SweepScore(boolean lowerIsBetter) {
        this.lowerIsBetter = lowerIsBetter;
    }

    /** Whether the best slice has the lowest score. */
    public boolean lowerIsBetter() {
        return lowerIsBetter;
    }

    /** Whether score {@code a} is better than {@code b}. */
    public boolean better(double a, double b) {
        return lowerIsBetter ? a < b : a > b;
    }

    /** The histogram range common to a sweep: the 0.1–99.9 % quantiles of a reference slice, widened by 10 %. */
    static double[] range(float[] slice, int size) {
        float[] v = disk(slice, size);
        Arrays.sort(v);
        if (v.length == 0) {
            return new double[] {0, 1};
        }
        double lo = v[(int) (0.001 * (v.length - 1))];
        double hi = v[(int) (0.999 * (v.length - 1))];
        double pad = 0.1 * Math.max(hi - lo, 1e-12);
        return new double[] {lo - pad, hi + pad};
    }

    double score(float[] slice, int size, double[] range) {
        if (this == ENTROPY) {
            int bins = 256;
            long[] h = new long[bins];
            float[] v = disk(slice, size);
            double scale = bins / (range[1] - range[0]);
            for (float x : v) {
                int b = (int) ((x - range[0]) * scale);
                h[Math.max(0, Math.min(bins - 1, b))]++;
            }
            double e = 0;
            for (long c : h) {
                if (c > 0) {
                    double p = (double) c / v.length;
                    e -= p * Math.log(p) / Math.log(2);
                }
            }
            return e;
        }
        double g = 0;
        double s = 0;
        double r2 = (size / 2.0 - 1) * (size / 2.0 - 1);
        for (int i = 0; i < size - 1; i++) {
            for (int k = 0; k < size - 1; k++) {
                double x = k + 0.5 - size / 2.0;
                double y = i + 0.5 - size / 2.0;
                if (x * x + y * y > r2) {
                    continue;
                }
                float a = slice[i * size + k];
                float dx = slice[i * size + k + 1] - a;
                float dy = slice[(i + 1) * size + k] - a;
                g += Math.sqrt(dx * dx + dy * dy);
                s += Math.abs(a);
            }
        }
        return s > 0 ? g / s : 0;
    }

    private static float[] disk(float[] slice, int size) {
        float[] out = new float[size * size];
        int n = 0;
        double r2 = (size / 2.0) * (size / 2.0);
        for (int i = 0; i < size; i++) {
            double y = i + 0.5 - size / 2.0;
            for (int k = 0; k < size; k++) {
                double x = k + 0.5 - size / 2.0;
                if (x * x + y * y <= r2) {
                    out[n++] = slice[i * size + k];
                }
            }
        }
        return Arrays.copyOf(out, n);
    }
}
