package org.beamlinestudio.ptychography.recon;

/**
 * Radix-2 FFT along the first index of a block of rows in split form ({@code re[y][x]}, {@code im[y][x]}): every
 * butterfly works on two whole rows at once, so the innermost loop runs over contiguous floats with the same index
 * in every array, which HotSpot's C2 turns into SIMD code. A 2-D transform is this along y, a transpose, and this
 * again (the result is transposed: the engines keep Fourier-space data in that layout). The bit-reversal
 * permutation swaps row references, which costs nothing. Power-of-two sizes only; thread-safe (read-only tables).
 */
final class SplitFft {

    private final int n;
    private final float[] cos;
    private final float[] sin;
    private final int[] reverse;

    SplitFft(int n) {
        if (Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("SplitFft needs a power of two, got " + n);
        }
        this.n = n;
        cos = new float[Math.max(1, n / 2)];
        sin = new float[Math.max(1, n / 2)];
        for (int j = 0; j < n / 2; j++) {
            cos[j] = (float) Math.cos(2 * Math.PI * j / n);
            sin[j] = (float) -Math.sin(2 * Math.PI * j / n);
        }
        reverse = new int[n];
        int bits = Integer.numberOfTrailingZeros(n);
        for (int i = 0; i < n; i++) {
            reverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
    }

    /** Length of the transform. */
    int size() {
        return n;
    }

    /**
     * In-place DFT along the first index of {@code re}/{@code im} (n rows of length {@code len}): forward
     * {@code e^{−2πi}} unnormalised, or inverse {@code e^{+2πi}} unnormalised.
     */
    void transform(float[][] re, float[][] im, int len, boolean inverse) {
        for (int i = 0; i < n; i++) {
            int r = reverse[i];
            if (r > i) {
                float[] t = re[i];
                re[i] = re[r];
                re[r] = t;
                t = im[i];
                im[i] = im[r];
                im[r] = t;
            }
        }
        for (int size = 2; size <= n; size <<= 1) {
            int half = size >> 1;
            int step = n / size;
            for (int i = 0; i < n; i += size) {
                butterfly0(re[i], im[i], re[i + half], im[i + half], len);
                for (int j = 1; j < half; j++) {
                    float cr = cos[j * step];
                    float ci = inverse ? -sin[j * step] : sin[j * step];
                    butterfly(re[i + j], im[i + j], re[i + j + half], im[i + j + half], cr, ci, len);
                }
            }
        }
    }

    private static void butterfly0(float[] ar, float[] ai, float[] br, float[] bi, int len) {
        for (int x = 0; x < len; x++) {
            float tr = br[x];
            float ti = bi[x];
            float ur = ar[x];
            float ui = ai[x];
            br[x] = ur - tr;
            bi[x] = ui - ti;
            ar[x] = ur + tr;
            ai[x] = ui + ti;
        }
    }

    private static void butterfly(float[] ar, float[] ai, float[] br, float[] bi, float cr, float ci, int len) {
        for (int x = 0; x < len; x++) {
            float xr = br[x];
            float xi = bi[x];
            float tr = cr * xr - ci * xi;
            float ti = cr * xi + ci * xr;
            float ur = ar[x];
            float ui = ai[x];
            br[x] = ur - tr;
            bi[x] = ui - ti;
            ar[x] = ur + tr;
            ai[x] = ui + ti;
        }
    }

    /** {@code dst[x][y] = src[y][x]} for an {@code rows × cols} block. */
    static void transpose(float[][] src, float[][] dst, int rows, int cols) {
        final int b = 16;
        for (int y0 = 0; y0 < rows; y0 += b) {
            int y1 = Math.min(rows, y0 + b);
            for (int x0 = 0; x0 < cols; x0 += b) {
                int x1 = Math.min(cols, x0 + b);
                for (int y = y0; y < y1; y++) {
                    float[] s = src[y];
                    for (int x = x0; x < x1; x++) {
                        dst[x][y] = s[x];
                    }
                }
            }
        }
    }
}
