package org.beamlinestudio.tomography.prep;

import java.util.stream.IntStream;

/**
 * Plain-Java {@link OutlierRemoval}: the fallback and the oracle of {@code outliers.cl}. Parallel over
 * (row, block of angles). Thread-safe (no state besides the settings).
 */
public final class JavaOutlierRemoval implements OutlierRemoval {

    private static final int ANGLE_BLOCK = 64;
    private final OutlierSettings settings;

    public JavaOutlierRemoval(OutlierSettings settings) {
        this.settings = settings;
    }

    @Override
    public long apply(float[] in, int angles, int rows, int cols, float[] out) {
        check(in, angles, rows, cols, out);
        int blocks = (angles + ANGLE_BLOCK - 1) / ANGLE_BLOCK;
        return IntStream.range(0, rows * blocks).parallel().mapToLong(task -> {
            int row = task / blocks;
            int a0 = (task % blocks) * ANGLE_BLOCK;
            int a1 = Math.min(angles, a0 + ANGLE_BLOCK);
            float[] window = new float[settings.windowLength()];
            float[] dev = new float[window.length];
            long replaced = 0;
            for (int a = a0; a < a1; a++) {
                for (int c = 0; c < cols; c++) {
                    int i = (a * rows + row) * cols + c;
                    float v = in[i];
                    float r = filterOne(in, angles, rows, cols, row, a, c, v, window, dev);
                    out[i] = r;
                    if (Float.floatToRawIntBits(r) != Float.floatToRawIntBits(v)) {
                        replaced++;
                    }
                }
            }
            return replaced;
        }).sum();
    }

    private float filterOne(float[] in, int angles, int rows, int cols, int row, int a, int c, float v,
                            float[] window, float[] dev) {
        int half = settings.size() / 2;
        int n = 0;
        if (settings.window() == OutlierSettings.Window.ANGLES) {
            for (int da = -half; da <= half; da++) {
                window[n++] = in[(reflect(a + da, angles) * rows + row) * cols + c];
            }
        } else {
            for (int da = -half; da <= half; da++) {
                int base = (reflect(a + da, angles) * rows + row) * cols;
                for (int dc = -half; dc <= half; dc++) {
                    window[n++] = in[base + reflect(c + dc, cols)];
                }
            }
        }
        float median = median(window, n);
        float diff = v - median;
        int sign = settings.sign().code();
        float deviation = sign > 0 ? diff : sign < 0 ? -diff : Math.abs(diff);
        float limit;
        switch (settings.mode()) {
            case RATIO -> limit = (float) settings.threshold() * Math.abs(median);
            case MAD -> {
                for (int k = 0; k < n; k++) {
                    dev[k] = Math.abs(window[k] - median);
                }
                limit = madFactor(settings) * median(dev, n);
            }
            default -> limit = (float) settings.threshold();
        }
        return deviation > limit ? median : v;
    }

    /** {@code threshold × 1.4826} as a float, the same constant the kernel receives. */
    static float madFactor(OutlierSettings s) {
        return (float) (s.threshold() * 1.4826);
    }

    /** Median of the first {@code n} values (n odd); reorders them. NaN sorts last, as in the kernel. */
    static float median(float[] v, int n) {
        // Insertion sort: windows are small (≤ 225) and usually 3–9 values.
        for (int i = 1; i < n; i++) {
            float x = v[i];
            int j = i - 1;
            while (j >= 0 && greater(v[j], x)) {
                v[j + 1] = v[j];
                j--;
            }
            v[j + 1] = x;
        }
        return v[n / 2];
    }

    /** a > b with NaN largest (so a NaN in a window never becomes the median unless most are NaN). */
    private static boolean greater(float a, float b) {
        return a > b || (a != a && b == b);
    }

    /** Mirror index: −1 → 0, n → n−1 (edge repeated), periodic over 2n for far indices. */
    static int reflect(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }

    static void check(float[] in, int angles, int rows, int cols, float[] out) {
        long expected = (long) angles * rows * cols;
        if (in.length != expected || out.length != expected) {
            throw new IllegalArgumentException("slab has " + in.length + " values (output " + out.length
                    + "), expected angles × rows × cols = " + angles + " × " + rows + " × " + cols + " = " + expected);
        }
        if (in == out) {
            throw new IllegalArgumentException("outlier removal cannot run in place: windows read unfiltered neighbours");
        }
    }

    @Override
    public String deviceId() {
        return "java";
    }

    @Override
    public String toString() {
        return "JavaOutlierRemoval" + settings;
    }

}
