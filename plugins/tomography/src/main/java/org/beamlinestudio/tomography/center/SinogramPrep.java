package org.beamlinestudio.tomography.center;

import java.util.Arrays;
import java.util.stream.IntStream;

/** Conditioning of one sinogram (rows × columns, C order) before a centre search. Package-private helpers. */
final class SinogramPrep {

    private SinogramPrep() {
    }

    /** A copy of rows {@code rows[]} of the sinogram, with NaN and ±∞ replaced by the row's nearest finite value. */
    static float[] selectRows(float[] sino, int cols, int[] rows) {
        float[] out = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(sino, rows[r] * cols, out, r * cols, cols);
        }
        sanitise(out, rows.length, cols);
        return out;
    }

    static void sanitise(float[] a, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            float last = Float.NaN;
            for (int j = 0; j < cols; j++) {
                float v = a[base + j];
                if (Float.isFinite(v)) {
                    last = v;
                } else if (!Float.isNaN(last)) {
                    a[base + j] = last;
                }
            }
            float next = 0f;
            for (int j = cols - 1; j >= 0; j--) {
                float v = a[base + j];
                if (Float.isFinite(v)) {
                    next = v;
                } else {
                    a[base + j] = next; // leading non-finite values (no finite value to their left)
                }
            }
        }
    }

    /**
     * Removes stripes that are constant over the angles (a detector column with a wrong gain is, after −log, a
     * constant offset; a dead one is constant): the column means over all angles are compared with their
     * running median over 9 columns and the difference is subtracted from every row.
     */
    static void removeStripes(float[] a, int rows, int cols) {
        double[] mean = new double[cols];
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                mean[j] += a[base + j];
            }
        }
        float[] m = new float[cols];
        for (int j = 0; j < cols; j++) {
            m[j] = (float) (mean[j] / rows);
        }
        float[] d = new float[cols];
        float[] win = new float[9];
        for (int j = 0; j < cols; j++) {
            int n = 0;
            for (int q = j - 4; q <= j + 4; q++) {
                win[n++] = m[Math.max(0, Math.min(cols - 1, q))];
            }
            Arrays.sort(win, 0, n);
            d[j] = m[j] - win[n / 2];
        }
        IntStream.range(0, rows).parallel().forEach(r -> {
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                a[base + j] -= d[j];
            }
        });
    }

    /** 3×3 median with edges replicated: zingers and isolated dead pixels or columns go. */
    static float[] median3x3(float[] a, int rows, int cols) {
        float[] out = new float[a.length];
        IntStream.range(0, rows).parallel().forEach(r -> {
            float[] w = new float[9];
            int r0 = Math.max(0, r - 1) * cols;
            int r1 = r * cols;
            int r2 = Math.min(rows - 1, r + 1) * cols;
            for (int j = 0; j < cols; j++) {
                int jm = Math.max(0, j - 1);
                int jp = Math.min(cols - 1, j + 1);
                w[0] = a[r0 + jm]; w[1] = a[r0 + j]; w[2] = a[r0 + jp];
                w[3] = a[r1 + jm]; w[4] = a[r1 + j]; w[5] = a[r1 + jp];
                w[6] = a[r2 + jm]; w[7] = a[r2 + j]; w[8] = a[r2 + jp];
                out[r1 + j] = median9(w);
            }
        });
        return out;
    }

    private static float median9(float[] w) {
        // insertion sort of 9 is cheaper than Arrays.sort's set-up
        for (int i = 1; i < 9; i++) {
            float v = w[i];
            int k = i - 1;
            while (k >= 0 && w[k] > v) {
                w[k + 1] = w[k];
                k--;
            }
            w[k + 1] = v;
        }
        return w[4];
    }

    /** Gaussian smoothing along the rows' axis (angles), σ in rows, edges reflected. */
    static float[] gaussianAlongRows(float[] a, int rows, int cols, double sigma) {
        if (sigma <= 0) {
            return a.clone();
        }
        int rad = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * rad + 1];
        double sum = 0;
        for (int i = -rad; i <= rad; i++) {
            k[i + rad] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + rad];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        float[] out = new float[a.length];
        IntStream.range(0, rows).parallel().forEach(r -> {
            int base = r * cols;
            for (int t = -rad; t <= rad; t++) {
                int rr = reflect(r + t, rows);
                float w = (float) k[t + rad];
                int src = rr * cols;
                for (int j = 0; j < cols; j++) {
                    out[base + j] += w * a[src + j];
                }
            }
        });
        return out;
    }

    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        while (i < 0 || i >= n) {
            i = i < 0 ? -i - 1 : 2 * n - i - 1;
        }
        return i;
    }

    /** Mean over blocks of {@code fr} rows × {@code fc} columns (a trailing partial block is dropped). */
    static float[] bin(float[] a, int rows, int cols, int fr, int fc) {
        int br = rows / fr;
        int bc = cols / fc;
        float[] out = new float[br * bc];
        float norm = 1f / (fr * fc);
        IntStream.range(0, br).parallel().forEach(r -> {
            for (int dr = 0; dr < fr; dr++) {
                int src = (r * fr + dr) * cols;
                for (int c = 0; c < bc; c++) {
                    float s = 0;
                    for (int dc = 0; dc < fc; dc++) {
                        s += a[src + c * fc + dc];
                    }
                    out[r * bc + c] += s;
                }
            }
            for (int c = 0; c < bc; c++) {
                out[r * bc + c] *= norm;
            }
        });
        return out;
    }

    /** Smallest {@code n ≥ min} whose prime factors are 2, 3 and 5 (fast FFT sizes), and even. */
    static int fastSize(int min) {
        int n = Math.max(2, min);
        while (true) {
            int m = n;
            for (int p : new int[] {2, 3, 5}) {
                while (m % p == 0) {
                    m /= p;
                }
            }
            if (m == 1 && n % 2 == 0) {
                return n;
            }
            n++;
        }
    }
}
