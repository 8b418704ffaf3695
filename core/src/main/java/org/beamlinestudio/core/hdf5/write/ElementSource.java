package org.beamlinestudio.core.hdf5.write;

import java.nio.ByteBuffer;
import java.util.Locale;

import org.beamlinestudio.core.data.ElementType;

/**
 * A caller's array seen as a run of elements of the dataset's type: {@link #put} encodes
 * elements {@code [from, from+n)} little-endian into a buffer, converting where needed.
 */
abstract class ElementSource {
    final int length;
    final ElementType target;

    ElementSource(int length, ElementType target) {
        this.length = length;
        this.target = target;
    }

    abstract void put(int from, int n, ByteBuffer dst);

    static ElementSource of(float[] data, ElementType t) {
        if (t == ElementType.FLOAT32) {
            return new ElementSource(data.length, t) {
                @Override
                void put(int from, int n, ByteBuffer dst) {
                    dst.asFloatBuffer().put(data, from, n);
                    dst.position(dst.position() + 4 * n);
                }
            };
        }
        if (t == ElementType.FLOAT64) {
            return new ElementSource(data.length, t) {
                @Override
                void put(int from, int n, ByteBuffer dst) {
                    for (int i = from; i < from + n; i++) {
                        dst.putDouble(data[i]);
                    }
                }
            };
        }
        return new ElementSource(data.length, t) {
            @Override
            void put(int from, int n, ByteBuffer dst) {
                for (int i = from; i < from + n; i++) {
                    putRounded(dst, t, data[i], i);
                }
            }
        };
    }

    static ElementSource of(double[] data, ElementType t) {
        if (t == ElementType.FLOAT64) {
            return new ElementSource(data.length, t) {
                @Override
                void put(int from, int n, ByteBuffer dst) {
                    dst.asDoubleBuffer().put(data, from, n);
                    dst.position(dst.position() + 8 * n);
                }
            };
        }
        if (t == ElementType.FLOAT32) {
            return new ElementSource(data.length, t) {
                @Override
                void put(int from, int n, ByteBuffer dst) {
                    for (int i = from; i < from + n; i++) {
                        dst.putFloat((float) data[i]);
                    }
                }
            };
        }
        return new ElementSource(data.length, t) {
            @Override
            void put(int from, int n, ByteBuffer dst) {
                for (int i = from; i < from + n; i++) {
                    putRounded(dst, t, data[i], i);
                }
            }
        };
    }

    /** Raw 8-bit values for INT8 / UINT8 datasets (UINT8 reads Java's signed byte as its unsigned bits). */
    static ElementSource of(byte[] data, ElementType t) {
        requireRaw(t, 1, "byte[]");
        return new ElementSource(data.length, t) {
            @Override
            void put(int from, int n, ByteBuffer dst) {
                dst.put(data, from, n);
            }
        };
    }

    /** Raw 16-bit values for INT16 / UINT16 datasets. */
    static ElementSource of(short[] data, ElementType t) {
        requireRaw(t, 2, "short[]");
        return new ElementSource(data.length, t) {
            @Override
            void put(int from, int n, ByteBuffer dst) {
                dst.asShortBuffer().put(data, from, n);
                dst.position(dst.position() + 2 * n);
            }
        };
    }

    /** int values for any numeric dataset; integer targets are range-checked. */
    static ElementSource of(int[] data, ElementType t) {
        if (t == ElementType.INT32) {
            return new ElementSource(data.length, t) {
                @Override
                void put(int from, int n, ByteBuffer dst) {
                    dst.asIntBuffer().put(data, from, n);
                    dst.position(dst.position() + 4 * n);
                }
            };
        }
        return new ElementSource(data.length, t) {
            @Override
            void put(int from, int n, ByteBuffer dst) {
                for (int i = from; i < from + n; i++) {
                    putLong(dst, t, data[i], i);
                }
            }
        };
    }

    /** Raw 64-bit values for INT64 / UINT64 datasets. */
    static ElementSource of(long[] data, ElementType t) {
        requireRaw(t, 8, "long[]");
        return new ElementSource(data.length, t) {
            @Override
            void put(int from, int n, ByteBuffer dst) {
                dst.asLongBuffer().put(data, from, n);
                dst.position(dst.position() + 8 * n);
            }
        };
    }

    private static void requireRaw(ElementType t, int bytes, String what) {
        if (t.bytes() != bytes || t == ElementType.FLOAT32 || t == ElementType.FLOAT64) {
            throw new IllegalArgumentException(what + " data cannot be written to a " + t.numpyName()
                    + " dataset; use float[]/double[]/int[] (converted) or the matching raw array type");
        }
    }

    private static void putRounded(ByteBuffer dst, ElementType t, double v, int index) {
        double r = Math.rint(v);
        if (t == ElementType.UINT64) {
            if (!(r >= 0 && r < 18446744073709551616.0)) {
                throw outOfRange(t, v, index);
            }
            dst.putLong(r >= 9223372036854775808.0 ? (long) (r - 9223372036854775808.0) ^ Long.MIN_VALUE : (long) r);
            return;
        }
        if (t == ElementType.INT64) {
            if (!(r >= -9223372036854775808.0 && r < 9223372036854775808.0)) {
                throw outOfRange(t, v, index);
            }
            dst.putLong((long) r);
            return;
        }
        if (!(r >= min(t) && r <= max(t))) {
            throw outOfRange(t, v, index);
        }
        putBits(dst, t, (long) r);
    }

    private static void putLong(ByteBuffer dst, ElementType t, long v, int index) {
        switch (t) {
            case FLOAT32:
                dst.putFloat(v);
                return;
            case FLOAT64:
                dst.putDouble(v);
                return;
            case INT64:
                dst.putLong(v);
                return;
            case UINT64:
                if (v < 0) {
                    throw outOfRange(t, v, index);
                }
                dst.putLong(v);
                return;
            default:
                if (v < min(t) || v > max(t)) {
                    throw outOfRange(t, v, index);
                }
                putBits(dst, t, v);
        }
    }

    private static void putBits(ByteBuffer dst, ElementType t, long v) {
        switch (t.bytes()) {
            case 1: dst.put((byte) v); break;
            case 2: dst.putShort((short) v); break;
            case 4: dst.putInt((int) v); break;
            default: dst.putLong(v); break;
        }
    }

    private static long min(ElementType t) {
        switch (t) {
            case INT8: return Byte.MIN_VALUE;
            case INT16: return Short.MIN_VALUE;
            case INT32: return Integer.MIN_VALUE;
            default: return 0;
        }
    }

    private static long max(ElementType t) {
        switch (t) {
            case INT8: return Byte.MAX_VALUE;
            case UINT8: return 0xFF;
            case INT16: return Short.MAX_VALUE;
            case UINT16: return 0xFFFF;
            case INT32: return Integer.MAX_VALUE;
            case UINT32: return 0xFFFF_FFFFL;
            default: return Long.MAX_VALUE;
        }
    }

    private static IllegalArgumentException outOfRange(ElementType t, double v, int index) {
        return new IllegalArgumentException(String.format(Locale.ROOT,
                "value %s at data index %d does not fit a %s dataset", v, index, t.numpyName()));
    }
}
