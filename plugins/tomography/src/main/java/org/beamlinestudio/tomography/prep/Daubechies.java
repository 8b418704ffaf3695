package org.beamlinestudio.tomography.prep;

/**
 * Daubechies' orthonormal scaling filters dbN (N vanishing moments, 2N taps), designed here by
 * spectral factorisation rather than read from a table: |H(ω)|² = cos^{2N}(ω/2)·P(sin²(ω/2)) with
 * P(y) = Σ_{k<N} C(N−1+k, k) yᵏ; each root y of P gives z + 1/z = 2 − 4y, and the root z of the
 * minimum-phase choice (|z| > 1 in the variable of {@code h[k] zᵏ}) is kept. The result is the
 * reconstruction low-pass filter with the largest taps first (db2 = 0.483, 0.837, 0.224, −0.129),
 * normalised to Σh = √2.
 */
public final class Daubechies {

    private Daubechies() {
    }

    /** The scaling filter of dbN, 1 ≤ N ≤ 20 (db1 is Haar). */
    public static double[] scalingFilter(int n) {
        if (n < 1 || n > 20) {
            throw new IllegalArgumentException("Daubechies order must be 1…20, was " + n);
        }
        // P(y) coefficients, ascending powers.
        double[] p = new double[n];
        for (int k = 0; k < n; k++) {
            p[k] = binomial(n - 1 + k, k);
        }
        double[][] yRoots = roots(p); // n − 1 complex roots {re, im}
        // Polynomial in z, ascending powers, complex: start with (1 + z)^N.
        double[] re = new double[2 * n];
        double[] im = new double[2 * n];
        re[0] = 1;
        int degree = 0;
        for (int k = 0; k < n; k++) {
            degree = multiplyLinear(re, im, degree, 1, 0); // (z + 1)
        }
        for (double[] y : yRoots) {
            // z + 1/z = b with b = 2 − 4y; z = (b ± sqrt(b² − 4)) / 2, keep |z| > 1.
            double br = 2 - 4 * y[0];
            double bi = -4 * y[1];
            double dr = br * br - bi * bi - 4;
            double di = 2 * br * bi;
            double[] s = csqrt(dr, di);
            double z1r = (br + s[0]) / 2;
            double z1i = (bi + s[1]) / 2;
            double z2r = (br - s[0]) / 2;
            double z2i = (bi - s[1]) / 2;
            boolean first = z1r * z1r + z1i * z1i > z2r * z2r + z2i * z2i;
            double zr = first ? z1r : z2r;
            double zi = first ? z1i : z2i;
            degree = multiplyLinear(re, im, degree, -zr, -zi); // (z − z0)
        }
        double[] h = new double[2 * n];
        double sum = 0;
        for (int k = 0; k < 2 * n; k++) {
            h[k] = re[k];
            sum += h[k];
        }
        double scale = Math.sqrt(2) / sum;
        for (int k = 0; k < 2 * n; k++) {
            h[k] *= scale;
        }
        return h;
    }

    /** Multiplies poly (ascending, degree d) by (z + c) in place; returns the new degree. */
    private static int multiplyLinear(double[] re, double[] im, int d, double cr, double ci) {
        for (int k = d + 1; k >= 0; k--) {
            double lowerR = k > 0 ? re[k - 1] : 0;
            double lowerI = k > 0 ? im[k - 1] : 0;
            double curR = k <= d ? re[k] : 0;
            double curI = k <= d ? im[k] : 0;
            re[k] = lowerR + curR * cr - curI * ci;
            im[k] = lowerI + curR * ci + curI * cr;
        }
        return d + 1;
    }

    /** All complex roots of the real polynomial with ascending coefficients c (Durand–Kerner). */
    static double[][] roots(double[] c) {
        int d = c.length - 1;
        double[][] z = new double[d][2];
        if (d == 0) {
            return z;
        }
        double lead = c[d];
        for (int k = 0; k < d; k++) { // distinct, non-real starting points
            double r = Math.pow(0.4 + 0.9 * k, 1.0);
            z[k][0] = r * Math.cos(0.4 + 2 * Math.PI * k / d);
            z[k][1] = r * Math.sin(0.4 + 2 * Math.PI * k / d);
        }
        for (int iter = 0; iter < 2000; iter++) {
            double change = 0;
            for (int k = 0; k < d; k++) {
                // value of monic polynomial at z[k]
                double vr = 1;
                double vi = 0;
                for (int j = d - 1; j >= 0; j--) {
                    double nr = vr * z[k][0] - vi * z[k][1] + c[j] / lead;
                    double ni = vr * z[k][1] + vi * z[k][0];
                    vr = nr;
                    vi = ni;
                }
                double denR = 1;
                double denI = 0;
                for (int j = 0; j < d; j++) {
                    if (j != k) {
                        double ar = z[k][0] - z[j][0];
                        double ai = z[k][1] - z[j][1];
                        double nr = denR * ar - denI * ai;
                        double ni = denR * ai + denI * ar;
                        denR = nr;
                        denI = ni;
                    }
                }
                double den = denR * denR + denI * denI;
                double qr = (vr * denR + vi * denI) / den;
                double qi = (vi * denR - vr * denI) / den;
                z[k][0] -= qr;
                z[k][1] -= qi;
                change = Math.max(change, Math.hypot(qr, qi) / Math.max(1, Math.hypot(z[k][0], z[k][1])));
            }
            if (change < 1e-15) {
                break;
            }
        }
        return z;
    }

    private static double[] csqrt(double re, double im) {
        double m = Math.hypot(re, im);
        double r = Math.sqrt((m + re) / 2);
        double i = Math.copySign(Math.sqrt(Math.max(0, (m - re) / 2)), im);
        return new double[] {r, i};
    }

    private static double binomial(int n, int k) {
        double b = 1;
        for (int i = 1; i <= k; i++) {
            b = b * (n - k + i) / i;
        }
        return b;
    }
}
