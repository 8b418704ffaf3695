package org.beamlinestudio.core.stage;

import java.util.List;
import java.util.Objects;

/**
 * Declares one parameter of a stage. GUI forms and CLI options are generated from these, never
 * written twice by hand.
 *
 * @param name         key in pipeline JSON, lowerCamelCase, e.g. {@code centerOfRotation}
 * @param label        what the form shows, e.g. "Center of rotation"
 * @param type         value type
 * @param defaultValue default (Integer, Double, Boolean or String; may be null for "none")
 * @param min          lower limit for numbers, or null
 * @param max          upper limit for numbers, or null
 * @param units        e.g. "px", "keV", "µm"; empty when unitless
 * @param description  one or two sentences for the tooltip / --help
 * @param choices      allowed values for {@link ParamType#CHOICE}; empty otherwise
 * @param visibleWhen  {@code "otherParam=value"} when the parameter only matters then; empty for always
 */
public record ParamSpec(String name, String label, ParamType type, Object defaultValue, Double min, Double max,
                        String units, String description, List<String> choices, String visibleWhen) {

    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        label = label == null ? name : label;
        units = units == null ? "" : units;
        description = description == null ? "" : description;
        choices = choices == null ? List.of() : List.copyOf(choices);
        visibleWhen = visibleWhen == null ? "" : visibleWhen;
        if (type == ParamType.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException(name + ": a CHOICE parameter needs choices");
        }
    }

    /** A floating-point parameter with limits. */
    public static ParamSpec ofDouble(String name, String label, double def, Double min, Double max, String units,
                                     String description) {
        return new ParamSpec(name, label, ParamType.DOUBLE, def, min, max, units, description, List.of(), "");
    }

    /** An integer parameter with limits. */
    public static ParamSpec ofInt(String name, String label, int def, Integer min, Integer max, String units,
                                  String description) {
        return new ParamSpec(name, label, ParamType.INTEGER, def, min == null ? null : min.doubleValue(),
                max == null ? null : max.doubleValue(), units, description, List.of(), "");
    }

    /** A yes/no parameter. */
    public static ParamSpec ofBoolean(String name, String label, boolean def, String description) {
        return new ParamSpec(name, label, ParamType.BOOLEAN, def, null, null, "", description, List.of(), "");
    }

    /** A choice among fixed values. */
    public static ParamSpec ofChoice(String name, String label, String def, List<String> choices, String description) {
        return new ParamSpec(name, label, ParamType.CHOICE, def, null, null, "", description, choices, "");
    }

    /** The same parameter, shown only when {@code condition} ("param=value") holds. */
    public ParamSpec visibleWhen(String condition) {
        return new ParamSpec(name, label, type, defaultValue, min, max, units, description, choices, condition);
    }
}
