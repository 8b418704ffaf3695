package org.beamlinestudio.ptychography.data;

import java.util.Arrays;

/**
 * A complex 2-D array, row-major, stored interleaved (re, im) in one float array: the layout of JTransforms and of
 * OpenCL {@code float2}, so fields go to either without copying element by element.
 *
 * @param height rows
 * @param width columns
 * @param data interleaved values, length {@code 2 * height * width}; element (y, x) is at {@code 2 * (y * width + x)}
 */
public record ComplexField(int height, int width, float[] data) {

    /** Checks the length. */
    public ComplexField {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("A complex field needs a positive size, got " + height + " x " + width);
        }
        if (data.length != 2L * height * width) {
            throw new IllegalArgumentException("A " + height + " x " + width + " complex field needs "
                    + 2L * height * width + " floats, got " + data.length);
        }
    }

    /** A field of zeros. */
    public static ComplexField zeros(int height, int width) {
        return new ComplexField(height, width, new float[2 * height * width]);
    }

    /** A field with every element {@code re + i im}. */
    public static ComplexField filled(int height, int width, float re, float im) {
        float[] d = new float[2 * height * width];
        for (int i = 0; i < d.length; i += 2) {
            d[i] = re;
            d[i + 1] = im;
        }
        return new ComplexField(height, width, d);
    }

    /** Real part of (y, x). */
    public float re(int y, int x) {
        return data[2 * (y * width + x)];
    }

    /** Imaginary part of (y, x). */
    public float im(int y, int x) {
        return data[2 * (y * width + x) + 1];
    }

    /** |value|² at (y, x). */
    public float intensity(int y, int x) {
        float r = re(y, x);
        float i = im(y, x);
        return r * r + i * i;
    }

    /** A deep copy (the record's array is mutable; engines update fields in place). */
    public ComplexField copy() {
        return new ComplexField(height, width, data.clone());
    }

    /** Amplitude image, row-major. */
    public float[] amplitude() {
        float[] a = new float[height * width];
        for (int k = 0; k < a.length; k++) {
            a[k] = (float) Math.hypot(data[2 * k], data[2 * k + 1]);
        }
        return a;
    }

    /** Phase image in radians (−π, π], row-major. */
    public float[] phase() {
        float[] p = new float[height * width];
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) Math.atan2(data[2 * k + 1], data[2 * k]);
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComplexField f && f.height == height && f.width == width && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ComplexField[" + height + " x " + width + "]";
    }
}
