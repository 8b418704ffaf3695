package org.beamlinestudio.core.hdf5.write;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Value of an HDF5 attribute: a scalar or 1-D array of int32, int64, float32, float64, or strings
 * (fixed- or variable-length, ASCII or UTF-8).
 */
public final class AttributeValue {

    /** What is stored. */
    public enum Kind { INT32, INT64, FLOAT32, FLOAT64, FIXED_STRING, VLEN_STRING }

    /** Fixed-length strings live in the object header, whose messages hold at most 64 KiB. */
    static final int MAX_FIXED_BYTES = 60_000;

    private final Kind kind;
    private final Object values;      // int[], long[], float[], double[] or String[]
    private final boolean scalar;
    private final StringEncoding encoding;

    private AttributeValue(Kind kind, Object values, boolean scalar, StringEncoding encoding) {
        this.kind = kind;
        this.values = values;
        this.scalar = scalar;
        this.encoding = encoding;
    }

    public static AttributeValue int32(int v) {
        return new AttributeValue(Kind.INT32, new int[] {v}, true, null);
    }

    public static AttributeValue int32Array(int... v) {
        return new AttributeValue(Kind.INT32, nonEmpty(v.clone(), v.length), false, null);
    }

    public static AttributeValue int64(long v) {
        return new AttributeValue(Kind.INT64, new long[] {v}, true, null);
    }

    public static AttributeValue int64Array(long... v) {
        return new AttributeValue(Kind.INT64, nonEmpty(v.clone(), v.length), false, null);
    }

    public static AttributeValue float32(float v) {
        return new AttributeValue(Kind.FLOAT32, new float[] {v}, true, null);
    }

    public static AttributeValue float32Array(float... v) {
        return new AttributeValue(Kind.FLOAT32, nonEmpty(v.clone(), v.length), false, null);
    }

    public static AttributeValue float64(double v) {
        return new AttributeValue(Kind.FLOAT64, new double[] {v}, true, null);
    }

    public static AttributeValue float64Array(double... v) {
        return new AttributeValue(Kind.FLOAT64, nonEmpty(v.clone(), v.length), false, null);
    }

    /** Variable-length UTF-8 string (stored in the global heap: any length, e.g. provenance JSON). */
    public static AttributeValue string(String v) {
        return string(v, StringEncoding.UTF8);
    }

    /** Variable-length string in the given encoding. */
    public static AttributeValue string(String v, StringEncoding encoding) {
        return strings(Kind.VLEN_STRING, new String[] {v}, true, encoding);
    }

    /** 1-D array of variable-length strings. */
    public static AttributeValue stringArray(StringEncoding encoding, String... v) {
        return strings(Kind.VLEN_STRING, v, false, encoding);
    }

    /**
     * Fixed-length string, null-padded to its encoded byte length. Stored inside the object header,
     * so limited to about 64 KB; use {@link #string} for longer text.
     */
    public static AttributeValue fixedString(String v, StringEncoding encoding) {
        return strings(Kind.FIXED_STRING, new String[] {v}, true, encoding);
    }

    /** 1-D array of fixed-length strings, all padded to the longest encoded length. */
    public static AttributeValue fixedStringArray(StringEncoding encoding, String... v) {
        return strings(Kind.FIXED_STRING, v, false, encoding);
    }

    private static AttributeValue strings(Kind kind, String[] v, boolean scalar, StringEncoding enc) {
        Objects.requireNonNull(enc, "encoding");
        String[] copy = nonEmpty(v.clone(), v.length);
        for (String s : copy) {
            Objects.requireNonNull(s, "string attribute values must not be null");
            if (enc == StringEncoding.ASCII) {
                for (int i = 0; i < s.length(); i++) {
                    if (s.charAt(i) > 0x7F) {
                        throw new IllegalArgumentException("ASCII string attribute contains non-ASCII character U+"
                                + Integer.toHexString(s.charAt(i)) + " at index " + i + "; use StringEncoding.UTF8");
                    }
                }
            }
        }
        AttributeValue made = new AttributeValue(kind, copy, scalar, enc);
        if (kind == Kind.FIXED_STRING) {
            long longest = 1;
            for (byte[] e : made.encodedStrings()) {
                longest = Math.max(longest, e.length);
            }
            if (longest * copy.length > MAX_FIXED_BYTES) {
                throw new IllegalArgumentException("fixed-length string attribute needs " + longest * copy.length
                        + " bytes; object headers hold at most " + MAX_FIXED_BYTES
                        + " -- store long text as a variable-length string (AttributeValue.string)");
            }
        }
        return made;
    }

    private static <T> T nonEmpty(T array, int length) {
        if (length == 0) {
            throw new IllegalArgumentException("attribute arrays must have at least one element");
        }
        int bytes = array instanceof int[] || array instanceof float[] ? 4 : 8;
        if (!(array instanceof String[]) && (long) length * bytes > MAX_FIXED_BYTES) {
            throw new IllegalArgumentException("numeric attribute of " + length + " elements needs " + (long) length * bytes
                    + " bytes; object headers hold at most " + MAX_FIXED_BYTES + " -- store it as a dataset");
        }
        return array;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether this is a scalar (dataspace SCALAR) rather than a 1-D array. */
    public boolean isScalar() {
        return scalar;
    }

    /** Encoding of string values; null for numbers. */
    public StringEncoding encoding() {
        return encoding;
    }

    int length() {
        return java.lang.reflect.Array.getLength(values);
    }

    int[] ints() {
        return (int[]) values;
    }

    long[] longs() {
        return (long[]) values;
    }

    float[] floats() {
        return (float[]) values;
    }

    double[] doubles() {
        return (double[]) values;
    }

    String[] strings() {
        return (String[]) values;
    }

    byte[][] encodedStrings() {
        String[] s = strings();
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i].getBytes(encoding == StringEncoding.ASCII ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8);
        }
        return out;
    }

    @Override
    public String toString() {
        String body;
        switch (kind) {
            case INT32: body = Arrays.toString(ints()); break;
            case INT64: body = Arrays.toString(longs()); break;
            case FLOAT32: body = Arrays.toString(floats()); break;
            case FLOAT64: body = Arrays.toString(doubles()); break;
            default: body = Arrays.toString(strings()); break;
        }
        return kind + (scalar ? " scalar " : " ") + body;
    }
}
