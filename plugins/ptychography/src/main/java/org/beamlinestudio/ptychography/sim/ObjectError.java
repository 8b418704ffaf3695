package org.beamlinestudio.ptychography.sim;

import org.beamlinestudio.ptychography.data.ComplexField;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * The object error of a reconstruction against the truth, over a region R (the illuminated pixels):
 * {@code ε = min_{c ∈ ℂ, s ∈ ℝ²} sqrt(Σ_R |T(r) − c · O(r + s)|² / Σ_R |T(r)|²)}. The complex factor c removes
 * the global phase and the object/probe scale ambiguity of ptychography; the shift s (sub-pixel: integer peak of
 * the cross-correlation of the masked fields, refined by a parabola through its neighbours, applied to O as a
 * Fourier phase ramp) removes the global translation ambiguity. 0 is perfect; a flat object scores about the
 * relative RMS of the truth's features.
 */
public final class ObjectError {

    /**
     * @param error ε
     * @param shiftY the s found, rows
     * @param shiftX the s found, columns
     * @param scale |c|
     * @param phase arg c, radians
     */
    public record Result(double error, double shiftY, double shiftX, double scale, double phase) {
    }

    private ObjectError() {
    }

    /** ε of {@code reconstruction} against {@code truth} (same size) over {@code region}. */
    public static Result of(ComplexField reconstruction, ComplexField truth, boolean[] region) {
        return of(reconstruction, truth, region, false);
    }

    /**
     * ε, optionally also minimised over a linear phase ramp {@code e^{i k·r}} on the reconstruction: the other
     * exact ambiguity of ptychography with a free probe (object ramp, probe counter-ramp), found as the sub-bin peak
     * of the spectrum of {@code T · conj(O)} over the region.
     */
    public static Result of(ComplexField reconstruction, ComplexField truth, boolean[] region, boolean removeRamp) {
        int h = truth.height();
        int w = truth.width();
        if (reconstruction.height() != h || reconstruction.width() != w || region.length != h * w) {
            throw new IllegalArgumentException("Object error needs equal sizes: " + reconstruction + " vs " + truth);
        }
        double[] t = new double[2 * h * w];
        double[] o = new double[2 * h * w];
        for (int i = 0; i < h * w; i++) {
            if (region[i]) {
                t[2 * i] = truth.data()[2 * i];
                t[2 * i + 1] = truth.data()[2 * i + 1];
                o[2 * i] = reconstruction.data()[2 * i];
                o[2 * i + 1] = reconstruction.data()[2 * i + 1];
            }
        }
        DoubleFFT_2D fft = new DoubleFFT_2D(h, w);
        fft.complexForward(t);
        fft.complexForward(o);
        // cc(s) = Σ_r conj(T(r)) O(r + s)  ⇔  F⁻¹(conj(T̂) Ô)
        double[] cc = new double[2 * h * w];
        for (int i = 0; i < h * w; i++) {
            double tr = t[2 * i];
            double ti = t[2 * i + 1];
            double or = o[2 * i];
            double oi = o[2 * i + 1];
            cc[2 * i] = tr * or + ti * oi;
            cc[2 * i + 1] = tr * oi - ti * or;
        }
        fft.complexInverse(cc, true);
        int best = 0;
        double bestV = -1;
        for (int i = 0; i < h * w; i++) {
            double v = Math.hypot(cc[2 * i], cc[2 * i + 1]);
            if (v > bestV) {
                bestV = v;
                best = i;
            }
        }
        int py = best / w;
        int px = best % w;
        double sy = wrap(py, h) + parabola(mag(cc, (py - 1 + h) % h, px, w), bestV, mag(cc, (py + 1) % h, px, w));
        double sx = wrap(px, w) + parabola(mag(cc, py, (px - 1 + w) % w, w), bestV, mag(cc, py, (px + 1) % w, w));
        // Refine the parabola's estimate by a pattern search on ε itself (the parabola is biased for sharp edges).
        double[] spectrum = new double[2 * h * w];
        for (int i = 0; i < 2 * h * w; i++) {
            spectrum[i] = reconstruction.data()[i];
        }
        fft.complexForward(spectrum);
        double[] work = new double[2 * h * w];
        Result best0 = at(spectrum, work, fft, truth, region, removeRamp, sy, sx);
        for (double step = 0.2; step >= 0.01; step /= 2) {
            boolean improved = true;
            while (improved) {
                improved = false;
                double[][] moves = {{step, 0}, {-step, 0}, {0, step}, {0, -step}};
                for (double[] mv : moves) {
                    Result r = at(spectrum, work, fft, truth, region, removeRamp, best0.shiftY() + mv[0],
                            best0.shiftX() + mv[1]);
                    if (r.error() < best0.error()) {
                        best0 = r;
                        improved = true;
                    }
                }
            }
        }
        return best0;
    }

    /** ε at shift (sy, sx): O(r + s) from Ô · exp(+2πi q·s / N), then the ramp (optional) and the best c. */
    private static Result at(double[] spectrum, double[] full, DoubleFFT_2D fft, ComplexField truth,
            boolean[] region, boolean removeRamp, double sy, double sx) {
        int h = truth.height();
        int w = truth.width();
        for (int y = 0; y < h; y++) {
            double fy = (y < (h + 1) / 2 ? y : y - h) / (double) h;
            for (int x = 0; x < w; x++) {
                double fx = (x < (w + 1) / 2 ? x : x - w) / (double) w;
                double ph = 2 * Math.PI * (fy * sy + fx * sx);
                int i = 2 * (y * w + x);
                double re = spectrum[i];
                double im = spectrum[i + 1];
                full[i] = re * Math.cos(ph) - im * Math.sin(ph);
                full[i + 1] = re * Math.sin(ph) + im * Math.cos(ph);
            }
        }
        fft.complexInverse(full, true);
        if (removeRamp) {
            double[] g = new double[2 * h * w];
            for (int i = 0; i < h * w; i++) {
                if (region[i]) {
                    double tr = truth.data()[2 * i];
                    double ti = truth.data()[2 * i + 1];
                    double or = full[2 * i];
                    double oi = full[2 * i + 1];
                    g[2 * i] = tr * or + ti * oi;
                    g[2 * i + 1] = ti * or - tr * oi;
                }
            }
            fft.complexForward(g);
            int b = 0;
            double bv = -1;
            for (int i = 0; i < h * w; i++) {
                double v = Math.hypot(g[2 * i], g[2 * i + 1]);
                if (v > bv) {
                    bv = v;
                    b = i;
                }
            }
            int ky = b / w;
            int kx = b % w;
            // forward transform: peak at −k for a ramp e^{+i2πk·r/N}; the parabola refines it
            double fy = -(wrap(ky, h) + parabola(mag(g, (ky - 1 + h) % h, kx, w), bv, mag(g, (ky + 1) % h, kx, w)));
            double fx = -(wrap(kx, w) + parabola(mag(g, ky, (kx - 1 + w) % w, w), bv, mag(g, ky, (kx + 1) % w, w)));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double ph = -2 * Math.PI * (fy * y / h + fx * x / w);
                    int i = 2 * (y * w + x);
                    double re = full[i];
                    double im = full[i + 1];
                    full[i] = re * Math.cos(ph) - im * Math.sin(ph);
                    full[i + 1] = re * Math.sin(ph) + im * Math.cos(ph);
                }
            }
        }
        double nr = 0;
        double ni = 0;
        double oo = 0;
        double tt = 0;
        for (int i = 0; i < h * w; i++) {
            if (!region[i]) {
                continue;
            }
            double tr = truth.data()[2 * i];
            double ti = truth.data()[2 * i + 1];
            double or = full[2 * i];
            double oi = full[2 * i + 1];
            nr += or * tr + oi * ti;
            ni += or * ti - oi * tr;
            oo += or * or + oi * oi;
            tt += tr * tr + ti * ti;
        }
        double cr = oo > 0 ? nr / oo : 0;
        double ci = oo > 0 ? ni / oo : 0;
        double err = 0;
        for (int i = 0; i < h * w; i++) {
            if (!region[i]) {
                continue;
            }
            double or = full[2 * i];
            double oi = full[2 * i + 1];
            double dr = truth.data()[2 * i] - (cr * or - ci * oi);
            double di = truth.data()[2 * i + 1] - (cr * oi + ci * or);
            err += dr * dr + di * di;
        }
        return new Result(Math.sqrt(err / tt), sy, sx, Math.hypot(cr, ci), Math.atan2(ci, cr));
    }

    private static double mag(double[] c, int y, int x, int w) {
        return Math.hypot(c[2 * (y * w + x)], c[2 * (y * w + x) + 1]);
    }

    private static int wrap(int i, int n) {
        return i > n / 2 ? i - n : i;
    }

    /** Vertex offset of the parabola through (−1, a), (0, b), (1, c), within ±0.5. */
    private static double parabola(double a, double b, double c) {
        double d = a - 2 * b + c;
        if (d >= 0) {
            return 0;
        }
        return Math.max(-0.5, Math.min(0.5, 0.5 * (a - c) / d));
    }
}
