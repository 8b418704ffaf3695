package org.beamlinestudio.xpcs.fit;

/**
 * How one fit parameter is treated: its start value (NaN = automatic), its bounds, and whether it is held fixed.
 *
 * @param start value to start from, or to hold when fixed; {@code NaN} picks an automatic start
 * @param lower lower bound (may be {@code -∞})
 * @param upper upper bound (may be {@code +∞})
 * @param fixed {@code true} to hold the parameter at {@code start}
 */
public record ParameterSetting(double start, double lower, double upper, boolean fixed) {

    public ParameterSetting {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("bounds must satisfy lower <= upper, got [" + lower + ", " + upper + "]");
        }
        if (fixed && !Double.isFinite(start)) {
            throw new IllegalArgumentException("a fixed parameter needs a finite value, got " + start);
        }
        if (Double.isFinite(start) && (start < lower || start > upper)) {
            throw new IllegalArgumentException("start " + start + " lies outside the bounds [" + lower + ", " + upper + "]");
        }
    }

    /** Held at {@code value}. */
    public static ParameterSetting fixedAt(double value) {
        return new ParameterSetting(value, value, value, true);
    }

    /** Free within {@code [lower, upper]}, automatic start. */
    public static ParameterSetting bounded(double lower, double upper) {
        return new ParameterSetting(Double.NaN, lower, upper, false);
    }

    /** Free, unbounded, automatic start. */
    public static ParameterSetting free() {
        return bounded(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** The same bounds and fixing, starting from {@code value}. */
    public ParameterSetting startingAt(double value) {
        return new ParameterSetting(value, lower, upper, fixed);
    }

    /** {@code v} clamped into the bounds. */
    public double clamp(double v) {
        return Math.max(lower, Math.min(upper, v));
    }
}
