package org.beamlinestudio.ptychography.results;

import org.jtransforms.dct.DoubleDCT_2D;

/**
 * Display helpers for a reconstructed phase: 2-D unwrapping (unweighted least squares, solved with a DCT as Ghiglia
 * and Romero do: exact for a smooth phase, never stuck on residues) and removal of a linear ramp (the far-field
 * shift ambiguity shows up as one). For display only: results keep the complex object as reconstructed.
 */
public final class PhaseDisplay {

    private PhaseDisplay() {
    }

    /** Wraps a value into (−π, π]. */
    static double wrap(double v) {
        return v - 2 * Math.PI * Math.floor((v + Math.PI) / (2 * Math.PI));
    }

    /**
     * Unwraps a wrapped phase (h × w, row-major): the phase whose gradients are closest, in least squares, to the
     * wrapped gradients of the input. The result is defined up to a constant; its mean is set to the input's mean.
     */
    public static float[] unwrap(float[] wrapped, int h, int w) {
        if (wrapped.length != h * w) {
            throw new IllegalArgumentException(wrapped.length + " values for a " + h + " × " + w + " phase");
        }
        double[] rho = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = y * w + x;
                double dxr = x < w - 1 ? wrap(wrapped[k + 1] - wrapped[k]) : 0;
                double dxl = x > 0 ? wrap(wrapped[k] - wrapped[k - 1]) : 0;
                double dyd = y < h - 1 ? wrap(wrapped[k + w] - wrapped[k]) : 0;
                double dyu = y > 0 ? wrap(wrapped[k] - wrapped[k - w]) : 0;
                rho[k] = (dxr - dxl) + (dyd - dyu);
            }
        }
        DoubleDCT_2D dct = new DoubleDCT_2D(h, w);
        dct.forward(rho, true);
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double denom = 2 * Math.cos(Math.PI * i / h) + 2 * Math.cos(Math.PI * j / w) - 4;
                rho[i * w + j] = (i == 0 && j == 0) ? 0 : rho[i * w + j] / denom;
            }
        }
        dct.inverse(rho, true);
        double meanIn = 0;
        double meanOut = 0;
        for (int k = 0; k < rho.length; k++) {
            meanIn += wrapped[k];
            meanOut += rho[k];
        }
        double shift = (meanIn - meanOut) / rho.length;
        float[] out = new float[h * w];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) (rho[k] + shift);
        }
        return out;
    }

    /**
     * Subtracts the least-squares plane a + b·y + c·x fitted where {@code weight} is true (all pixels when
     * {@code null}), e.g. only where the object was illuminated.
     */
    public static float[] removeRamp(float[] phase, int h, int w, boolean[] weight) {
        double[][] m = new double[3][3];
        double[] r = new double[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = y * w + x;
                if (weight != null && !weight[k]) {
                    continue;
                }
                double[] b = {1, y, x};
                for (int i = 0; i < 3; i++) {
                    r[i] += b[i] * phase[k];
                    for (int j = 0; j < 3; j++) {
                        m[i][j] += b[i] * b[j];
                    }
                }
            }
        }
        double[] c = solve3(m, r);
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = y * w + x;
                out[k] = (float) (phase[k] - (c[0] + c[1] * y + c[2] * x));
            }
        }
        return out;
    }

    /** Cramer's rule; a singular system (too few pixels) removes nothing. */
    private static double[] solve3(double[][] a, double[] b) {
        double det = det(a);
        if (Math.abs(det) < 1e-12) {
            return new double[3];
        }
        double[] x = new double[3];
        for (int c = 0; c < 3; c++) {
            double[][] t = {a[0].clone(), a[1].clone(), a[2].clone()};
            for (int r = 0; r < 3; r++) {
                t[r][c] = b[r];
            }
            x[c] = det(t) / det;
        }
        return x;
    }

    private static double det(double[][] a) {
        return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
    }
}
