package org.beamlinestudio.tomography.io;

import java.util.Locale;

/** Rotation angles: units, even spacing, and how they are shown. */
final class Angles {

    private Angles() {
    }

    /**
     * Converts to radians: degrees when {@code units} says so ("deg", "degree(s)", "°"), radians
     * when it says "rad"; with no units, degrees when any |angle| exceeds 2π + 0.1 (a half turn in
     * radians never does), else radians.
     */
    static double[] toRadians(double[] raw, String units) {
        String u = units == null ? "" : units.trim().toLowerCase(Locale.ROOT);
        double maxAbs = 0;
        for (double v : raw) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        boolean degrees = u.startsWith("deg") || u.equals("°") || (!u.startsWith("rad") && maxAbs > 2 * Math.PI + 0.1);
        double[] out = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = degrees ? Math.toRadians(raw[i]) : raw[i];
        }
        return out;
    }

    /**
     * {@code n} angles evenly spaced from 0 over {@code rangeDegrees}: step range/n (the last angle
     * one step short of the range, as a 360° scan needs) or, with {@code endpoint}, range/(n−1).
     */
    static double[] evenlySpaced(int n, double rangeDegrees, boolean endpoint) {
        double[] out = new double[n];
        double step = endpoint ? (n > 1 ? rangeDegrees / (n - 1) : 0) : rangeDegrees / n;
        for (int i = 0; i < n; i++) {
            out[i] = Math.toRadians(i * step);
        }
        return out;
    }

    /** "0.000° … 179.006°". */
    static String describe(double[] radians) {
        if (radians.length == 0) {
            return "none";
        }
        return String.format(Locale.ROOT, "%.3f° … %.3f°", Math.toDegrees(radians[0]),
                Math.toDegrees(radians[radians.length - 1]));
    }
}
