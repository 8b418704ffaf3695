package org.beamlinestudio.catalog.tiled;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import org.beamlinestudio.core.data.ElementType;

/**
 * A Tiled array's {@code structure.data_type}: numpy's byte order, kind and item size, and how to turn its raw
 * {@code application/octet-stream} bytes into float32.
 *
 * @param endianness {@code little}, {@code big} or {@code not_applicable} (one-byte types)
 * @param kind numpy kind: {@code u} unsigned, {@code i} signed, {@code f} float, {@code b} boolean
 * @param itemsize bytes per element
 */
public record TiledDataType(String endianness, char kind, int itemsize) {

    /** Reads {@code {"endianness": "little", "kind": "u", "itemsize": 2, ...}}; other fields are ignored. */
    public static TiledDataType parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("data_type is not an object: " + node);
        }
        String kind = node.path("kind").asText("");
        if (kind.length() != 1) {
            throw new IllegalArgumentException("data_type.kind is not one numpy kind letter: " + node);
        }
        return new TiledDataType(node.path("endianness").asText("not_applicable"), kind.charAt(0),
                node.path("itemsize").asInt(0));
    }

    /** The byte order of the raw bytes (one-byte types: irrelevant, little). */
    public ByteOrder byteOrder() {
        return "big".equals(endianness) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** The numpy type string, e.g. {@code <u2}, {@code >f4}, {@code |u1}. */
    public String numpy() {
        char order = itemsize == 1 || "not_applicable".equals(endianness) ? '|'
                : "big".equals(endianness) ? '>' : '<';
        return "" + order + kind + itemsize;
    }

    /** The matching element type, or {@link ElementType#OTHER} when it is not a plain number. */
    public ElementType elementType() {
        switch (kind) {
            case 'b':
                return itemsize == 1 ? ElementType.UINT8 : ElementType.OTHER;
            case 'u':
                return itemsize == 1 ? ElementType.UINT8 : itemsize == 2 ? ElementType.UINT16
                        : itemsize == 4 ? ElementType.UINT32 : itemsize == 8 ? ElementType.UINT64 : ElementType.OTHER;
            case 'i':
                return itemsize == 1 ? ElementType.INT8 : itemsize == 2 ? ElementType.INT16
                        : itemsize == 4 ? ElementType.INT32 : itemsize == 8 ? ElementType.INT64 : ElementType.OTHER;
            case 'f':
                return itemsize == 4 ? ElementType.FLOAT32 : itemsize == 8 ? ElementType.FLOAT64 : ElementType.OTHER;
            default:
                return ElementType.OTHER;
        }
    }

    /**
     * Decodes {@code n} elements of C-order raw bytes to float32.
     *
     * @throws IllegalArgumentException when the type is not numeric or the byte count is not {@code n * itemsize}
     */
    public float[] decode(byte[] bytes, int n) {
        ElementType type = elementType();
        if (!type.isNumeric()) {
            throw new IllegalArgumentException("cannot read " + numpy() + " (" + describe() + ") as numbers");
        }
        if ((long) n * itemsize != bytes.length) {
            throw new IllegalArgumentException(bytes.length + " bytes for " + n + " elements of " + numpy()
                    + " (expected " + (long) n * itemsize + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(byteOrder());
        float[] out = new float[n];
        switch (type) {
            case UINT8:
                for (int i = 0; i < n; i++) {
                    out[i] = bytes[i] & 0xFF;
                }
                break;
            case INT8:
                for (int i = 0; i < n; i++) {
                    out[i] = bytes[i];
                }
                break;
            case UINT16:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getShort(2 * i) & 0xFFFF;
                }
                break;
            case INT16:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getShort(2 * i);
                }
                break;
            case UINT32:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getInt(4 * i) & 0xFFFFFFFFL;
                }
                break;
            case INT32:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getInt(4 * i);
                }
                break;
            case UINT64:
                for (int i = 0; i < n; i++) {
                    long v = b.getLong(8 * i);
                    // Values above Long.MAX_VALUE: high bit set; float keeps about 7 digits anyway.
                    out[i] = v >= 0 ? v : (float) ((v >>> 1) * 2.0);
                }
                break;
            case INT64:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getLong(8 * i);
                }
                break;
            case FLOAT32:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getFloat(4 * i);
                }
                break;
            case FLOAT64:
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble(8 * i);
                }
                break;
            default:
                throw new IllegalArgumentException("cannot read " + numpy() + " as numbers");
        }
        return out;
    }

    /** Human words, e.g. {@code uint16, big-endian}. */
    public String describe() {
        ElementType type = elementType();
        String name = type.isNumeric() ? type.numpyName() : "kind '" + kind + "' of " + itemsize + " bytes";
        return itemsize > 1 ? name + ", " + endianness.toLowerCase(Locale.ROOT) + "-endian" : name;
    }
}
