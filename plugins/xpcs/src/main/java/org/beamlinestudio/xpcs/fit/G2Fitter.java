package org.beamlinestudio.xpcs.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.beamlinestudio.xpcs.corr.MultiTauResult;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.MultivariateJacobianFunction;
import org.hipparchus.util.Pair;

/**
 * Fits g2(τ) per q-bin with Levenberg–Marquardt (Hipparchus), weighted by g2_err, with fixable and bounded
 * parameters and automatic starting values: baseline from the tail, β from the first delays, τc from where g2
 * crosses half-way down. Never throws for bad data: a failed fit comes back with {@code success = false} and a
 * message saying why.
 *
 * <p>Standard errors take g2_err as the σ of each point, inflated by √χ²ᵣ when χ²ᵣ > 1 (never deflated): the
 * g2 of neighbouring multi-tau delays come from the same frames, so their errors are correlated and a fit that
 * treats them as independent underestimates the τc error (on sim_ou_128 the slowest ring, 4 τc long, has
 * χ²ᵣ ≈ 4.6 and its τc scatters by 7 % rms between realisations against a 1.6 % absolute error). Without usable
 * errors the points are weighted equally and the errors are scaled by √χ²ᵣ. Bounds are enforced by clamping every trial point into the box.
 * Defaults for parameters without a setting: baseline [0.5, 2], β and β2 [0, 2], τc and τ2 [τmin/100, 100·τmax],
 * α [0.1, 3].
 */
public final class G2Fitter {

    /** How many standard errors the decay (and β) must exceed to count as a real decay. */
    private static final double SIGNIFICANCE = 3.0;

    /** Fits every dynamic q-bin of a multi-tau result against its delays in seconds. */
    public List<G2FitResult> fitAll(MultiTauResult result, G2FitOptions options) {
        return fitAll(result.delaySeconds(), result.g2(), result.g2Err(), options);
    }

    /**
     * Fits every q-bin.
     *
     * @param delays {@code [delay]}, increasing
     * @param g2     {@code [q-bin][delay]}
     * @param g2Err  {@code [q-bin][delay]}, or {@code null} for unweighted fits
     */
    public List<G2FitResult> fitAll(double[] delays, double[][] g2, double[][] g2Err, G2FitOptions options) {
        List<G2FitResult> out = new ArrayList<>(g2.length);
        for (int q = 0; q < g2.length; q++) {
            out.add(fit(delays, g2[q], g2Err == null ? null : g2Err[q], options));
        }
        return out;
    }

    /**
     * Fits one g2 curve.
     *
     * @param delays increasing delays (any unit; τc comes back in the same unit)
     * @param g2     g2 at each delay
     * @param g2Err  standard error at each delay, or {@code null}; points with a non-positive or non-finite error
     *               are left out when the others have errors
     */
    public G2FitResult fit(double[] delays, double[] g2, double[] g2Err, G2FitOptions options) {
        G2Model model = options.model();
        int np = model.parameterCount();
        if (delays.length != g2.length || (g2Err != null && g2Err.length != g2.length)) {
            throw new IllegalArgumentException("delays, g2 and g2_err differ in length: " + delays.length + ", "
                    + g2.length + ", " + (g2Err == null ? "none" : g2Err.length));
        }
        boolean weighted = g2Err != null && Arrays.stream(g2Err).anyMatch(e -> e > 0 && Double.isFinite(e));
        double[][] pts = selectPoints(delays, g2, weighted ? g2Err : null, options);
        double[] t = pts[0];
        double[] y = pts[1];
        double[] s = pts[2];
        int n = t.length;

        ParameterSetting[] set = settings(model, options, t);
        double[] start = startValues(model, t, y, set);
        boolean[] fixed = new boolean[np];
        int freeCount = 0;
        for (int k = 0; k < np; k++) {
            fixed[k] = set[k].fixed();
            if (!fixed[k]) {
                freeCount++;
            }
        }
        final int nFree = freeCount;
        double[] nan = new double[np];
        Arrays.fill(nan, Double.NaN);
        if (n <= nFree) {
            return new G2FitResult(model, start, nan, fixed, Double.NaN, n, 0, false, "too few usable points: " + n
                    + " delays with finite g2" + (weighted ? " and positive g2_err" : "") + " in the window, need more than "
                    + nFree + " (the free parameters)");
        }
        String flat = flatCurve(y, s);
        if (flat != null) {
            return new G2FitResult(model, start, nan, fixed, Double.NaN, n, 0, false, flat);
        }

        int[] free = new int[nFree];
        for (int k = 0, j = 0; k < np; k++) {
            if (!fixed[k]) {
                free[j++] = k;
            }
        }
        double[] target = new double[n];
        for (int i = 0; i < n; i++) {
            target[i] = y[i] / s[i];
        }
        MultivariateJacobianFunction fn = point -> {
            double[] p = full(start, free, point.toArray());
            double[] v = new double[n];
            double[][] jac = new double[n][nFree];
            double[] grad = new double[np];
            for (int i = 0; i < n; i++) {
                v[i] = model.value(t[i], p) / s[i];
                model.gradient(t[i], p, grad);
                for (int j = 0; j < nFree; j++) {
                    jac[i][j] = grad[free[j]] / s[i];
                }
            }
            return new Pair<>(new ArrayRealVector(v, false), new Array2DRowRealMatrix(jac, false));
        };
        double[] freeStart = new double[nFree];
        for (int j = 0; j < nFree; j++) {
            freeStart[j] = start[free[j]];
        }
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .start(freeStart)
                .model(fn)
                .target(target)
                .lazyEvaluation(false)
                .maxEvaluations(options.maxEvaluations())
                .maxIterations(options.maxEvaluations())
                .parameterValidator(point -> clamp(point, free, set))
                .build();
        LeastSquaresOptimizer.Optimum opt;
        try {
            opt = new LevenbergMarquardtOptimizer().optimize(problem);
        } catch (MathRuntimeException e) {
            return new G2FitResult(model, start, nan, fixed, Double.NaN, n, 0, false,
                    "the optimiser did not converge: " + e.getMessage());
        }
        double[] values = full(start, free, opt.getPoint().toArray());
        int dof = n - nFree;
        double chi2r = opt.getCost() * opt.getCost() / dof;
        double[] errors = new double[np];
        try {
            RealMatrix cov = opt.getCovariances(1e-14);
            // correlated delays show up as χ²ᵣ > 1: widen the errors then, never narrow them below g2_err's
            double scale = weighted ? Math.max(1, chi2r) : chi2r;
            for (int j = 0; j < nFree; j++) {
                errors[free[j]] = Math.sqrt(cov.getEntry(j, j) * scale);
            }
        } catch (MathRuntimeException e) {
            for (int j = 0; j < nFree; j++) {
                errors[free[j]] = Double.NaN;
            }
            return new G2FitResult(model, values, errors, fixed, chi2r, n, opt.getIterations(), false,
                    "the parameters are not determined by the data (singular covariance): " + e.getMessage());
        }
        if (model == G2Model.DOUBLE_EXPONENTIAL && values[G2Model.TAU] > values[G2Model.TAU2]
                && set[G2Model.BETA].equals(set[G2Model.BETA2]) && set[G2Model.TAU].equals(set[G2Model.TAU2])) {
            // Interchangeable components: report the fast one first.
            swap(values, G2Model.BETA, G2Model.BETA2);
            swap(values, G2Model.TAU, G2Model.TAU2);
            swap(errors, G2Model.BETA, G2Model.BETA2);
            swap(errors, G2Model.TAU, G2Model.TAU2);
        }
        return judge(model, values, errors, fixed, set, chi2r, n, opt.getIterations(), weighted);
    }

    /** Finite points inside the delay window, as {t, g2, σ}; σ = 1 when unweighted. */
    private static double[][] selectPoints(double[] delays, double[] g2, double[] err, G2FitOptions options) {
        List<double[]> keep = new ArrayList<>();
        for (int i = 0; i < delays.length; i++) {
            double t = delays[i];
            if (!Double.isFinite(t) || !Double.isFinite(g2[i]) || t < options.minDelay() || t > options.maxDelay()) {
                continue;
            }
            double s = err == null ? 1 : err[i];
            if (!(s > 0) || !Double.isFinite(s)) {
                continue;
            }
            keep.add(new double[] {t, g2[i], s});
        }
        double[][] out = new double[3][keep.size()];
        for (int i = 0; i < keep.size(); i++) {
            for (int c = 0; c < 3; c++) {
                out[c][i] = keep.get(i)[c];
            }
        }
        return out;
    }

    /** The caller's settings, with defaults scaled to the delays for the rest. */
    private static ParameterSetting[] settings(G2Model model, G2FitOptions options, double[] t) {
        double tMin = t.length == 0 ? 1e-9 : Math.max(t[0], 1e-300);
        double tMax = t.length == 0 ? 1 : t[t.length - 1];
        ParameterSetting[] out = new ParameterSetting[model.parameterCount()];
        for (int k = 0; k < out.length; k++) {
            String name = model.parameterNames().get(k);
            ParameterSetting def;
            switch (name) {
                case "baseline":
                    def = ParameterSetting.bounded(0.5, 2);
                    break;
                case "beta":
                case "beta2":
                    def = ParameterSetting.bounded(0, 2);
                    break;
                case "alpha":
                    def = ParameterSetting.bounded(0.1, 3);
                    break;
                default:
                    def = ParameterSetting.bounded(tMin / 100, tMax * 100);
                    break;
            }
            out[k] = options.setting(name).orElse(def);
        }
        return out;
    }

    /**
     * Automatic starts: baseline = mean of the last tenth (at least 3 points), β = mean of the first 3 points minus
     * the baseline (extrapolated to τ = 0), τc from where g2 crosses half-way down from there (a halving takes
     * τc·ln2/2), interpolated in log τ. A caller's
     * start or fixed value wins; every start is clamped into its bounds.
     */
    static double[] startValues(G2Model model, double[] t, double[] y, ParameterSetting[] set) {
        int n = t.length;
        double[] p = new double[model.parameterCount()];
        if (n == 0) {
            for (int k = 0; k < p.length; k++) {
                p[k] = Double.isFinite(set[k].start()) ? set[k].start() : set[k].clamp(1);
            }
            return p;
        }
        int tail = Math.min(n, Math.max(3, n / 10));
        double b = Double.isFinite(set[0].start()) ? set[0].start() : mean(y, n - tail, n);
        double head = mean(y, 0, Math.min(3, n));
        double beta = Math.max(head - b, 1e-3);
        double half = b + beta / 2;
        double tHalf = t[n - 1];
        for (int i = 0; i < n; i++) {
            if (y[i] <= half) {
                if (i == 0) {
                    tHalf = t[0];
                } else {
                    double f = (y[i - 1] - half) / (y[i - 1] - y[i]);
                    double lo = Math.log(Math.max(t[i - 1], 1e-300));
                    double hi = Math.log(Math.max(t[i], 1e-300));
                    tHalf = Math.exp(lo + f * (hi - lo));
                }
                break;
            }
        }
        // The head level belongs to the mean of the first delays, not to τ = 0: measure the halving from there
        // and extrapolate β back to τ = 0 (at most doubling it).
        double tHead = mean(t, 0, Math.min(3, n));
        double tau = 2 * Math.max(tHalf - tHead, tHalf / 4) / Math.log(2);
        beta *= Math.min(2, Math.exp(2 * tHead / tau));
        p[G2Model.BASELINE] = b;
        p[G2Model.BETA] = beta;
        p[G2Model.TAU] = tau;
        if (model == G2Model.STRETCHED) {
            p[G2Model.ALPHA] = 1;
        } else if (model == G2Model.DOUBLE_EXPONENTIAL) {
            p[G2Model.BETA] = beta / 2;
            p[G2Model.TAU] = tau / 3;
            p[G2Model.BETA2] = beta / 2;
            p[G2Model.TAU2] = tau * 3;
        }
        for (int k = 0; k < p.length; k++) {
            p[k] = Double.isFinite(set[k].start()) ? set[k].start() : set[k].clamp(p[k]);
        }
        return p;
    }

    /** A message when the first delays are not significantly above the tail (nothing decays), else null. */
    private static String flatCurve(double[] y, double[] s) {
        int n = y.length;
        int k = Math.min(3, n);
        int tail = Math.min(n, Math.max(3, n / 10));
        double drop = mean(y, 0, k) - mean(y, n - tail, n);
        double noise = Math.sqrt(meanSq(s, 0, k) / k + meanSq(s, n - tail, n) / tail);
        boolean unitWeights = Arrays.stream(s).allMatch(v -> v == 1);
        if (unitWeights) {
            // Without errors, judge the drop against the scatter of the tail.
            double m = mean(y, n - tail, n);
            double var = 0;
            for (int i = n - tail; i < n; i++) {
                var += (y[i] - m) * (y[i] - m);
            }
            noise = Math.sqrt(var / Math.max(1, tail - 1) * (1.0 / k + 1.0 / tail));
        }
        if (!(drop > SIGNIFICANCE * noise)) {
            return String.format("no decay to fit: g2 falls by %.3g from the first delays to the tail, which is not "
                    + "above its noise (%.2g); the curve is flat (no dynamics in this delay range, or no contrast)",
                    drop, noise);
        }
        return null;
    }

    /** Success unless β is insignificant or τc sits on a bound; free parameters on a bound are named. */
    private static G2FitResult judge(G2Model model, double[] v, double[] e, boolean[] fixed, ParameterSetting[] set,
                                     double chi2r, int n, int iterations, boolean weighted) {
        List<String> notes = new ArrayList<>();
        boolean ok = true;
        for (int k = 0; k < v.length; k++) {
            if (fixed[k]) {
                continue;
            }
            String name = model.parameterNames().get(k);
            if (!Double.isFinite(e[k])) {
                ok = false;
                notes.add(name + " has no finite standard error");
            }
            boolean atLower = v[k] <= set[k].lower();
            boolean atUpper = v[k] >= set[k].upper();
            if (atLower || atUpper) {
                String bound = atLower ? "lower" : "upper";
                if (k == G2Model.TAU || (model == G2Model.DOUBLE_EXPONENTIAL && k == G2Model.TAU2)) {
                    ok = false;
                    notes.add(String.format("%s = %.4g stopped at its %s bound: the decay is not resolved by the "
                            + "delays", name, v[k], bound));
                } else {
                    notes.add(String.format("%s = %.4g is at its %s bound", name, v[k], bound));
                }
            }
        }
        if (!fixed[G2Model.BETA] && !(v[G2Model.BETA] > SIGNIFICANCE * e[G2Model.BETA])) {
            ok = false;
            notes.add(String.format("contrast beta = %.3g ± %.2g is not significantly above 0: no decay", v[G2Model.BETA],
                    e[G2Model.BETA]));
        }
        if (!weighted) {
            notes.add("unweighted (no usable g2_err); errors scaled by sqrt(reduced chi2)");
        }
        return new G2FitResult(model, v, e, fixed, chi2r, n, iterations, ok, String.join("; ", notes));
    }

    private static double[] full(double[] template, int[] free, double[] freeValues) {
        double[] p = template.clone();
        for (int j = 0; j < free.length; j++) {
            p[free[j]] = freeValues[j];
        }
        return p;
    }

    private static RealVector clamp(RealVector point, int[] free, ParameterSetting[] set) {
        double[] v = point.toArray();
        for (int j = 0; j < free.length; j++) {
            double c = set[free[j]].clamp(v[j]);
            v[j] = Double.isNaN(c) ? set[free[j]].clamp(0) : c;
        }
        return new ArrayRealVector(v, false);
    }

    private static void swap(double[] a, int i, int j) {
        double x = a[i];
        a[i] = a[j];
        a[j] = x;
    }

    private static double mean(double[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += a[i];
        }
        return s / (to - from);
    }

    private static double meanSq(double[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += a[i] * a[i];
        }
        return s / (to - from);
    }
}
