package org.beamlinestudio.core.hdf5;

import java.lang.reflect.Array;

/** Formats attribute values for display, bounding the length of long arrays. */
final class AttributeText {
    private static final int MAX_ELEMENTS = 16;

    private AttributeText() {
    }

    static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (!value.getClass().isArray()) {
            return value.toString();
        }
        int n = Array.getLength(value);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(n, MAX_ELEMENTS); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(format(Array.get(value, i)));
        }
        if (n > MAX_ELEMENTS) {
            sb.append(", … (").append(n).append(" values)");
        }
        return sb.append(']').toString();
    }
}
