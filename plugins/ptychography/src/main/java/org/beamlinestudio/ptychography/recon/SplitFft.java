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

    /**
     * {@link #transpose} of a split complex block, real and imaginary parts together: eight source rows at a time,
     * so each destination row reference is loaded once per eight stores (half the time of two plain transposes at
     * 128²).
     */
    static void transpose(float[][] srcRe, float[][] srcIm, float[][] dstRe, float[][] dstIm, int rows, int cols) {
        if (rows % 8 != 0) {
            transpose(srcRe, dstRe, rows, cols);
            transpose(srcIm, dstIm, rows, cols);
            return;
        }
        for (int y = 0; y < rows; y += 8) {
            float[] r0 = srcRe[y];
            float[] r1 = srcRe[y + 1];
            float[] r2 = srcRe[y + 2];
            float[] r3 = srcRe[y + 3];
            float[] r4 = srcRe[y + 4];
            float[] r5 = srcRe[y + 5];
            float[] r6 = srcRe[y + 6];
            float[] r7 = srcRe[y + 7];
            float[] i0 = srcIm[y];
            float[] i1 = srcIm[y + 1];
            float[] i2 = srcIm[y + 2];
            float[] i3 = srcIm[y + 3];
            float[] i4 = srcIm[y + 4];
            float[] i5 = srcIm[y + 5];
            float[] i6 = srcIm[y + 6];
            float[] i7 = srcIm[y + 7];
            for (int x = 0; x < cols; x++) {
                float[] dr = dstRe[x];
                dr[y] = r0[x];
                dr[y + 1] = r1[x];
                dr[y + 2] = r2[x];
                dr[y + 3] = r3[x];
                dr[y + 4] = r4[x];
                dr[y + 5] = r5[x];
                dr[y + 6] = r6[x];
                dr[y + 7] = r7[x];
                float[] di = dstIm[x];
                di[y] = i0[x];
                di[y + 1] = i1[x];
                di[y + 2] = i2[x];
                di[y + 3] = i3[x];
                di[y + 4] = i4[x];
                di[y + 5] = i5[x];
                di[y + 6] = i6[x];
                di[y + 7] = i7[x];
            }
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
