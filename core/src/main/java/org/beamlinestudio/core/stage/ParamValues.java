package org.beamlinestudio.core.stage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter values checked against their {@link ParamSpec}s: every declared parameter has a value
 * of its type, within its limits. Made by {@link #resolve}, which reports every problem at once.
 */
public final class ParamValues {
    private final Map<String, Object> values;

    private ParamValues(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Checks raw values (from JSON, a form or the command line) against specs; missing values take
     * the default. Numbers given as strings are parsed.
     *
     * @param problems receives one message per problem ("centerOfRotation: 9000 px is above the
     *                 maximum 4096"); the result is only meaningful when it stays empty
     */
    public static ParamValues resolve(List<ParamSpec> specs, Map<String, ?> raw, List<String> problems) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParamSpec spec : specs) {
            Object v = raw == null ? null : raw.get(spec.name());
            if (v == null) {
                out.put(spec.name(), spec.defaultValue());
                continue;
            }
            try {
                Object typed = coerce(spec, v);
                String limit = checkLimits(spec, typed);
                if (limit != null) {
                    problems.add(spec.name() + ": " + limit);
                }
                out.put(spec.name(), typed);
            } catch (IllegalArgumentException e) {
                problems.add(spec.name() + ": " + e.getMessage());
                out.put(spec.name(), spec.defaultValue());
            }
        }
        if (raw != null) {
            for (String key : raw.keySet()) {
                if (specs.stream().noneMatch(s -> s.name().equals(key))) {
                    problems.add(key + ": unknown parameter; known: "
                            + String.join(", ", specs.stream().map(ParamSpec::name).toList()));
                }
            }
        }
        return new ParamValues(out);
    }

    /** Defaults only. */
    public static ParamValues defaults(List<ParamSpec> specs) {
        List<String> problems = new ArrayList<>();
        ParamValues v = resolve(specs, Map.of(), problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("defaults violate their own specs: " + problems);
        }
        return v;
    }

    private static Object coerce(ParamSpec spec, Object v) {
        switch (spec.type()) {
            case INTEGER -> {
                if (v instanceof Number n) {
                    if (n.doubleValue() != Math.rint(n.doubleValue())) {
                        throw new IllegalArgumentException("expected a whole number, found " + v);
                    }
                    return n.intValue();
                }
                try {
                    return Integer.parseInt(v.toString().trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a whole number, found '" + v + "'");
                }
            }
            case DOUBLE -> {
                if (v instanceof Number n) {
                    return n.doubleValue();
                }
                try {
                    return Double.parseDouble(v.toString().trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a number, found '" + v + "'");
                }
            }
            case BOOLEAN -> {
                if (v instanceof Boolean b) {
                    return b;
                }
                String s = v.toString().trim().toLowerCase(java.util.Locale.ROOT);
                if (s.equals("true") || s.equals("false")) {
                    return Boolean.parseBoolean(s);
                }
                throw new IllegalArgumentException("expected true or false, found '" + v + "'");
            }
            case CHOICE -> {
                String s = v.toString();
                if (!spec.choices().contains(s)) {
                    throw new IllegalArgumentException("'" + s + "' is not one of " + spec.choices());
                }
                return s;
            }
            default -> {
                return v.toString();
            }
        }
    }

    private static String checkLimits(ParamSpec spec, Object typed) {
        if (!(typed instanceof Number n)) {
            return null;
        }
        double d = n.doubleValue();
        if (Double.isNaN(d)) {
            return "NaN is not allowed";
        }
        String units = spec.units().isEmpty() ? "" : " " + spec.units();
        if (spec.min() != null && d < spec.min()) {
            return typed + units + " is below the minimum " + fmt(spec.min()) + units;
        }
        if (spec.max() != null && d > spec.max()) {
            return typed + units + " is above the maximum " + fmt(spec.max()) + units;
        }
        return null;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    public int getInt(String name) {
        return ((Number) require(name)).intValue();
    }

    public double getDouble(String name) {
        return ((Number) require(name)).doubleValue();
    }

    public boolean getBoolean(String name) {
        return (Boolean) require(name);
    }

    public String getString(String name) {
        Object v = values.get(name);
        return v == null ? null : v.toString();
    }

    /** All values by name, in spec order. */
    public Map<String, Object> asMap() {
        return values;
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no value for parameter " + name);
        }
        return v;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
