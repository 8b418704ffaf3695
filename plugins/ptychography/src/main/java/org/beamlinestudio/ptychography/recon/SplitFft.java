package org.beamlinestudio.ptychography.recon;

import org.beamlinestudio.core.JvmFacts;

/**
 * Radix-2 FFT along the first index of a block of rows in split form ({@code re[y][x]}, {@code im[y][x]}): every
 * butterfly works on two whole rows at once, so the innermost loop runs over contiguous floats with the same index
 * in every array, which HotSpot's C2 turns into SIMD code. A 2-D transform is this along y, a transpose, and this
 * again (the result is transposed: the engines keep Fourier-space data in that layout). The bit-reversal
 * permutation swaps row references, which costs nothing. Power-of-two sizes only; thread-safe (read-only tables).
 *
 * <p>Stages can be fused in pairs ({@link #FUSED_BY_DEFAULT}): each row is then loaded and stored half as often,
 * which makes a 128² transform about 1.5× faster, but only if C2 vectorises the fused loop, and C2 unrolls (and so
 * vectorises) only loops of at most {@code -XX:LoopUnrollLimit} nodes: 60 by default, about 100 needed. The
 * launchers ({@code studio}, the installed app) pass 140; a JVM started with less keeps the plain radix-2 stages,
 * which vectorise under the default limit. Both give the same bits.
 */
final class SplitFft {

    /**
     * The {@code LoopUnrollLimit} from which the fused stages are used: they vectorise from 101–105 on (JDK 17.0.15;
     * at 100 they stay scalar and ePIE at 161 × 128² drops from 45 to 33 it/s, at 105 it rises to 56), with margin
     * for other JDK builds' node counts.
     */
    static final int UNROLL_LIMIT_NEEDED = 120;

    /** Whether this JVM's C2 unrolls loops as large as the fused stages. */
    static final boolean FUSED_BY_DEFAULT = unrollLimit() >= UNROLL_LIMIT_NEEDED;

    private final int n;
    private final boolean fused;
    private final float[] cos;
    private final float[] sin;
    private final int[] reverse;

    SplitFft(int n) {
        this(n, FUSED_BY_DEFAULT);
    }

    /** With {@code fused}, pairs of stages run as one pass (see the class comment). */
    SplitFft(int n, boolean fused) {
        this.fused = fused;
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
        // Fused: radix-2 stages of sizes L and 2L are done together, four rows at a time: the same butterflies with
        // the same twiddles in the same order (so the result is that of the radix-2 transform, bit for bit), with each
        // row loaded and stored once for both stages instead of twice (the rows stream from L2 at 128²).
        int size = 2;
        for (; fused && 2 * size <= n; size <<= 2) {
            int q = size >> 1;
            int step1 = n / size;
            int step2 = n / (2 * size);
            for (int i = 0; i < n; i += 2 * size) {
                for (int j = 0; j < q; j++) {
                    int a = i + j;
                    int b = a + q;
                    int c = a + size;
                    int d = c + q;
                    float c3r = cos[(j + q) * step2];
                    float c3i = inverse ? -sin[(j + q) * step2] : sin[(j + q) * step2];
                    if (j == 0) {
                        doubleButterfly0(re[a], im[a], re[b], im[b], re[c], im[c], re[d], im[d], c3r, c3i, len);
                    } else {
                        float c1r = cos[j * step1];
                        float c1i = inverse ? -sin[j * step1] : sin[j * step1];
                        float c2r = cos[j * step2];
                        float c2i = inverse ? -sin[j * step2] : sin[j * step2];
                        doubleButterfly(re[a], im[a], re[b], im[b], re[c], im[c], re[d], im[d], c1r, c1i, c2r, c2i,
                                c3r, c3i, len);
                    }
                }
            }
        }
        for (; size <= n; size <<= 1) {
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

    /**
     * Two radix-2 stages on rows a, b, c, d at offset j = 0: {@link #butterfly0} on (a, b) and (c, d), then
     * {@link #butterfly0} on (a, c) and {@link #butterfly} with (c3r, c3i) on (b, d).
     */
    private static void doubleButterfly0(float[] ar, float[] ai, float[] br, float[] bi, float[] cr, float[] ci,
            float[] dr, float[] di, float c3r, float c3i, int len) {
        for (int x = 0; x < len; x++) {
            float a1r = ar[x] + br[x];
            float a1i = ai[x] + bi[x];
            float b1r = ar[x] - br[x];
            float b1i = ai[x] - bi[x];
            float c1r = cr[x] + dr[x];
            float c1i = ci[x] + di[x];
            float d1r = cr[x] - dr[x];
            float d1i = ci[x] - di[x];
            ar[x] = a1r + c1r;
            ai[x] = a1i + c1i;
            cr[x] = a1r - c1r;
            ci[x] = a1i - c1i;
            float tr = c3r * d1r - c3i * d1i;
            float ti = c3r * d1i + c3i * d1r;
            br[x] = b1r + tr;
            bi[x] = b1i + ti;
            dr[x] = b1r - tr;
            di[x] = b1i - ti;
        }
    }

    /**
     * Two radix-2 stages on rows a, b, c, d: {@link #butterfly} with twiddle 1 on (a, b) and (c, d), then with
     * twiddle 2 on (a, c) and twiddle 3 on (b, d).
     */
    private static void doubleButterfly(float[] ar, float[] ai, float[] br, float[] bi, float[] cr, float[] ci,
            float[] dr, float[] di, float w1r, float w1i, float w2r, float w2i, float w3r, float w3i, int len) {
        for (int x = 0; x < len; x++) {
            float xr = br[x];
            float xi = bi[x];
            float tr = w1r * xr - w1i * xi;
            float ti = w1r * xi + w1i * xr;
            float ur = ar[x];
            float ui = ai[x];
            float b1r = ur - tr;
            float b1i = ui - ti;
            float a1r = ur + tr;
            float a1i = ui + ti;
            xr = dr[x];
            xi = di[x];
            tr = w1r * xr - w1i * xi;
            ti = w1r * xi + w1i * xr;
            ur = cr[x];
            ui = ci[x];
            float d1r = ur - tr;
            float d1i = ui - ti;
            float c1r = ur + tr;
            float c1i = ui + ti;
            tr = w2r * c1r - w2i * c1i;
            ti = w2r * c1i + w2i * c1r;
            cr[x] = a1r - tr;
            ci[x] = a1i - ti;
            ar[x] = a1r + tr;
            ai[x] = a1i + ti;
            tr = w3r * d1r - w3i * d1i;
            ti = w3r * d1i + w3i * d1r;
            dr[x] = b1r - tr;
            di[x] = b1i - ti;
            br[x] = b1r + tr;
            bi[x] = b1i + ti;
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

    /** C2's {@code LoopUnrollLimit} in this JVM, or 0 when it cannot be read (not HotSpot). */
    private static int unrollLimit() {
        return JvmFacts.vmOption("LoopUnrollLimit").map(Integer::parseInt).orElse(0);
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
