package org.beamlinestudio.core.hdf5;

/**
 * An attribute with its value already read (attributes are small).
 *
 * @param typeDescription e.g. "float64", "string"
 * @param shape           empty for a scalar
 * @param value           a boxed scalar, a String, or a Java array (double[], long[], String[] ...)
 */
public record H5Attribute(String name, String typeDescription, long[] shape, Object value) {

    /** The value as text, arrays shortened to their first elements. */
    public String valueText() {
        return AttributeText.format(value);
    }
}
