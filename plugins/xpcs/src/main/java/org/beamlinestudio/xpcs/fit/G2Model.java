package org.beamlinestudio.xpcs.fit;

import java.util.List;

/**
 * The g2(τ) models a fit can use; each knows its parameter names, value and partial derivatives.
 *
 * <p>Delays and relaxation times share one unit (the caller's, usually seconds). The factor 2 in the exponent
 * makes τc the field (g1) relaxation time, so that τc = 1/(D q²) for diffusion. The double exponential reports its
 * faster component first when both components have the same settings.
 */
public enum G2Model {

    /** g2 = baseline + β·exp(−2τ/τc). */
    SINGLE_EXPONENTIAL(List.of("baseline", "beta", "tau")),
    /** Stretched (KWW): g2 = baseline + β·exp(−2(τ/τc)^α). */
    STRETCHED(List.of("baseline", "beta", "tau", "alpha")),
    /** g2 = baseline + β1·exp(−2τ/τ1) + β2·exp(−2τ/τ2). */
    DOUBLE_EXPONENTIAL(List.of("baseline", "beta", "tau", "beta2", "tau2"));

    /** Index of the baseline in every model's parameter vector. */
    public static final int BASELINE = 0;
    /** Index of the (first) contrast β. */
    public static final int BETA = 1;
    /** Index of the (first) relaxation time τc. */
    public static final int TAU = 2;
    /** Index of the KWW exponent α ({@link #STRETCHED} only). */
    public static final int ALPHA = 3;
    /** Index of the second contrast ({@link #DOUBLE_EXPONENTIAL} only). */
    public static final int BETA2 = 3;
    /** Index of the second relaxation time ({@link #DOUBLE_EXPONENTIAL} only). */
    public static final int TAU2 = 4;

    private final List<String> names;

    G2Model(List<String> names) {
        this.names = names;
    }

    /** Parameter names in vector order. */
    public List<String> parameterNames() {
        return names;
    }

    /** Number of parameters. */
    public int parameterCount() {
        return names.size();
    }

    /** Index of a parameter by name. */
    public int indexOf(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("model " + this + " has no parameter '" + name + "'; it has " + names);
        }
        return i;
    }

    /** g2 at delay {@code t} for parameters {@code p}. */
    public double value(double t, double[] p) {
        switch (this) {
            case SINGLE_EXPONENTIAL:
                return p[0] + p[1] * Math.exp(-2 * t / p[2]);
            case STRETCHED:
                return p[0] + p[1] * Math.exp(-2 * Math.pow(t / p[2], p[3]));
            case DOUBLE_EXPONENTIAL:
                return p[0] + p[1] * Math.exp(-2 * t / p[2]) + p[3] * Math.exp(-2 * t / p[4]);
            default:
                throw new IllegalStateException(name());
        }
    }

    /** ∂g2/∂p_k at delay {@code t}, written into {@code out} (length {@link #parameterCount()}). */
    public void gradient(double t, double[] p, double[] out) {
        switch (this) {
            case SINGLE_EXPONENTIAL: {
                double e = Math.exp(-2 * t / p[2]);
                out[0] = 1;
                out[1] = e;
                out[2] = p[1] * e * 2 * t / (p[2] * p[2]);
                return;
            }
            case STRETCHED: {
                double x = t / p[2];
                double xa = x > 0 ? Math.pow(x, p[3]) : 0;
                double e = Math.exp(-2 * xa);
                out[0] = 1;
                out[1] = e;
                out[2] = p[1] * e * 2 * p[3] * xa / p[2];
                out[3] = x > 0 ? -p[1] * e * 2 * xa * Math.log(x) : 0;
                return;
            }
            case DOUBLE_EXPONENTIAL: {
                double e1 = Math.exp(-2 * t / p[2]);
                double e2 = Math.exp(-2 * t / p[4]);
                out[0] = 1;
                out[1] = e1;
                out[2] = p[1] * e1 * 2 * t / (p[2] * p[2]);
                out[3] = e2;
                out[4] = p[3] * e2 * 2 * t / (p[4] * p[4]);
                return;
            }
            default:
                throw new IllegalStateException(name());
        }
    }
}
