package org.beamlinestudio.xpcs.fit;

import java.util.List;

/**
 * The outcome of one g2 fit.
 *
 * @param model            the model fitted
 * @param values           parameter values in {@link G2Model#parameterNames()} order (the start values when
 *                         the fit failed before optimising)
 * @param errors           standard errors from the covariance (0 for fixed parameters, NaN when unknown)
 * @param fixed            which parameters were held fixed
 * @param reducedChiSquare χ² / (points − free parameters), with χ² weighted by g2_err
 * @param points           delays used
 * @param iterations       optimiser iterations
 * @param success          {@code true} when the fit converged and the decay is significant
 * @param message          why the fit failed, or notes (parameters at a bound); empty when nothing to say
 */
public record G2FitResult(G2Model model, double[] values, double[] errors, boolean[] fixed, double reducedChiSquare,
                          int points, int iterations, boolean success, String message) {

    /** Value of the parameter {@code name}. */
    public double value(String name) {
        return values[model.indexOf(name)];
    }

    /** Standard error of the parameter {@code name}. */
    public double error(String name) {
        return errors[model.indexOf(name)];
    }

    /** Baseline (g2 at long delays). */
    public double baseline() {
        return values[G2Model.BASELINE];
    }

    /** Contrast β (the first one for the double exponential). */
    public double beta() {
        return values[G2Model.BETA];
    }

    /** Relaxation time τc (the first one for the double exponential), in the delays' unit. */
    public double tau() {
        return values[G2Model.TAU];
    }

    /** Standard error of τc. */
    public double tauError() {
        return errors[G2Model.TAU];
    }

    /** The fitted curve at delay {@code t}. */
    public double curve(double t) {
        return model.value(t, values);
    }

    /** Parameter names, in vector order. */
    public List<String> names() {
        return model.parameterNames();
    }
}
