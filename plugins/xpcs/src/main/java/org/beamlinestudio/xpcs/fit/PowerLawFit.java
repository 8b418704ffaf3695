package org.beamlinestudio.xpcs.fit;

import java.util.List;

/**
 * Fits τc(q) = A·q^(−p) as a straight line ln τc = ln A − p·ln q, weighted by σ(ln τc) = σ(τc)/τc, and gives the
 * diffusion coefficient D = 1/(τc q²) (τc in s, q in Å⁻¹ → Å²/s) when p is held at 2 or the fitted p is
 * consistent with 2 (within 3 standard errors or {@value #DIFFUSIVE_TOLERANCE}).
 */
public final class PowerLawFit {

    /** |p − 2| below which a fitted exponent counts as diffusive whatever its error. */
    public static final double DIFFUSIVE_TOLERANCE = 0.1;

    private PowerLawFit() {
    }

    /** Fits the successful g2 fits' τc (and errors) against their q; failed fits are left out. */
    public static PowerLawResult fit(double[] q, List<G2FitResult> fits, double fixedExponent) {
        if (q.length != fits.size()) {
            throw new IllegalArgumentException(q.length + " q values for " + fits.size() + " fits");
        }
        double[] tau = new double[q.length];
        double[] err = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            G2FitResult f = fits.get(i);
            tau[i] = f.success() ? f.tau() : Double.NaN;
            err[i] = f.success() ? f.tauError() : Double.NaN;
        }
        return fit(q, tau, err, fixedExponent);
    }

    /**
     * Fits τc(q).
     *
     * @param q             q per bin (> 0)
     * @param tau           τc per bin (> 0); non-finite or non-positive entries are left out
     * @param tauErr        standard errors of τc, or {@code null} for equal weights on the log scale
     * @param fixedExponent the exponent to hold, or {@code NaN} to fit it
     * @throws IllegalArgumentException when fewer points remain than the fit needs
     */
    public static PowerLawResult fit(double[] q, double[] tau, double[] tauErr, double fixedExponent) {
        if (q.length != tau.length || (tauErr != null && tauErr.length != tau.length)) {
            throw new IllegalArgumentException("q, tau and tau errors differ in length");
        }
        boolean weighted = tauErr != null;
        int n = 0;
        double[] x = new double[q.length];
        double[] y = new double[q.length];
        double[] w = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            boolean ok = q[i] > 0 && tau[i] > 0 && Double.isFinite(q[i]) && Double.isFinite(tau[i]);
            double s = weighted ? tauErr[i] / tau[i] : 1;
            if (!ok || !(s > 0) || !Double.isFinite(s)) {
                continue;
            }
            x[n] = Math.log(q[i]);
            y[n] = Math.log(tau[i]);
            w[n] = 1 / (s * s);
            n++;
        }
        boolean fixed = !Double.isNaN(fixedExponent);
        int nFree = fixed ? 1 : 2;
        if (n < nFree) {
            throw new IllegalArgumentException("a power law needs at least " + nFree + " q-bins with a positive τc"
                    + (weighted ? " and error" : "") + ", found " + n);
        }
        double sw = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sw += w[i];
            sx += w[i] * x[i];
            sy += w[i] * y[i];
            sxx += w[i] * x[i] * x[i];
            sxy += w[i] * x[i] * y[i];
        }
        double p;
        double pErr;
        double lnA;
        double lnAErr;
        if (fixed) {
            p = fixedExponent;
            pErr = 0;
            lnA = (sy + p * sx) / sw;
            lnAErr = Math.sqrt(1 / sw);
        } else {
            double det = sw * sxx - sx * sx;
            if (!(det > 0)) {
                throw new IllegalArgumentException("all q-bins have the same q: the exponent is not determined");
            }
            double slope = (sw * sxy - sx * sy) / det;
            lnA = (sxx * sy - sx * sxy) / det;
            p = -slope;
            pErr = Math.sqrt(sw / det);
            lnAErr = Math.sqrt(sxx / det);
        }
        double chi2 = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - (lnA - p * x[i]);
            chi2 += w[i] * r * r;
        }
        int dof = n - nFree;
        double chi2r = dof > 0 ? chi2 / dof : Double.NaN;
        double scale = weighted ? 1 : (dof > 0 ? Math.sqrt(chi2r) : Double.NaN);
        pErr *= fixed ? 1 : scale;
        lnAErr *= scale;
        double a = Math.exp(lnA);

        boolean diffusive = fixed ? fixedExponent == 2
                : Math.abs(p - 2) <= Math.max(DIFFUSIVE_TOLERANCE, 3 * pErr);
        double d = Double.NaN;
        double dErr = Double.NaN;
        if (diffusive) {
            // τc = A2·q⁻² with D = 1/A2; ln A2 is the weighted mean of ln(τc q²).
            double lnA2 = (sy + 2 * sx) / sw;
            double lnA2Err = Math.sqrt(1 / sw) * scale;
            if (!weighted && dof <= 0) {
                lnA2Err = Double.NaN;
            }
            d = Math.exp(-lnA2);
            dErr = d * lnA2Err;
        }
        return new PowerLawResult(a, a * lnAErr, p, pErr, fixed, chi2r, n, diffusive, d, dErr);
    }
}
