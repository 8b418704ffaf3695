package org.beamlinestudio.core.hdf5.write;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Growable little-endian byte buffer used to encode HDF5 metadata structures. */
final class ByteSink {
    static final long UNDEFINED_ADDRESS = -1L;

    private byte[] buf;
    private int size;

    ByteSink() {
        this(256);
    }

    ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    int size() {
        return size;
    }

    ByteSink u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    ByteSink u16(int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException("value does not fit 16 bits: " + v);
        }
        ensure(2);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        return this;
    }

    ByteSink u32(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("value does not fit 32 bits: " + v);
        }
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    ByteSink u64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    ByteSink bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    ByteSink bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    ByteSink ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            u8(s.charAt(i));
        }
        return this;
    }

    ByteSink zeros(int n) {
        ensure(n);
        Arrays.fill(buf, size, size + n, (byte) 0);
        size += n;
        return this;
    }

    /** Pads with zeros to the next multiple of {@code align} bytes. */
    ByteSink padTo(int align) {
        int rem = size % align;
        return rem == 0 ? this : zeros(align - rem);
    }

    void putU16At(int pos, int v) {
        buf[pos] = (byte) v;
        buf[pos + 1] = (byte) (v >>> 8);
    }

    void putU32At(int pos, long v) {
        for (int i = 0; i < 4; i++) {
            buf[pos + i] = (byte) (v >>> (8 * i));
        }
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, size);
    }

    ByteBuffer toBuffer() {
        return ByteBuffer.wrap(buf, 0, size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static int align8(int n) {
        return (n + 7) & ~7;
    }

    static long align(long n, long a) {
        return (n + a - 1) / a * a;
    }
}
