package org.beamlinestudio.core.data;

import java.util.Arrays;

/**
 * A dense float32 block of an N-d array in C order, with its position in the whole array. The
 * unit of data that flows through pipeline stages and output sinks.
 *
 * @param data   the values, C order, length = product of {@code shape}
 * @param shape  the block's shape
 * @param origin where the block's first element sits in the whole array (same rank as shape)
 */
public record FloatBlock(float[] data, int[] shape, long[] origin) {

    public FloatBlock {
        if (shape.length != origin.length) {
            throw new IllegalArgumentException("shape rank " + shape.length + " != origin rank " + origin.length);
        }
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("data length " + data.length + " != product of shape " + Arrays.toString(shape));
        }
    }

    /** A block of zeros. */
    public static FloatBlock zeros(int[] shape, long[] origin) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return new FloatBlock(new float[Math.toIntExact(n)], shape.clone(), origin.clone());
    }

    /** The same position and shape with other values. */
    public FloatBlock withData(float[] newData) {
        return new FloatBlock(newData, shape, origin);
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements in one step of axis {@code axis} (product of the faster axes). */
    public int stride(int axis) {
        int s = 1;
        for (int a = shape.length - 1; a > axis; a--) {
            s *= shape[a];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatBlock b && Arrays.equals(data, b.data) && Arrays.equals(shape, b.shape)
                && Arrays.equals(origin, b.origin);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(data) + Arrays.hashCode(shape)) + Arrays.hashCode(origin);
    }

    @Override
    public String toString() {
        return "FloatBlock" + Arrays.toString(shape) + "@" + Arrays.toString(origin);
    }
}
