package org.beamlinestudio.core.data;

/** Element type of a stored array, as found in the file (pipelines compute in float32). */
public enum ElementType {
    INT8(1), UINT8(1), INT16(2), UINT16(2), INT32(4), UINT32(4), INT64(8), UINT64(8),
    FLOAT32(4), FLOAT64(8),
    /** Strings, compounds, references, enums...: browsable, not readable as numbers. */
    OTHER(0);

    private final int bytes;

    ElementType(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes; 0 for {@link #OTHER}. */
    public int bytes() {
        return bytes;
    }

    /** Whether a lazy numeric view can be made of arrays of this type. */
    public boolean isNumeric() {
        return this != OTHER;
    }

    /** Short lower-case name as scientists know it from h5py / numpy ("float32", "uint16"). */
    public String numpyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
