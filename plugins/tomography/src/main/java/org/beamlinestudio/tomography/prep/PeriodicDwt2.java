package org.beamlinestudio.tomography.prep;

import java.util.stream.IntStream;

/**
 * A separable 2-D orthonormal discrete wavelet transform with periodic extension, in place, in the
 * Mallat layout: after level j the top-left (h/2ʲ × w/2ʲ) block holds the approximation and the
 * three detail bands sit to its right (high-pass along columns: "vertical" detail, which holds
 * vertical stripes), below it (high-pass along rows) and diagonally. Periodic extension makes it
 * exactly orthogonal, so the inverse reconstructs to rounding; callers pad their data (e.g. by
 * mirroring) so the wrap-around joins smooth signal. Both dimensions must be divisible by 2^levels.
 */
public final class PeriodicDwt2 {

    private final double[] lo;
    private final double[] hi;

    /** A transform with the orthonormal scaling filter {@code h} (e.g. {@link Daubechies#scalingFilter}). */
    public PeriodicDwt2(double[] h) {
        int n = h.length;
        if (n < 2 || n % 2 != 0) {
            throw new IllegalArgumentException("an orthonormal scaling filter has an even number of taps, got " + n);
        }
        lo = h.clone();
        hi = new double[n];
        for (int k = 0; k < n; k++) {
            hi[k] = ((k & 1) == 0 ? 1 : -1) * h[n - 1 - k];
        }
    }

    /** Forward transform of {@code data} (height × width, row stride {@code width}) over {@code levels}. */
    public void forward(float[] data, int height, int width, int levels) {
        check(data, height, width, levels);
        int h = height;
        int w = width;
        for (int l = 0; l < levels; l++) {
            transformRows(data, width, h, w, true);
            transformColumns(data, width, h, w, true);
            h /= 2;
            w /= 2;
        }
    }

    /** Inverse of {@link #forward}. */
    public void inverse(float[] data, int height, int width, int levels) {
        check(data, height, width, levels);
        for (int l = levels - 1; l >= 0; l--) {
            int h = height >> l;
            int w = width >> l;
            transformColumns(data, width, h, w, false);
            transformRows(data, width, h, w, false);
        }
    }

    private void transformRows(float[] data, int stride, int h, int w, boolean forward) {
        IntStream.range(0, h).parallel().forEach(r -> {
            double[] line = new double[w];
            double[] out = new double[w];
            int base = r * stride;
            for (int i = 0; i < w; i++) {
                line[i] = data[base + i];
            }
            if (forward) {
                analyse(line, out, w);
            } else {
                synthesise(line, out, w);
            }
            for (int i = 0; i < w; i++) {
                data[base + i] = (float) out[i];
            }
        });
    }

    /**
     * The column transform as combinations of whole rows (out row i = Σ_k f[k] · row (2i + k) mod h),
     * over stripes of columns: contiguous, vectorisable inner loops instead of strided gathers.
     */
    private void transformColumns(float[] data, int stride, int h, int w, boolean forward) {
        int stripe = 256;
        int half = h / 2;
        int taps = lo.length;
        IntStream.range(0, (w + stripe - 1) / stripe).parallel().forEach(b -> {
            int c0 = b * stripe;
            int width = Math.min(w, c0 + stripe) - c0;
            double[] in = new double[h * width];
            double[] out = new double[h * width];
            for (int r = 0; r < h; r++) {
                int src = r * stride + c0;
                int dst = r * width;
                for (int c = 0; c < width; c++) {
                    in[dst + c] = data[src + c];
                }
            }
            if (forward) {
                for (int i = 0; i < half; i++) {
                    int a = i * width;
                    int d = (half + i) * width;
                    for (int k = 0; k < taps; k++) {
                        int src = ((2 * i + k) % h) * width;
                        double fl = lo[k];
                        double fh = hi[k];
                        for (int c = 0; c < width; c++) {
                            double v = in[src + c];
                            out[a + c] += fl * v;
                            out[d + c] += fh * v;
                        }
                    }
                }
            } else {
                for (int i = 0; i < half; i++) {
                    int a = i * width;
                    int d = (half + i) * width;
                    for (int k = 0; k < taps; k++) {
                        int dst = ((2 * i + k) % h) * width;
                        double fl = lo[k];
                        double fh = hi[k];
                        for (int c = 0; c < width; c++) {
                            out[dst + c] += fl * in[a + c] + fh * in[d + c];
                        }
                    }
                }
            }
            for (int r = 0; r < h; r++) {
                int dst = r * stride + c0;
                int src = r * width;
                for (int c = 0; c < width; c++) {
                    data[dst + c] = (float) out[src + c];
                }
            }
        });
    }

    /** out[0, n/2) = approximation, out[n/2, n) = detail. */
    void analyse(double[] x, double[] out, int n) {
        int half = n / 2;
        int taps = lo.length;
        for (int i = 0; i < half; i++) {
            double a = 0;
            double d = 0;
            int start = 2 * i;
            if (start + taps <= n) {
                for (int k = 0; k < taps; k++) {
                    double v = x[start + k];
                    a += lo[k] * v;
                    d += hi[k] * v;
                }
            } else {
                for (int k = 0; k < taps; k++) {
                    double v = x[(start + k) % n];
                    a += lo[k] * v;
                    d += hi[k] * v;
                }
            }
            out[i] = a;
            out[half + i] = d;
        }
    }

    /** Adjoint (= inverse) of {@link #analyse}. */
    void synthesise(double[] coeffs, double[] out, int n) {
        int half = n / 2;
        int taps = lo.length;
        java.util.Arrays.fill(out, 0, n, 0);
        for (int i = 0; i < half; i++) {
            double a = coeffs[i];
            double d = coeffs[half + i];
            int start = 2 * i;
            if (start + taps <= n) {
                for (int k = 0; k < taps; k++) {
                    out[start + k] += lo[k] * a + hi[k] * d;
                }
            } else {
                for (int k = 0; k < taps; k++) {
                    out[(start + k) % n] += lo[k] * a + hi[k] * d;
                }
            }
        }
    }

    private static void check(float[] data, int height, int width, int levels) {
        if ((long) height * width != data.length) {
            throw new IllegalArgumentException("array has " + data.length + " values, expected " + height + " × " + width);
        }
        int unit = 1 << levels;
        if (levels < 0 || height % unit != 0 || width % unit != 0) {
            throw new IllegalArgumentException(height + " × " + width + " is not divisible by 2^" + levels);
        }
    }
}
