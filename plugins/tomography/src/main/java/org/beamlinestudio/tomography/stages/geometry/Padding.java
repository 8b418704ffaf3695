package org.beamlinestudio.tomography.stages.geometry;

/**
 * How {@code tomography.pad} widens a row of {@code columns} detector columns: {@code left} columns
 * before, {@code right} after, {@code width} in all.
 *
 * <p>Centres: column {@code j} of the input is column {@code j + left} of the output, so a rotation
 * axis at {@code c} becomes {@code c + left} ({@link #paddedCenter}). The reconstruction grid is centred
 * on the axis and its size is a parameter of its own, so reconstructing the padded sinogram with the
 * padded centre and {@code size = columns} gives the same field of view as without padding: nothing
 * needs cropping back. A centre found on padded sinograms maps back with {@link #originalCenter}.
 */
public record Padding(int columns, int left, int right) {

    public Padding {
        if (columns <= 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("padding " + left + " + " + columns + " + " + right);
        }
    }

    /** Pads to {@code max(columns, ceil(factor·columns))}, split evenly (the odd column goes right). */
    public static Padding of(int columns, double factor) {
        long width = Math.max(columns, (long) Math.ceil(factor * columns - 1e-9));
        if (width > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("padding " + columns + " columns by " + factor + " is too wide");
        }
        int extra = (int) (width - columns);
        return new Padding(columns, extra / 2, extra - extra / 2);
    }

    /** Columns after padding. */
    public int width() {
        return left + columns + right;
    }

    /** The axis position in padded columns. */
    public double paddedCenter(double center) {
        return center + left;
    }

    /** The axis position in the original columns. */
    public double originalCenter(double paddedCenter) {
        return paddedCenter - left;
    }
}
