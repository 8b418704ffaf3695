package org.beamlinestudio.viewer.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** "Nice" tick positions, autoranges and compact tick labels for linear and log axes. */
public final class AxisTicks {

    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    private AxisTicks() {
    }

    /** A step of 1, 2 or 5 × 10ⁿ that cuts {@code range} into about {@code target} intervals. */
    public static double niceStep(double range, int target) {
        double rough = range / Math.max(1, target);
        double mag = Math.pow(10, Math.floor(Math.log10(rough)));
        double f = rough / mag;
        double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        return nice * mag;
    }

    /** Major ticks of a linear axis over [lo, hi]: multiples of a nice step (about 5 intervals). */
    public static double[] linear(double lo, double hi) {
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            return new double[0];
        }
        double step = niceStep(hi - lo, 5);
        double eps = step * 1e-9;
        long first = (long) Math.ceil((lo - eps) / step);
        long last = (long) Math.floor((hi + eps) / step);
        List<Double> ticks = new ArrayList<>();
        for (long k = first; k <= last && ticks.size() < 100; k++) {
            ticks.add(clean(k * step, step));
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Major ticks of a log axis over [lo, hi] (both > 0): decades, every n-th one when there are many. */
    public static double[] logMajor(double lo, double hi) {
        if (!(lo > 0) || !(hi > lo)) {
            return new double[0];
        }
        int d0 = (int) Math.ceil(Math.log10(lo) - 1e-9);
        int d1 = (int) Math.floor(Math.log10(hi) + 1e-9);
        int every = Math.max(1, (int) Math.ceil((d1 - d0 + 1) / 8.0));
        List<Double> ticks = new ArrayList<>();
        for (int d = d0; d <= d1; d++) {
            if (Math.floorMod(d, every) == 0) {
                ticks.add(Double.parseDouble("1e" + d));
            }
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Minor ticks of a log axis: 2–9 × each decade in [lo, hi], none when the axis spans more than 8 decades. */
    public static double[] logMinor(double lo, double hi) {
        if (!(lo > 0) || !(hi > lo) || Math.log10(hi / lo) > 8) {
            return new double[0];
        }
        List<Double> ticks = new ArrayList<>();
        for (int d = (int) Math.floor(Math.log10(lo)); d <= (int) Math.ceil(Math.log10(hi)); d++) {
            double decade = Double.parseDouble("1e" + d);
            for (int m = 2; m <= 9; m++) {
                double v = m * decade;
                if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
                    ticks.add(v);
                }
            }
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The range shown for data spanning [min, max]: linear adds a 5 % margin each side; log widens to whole
     * decades. Returns {lo, hi}; a missing or degenerate span gets a sensible default.
     */
    public static double[] autorange(double min, double max, boolean log) {
        if (log) {
            if (!(min > 0) || !(max > 0) || !Double.isFinite(min) || !Double.isFinite(max)) {
                return new double[] {1, 10};
            }
            double lo = Math.pow(10, Math.floor(Math.log10(min) + 1e-9));
            double hi = Math.pow(10, Math.ceil(Math.log10(max) - 1e-9));
            if (hi <= lo) {
                hi = lo * 10;
            }
            return new double[] {clean(lo, lo), clean(hi, hi)};
        }
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            return new double[] {0, 1};
        }
        if (max <= min) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            return new double[] {min - pad, max + pad};
        }
        double margin = 0.05 * (max - min);
        return new double[] {min - margin, max + margin};
    }

    /** A compact label for a linear tick: plain ("0.5", "120") or "1e-3"-style when very small or large. */
    public static String linearLabel(double v, double step) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a < 1e-3 || a >= 1e5) {
            int exp = (int) Math.floor(Math.log10(a) + 1e-9);
            double mant = v / Math.pow(10, exp);
            String m = trim(String.format(Locale.ROOT, "%.2f", mant));
            return m + "e" + exp;
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return trim(String.format(Locale.ROOT, "%." + decimals + "f", v));
    }

    /** A label for a decade tick of a log axis: plain for 0.01…1000, else 10ⁿ with a superscript exponent. */
    public static String logLabel(double v) {
        int exp = (int) Math.round(Math.log10(v));
        if (Math.abs(v / Math.pow(10, exp) - 1) > 1e-6) {
            return linearLabel(v, v / 10);
        }
        if (exp >= -2 && exp <= 3) {
            return trim(String.format(Locale.ROOT, "%." + Math.max(0, -exp) + "f", v));
        }
        StringBuilder s = new StringBuilder("10");
        if (exp < 0) {
            s.append('⁻');
        }
        for (char c : Integer.toString(Math.abs(exp)).toCharArray()) {
            s.append(SUPERSCRIPTS.charAt(c - '0'));
        }
        return s.toString();
    }

    /** A value for a readout: 4 significant digits, plain or scientific. */
    public static String readout(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return trim(String.format(Locale.ROOT, "%.4g", v).contains("e")
                ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.4g", v));
    }

    private static String trim(String s) {
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return "-0".equals(s) ? "0" : s;
    }

    /** Removes the binary noise of k·step (0.6000000000000001 → 0.6). */
    private static double clean(double v, double step) {
        if (v == 0 || step == 0) {
            return v;
        }
        int digits = Math.min(17, Math.max(1, (int) Math.ceil(Math.log10(Math.abs(v) / Math.abs(step) + 1)) + 6));
        return Double.parseDouble(String.format(Locale.ROOT, "%." + digits + "g", v));
    }
}
