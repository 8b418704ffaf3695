package org.beamlinestudio.tomography.stages.geometry;

/**
 * Geometry of 360° offset-axis ("half-acquisition") stitching: a detector of {@code columns} columns
 * with the rotation axis at column {@code axis}, near its {@code left} or right edge, seen over a full
 * turn, becomes a half-turn sinogram of {@link #width()} columns with the axis at
 * {@link #stitchedCenter()}, covering detector offsets {@code s} from {@code −(width−1)/2} to
 * {@code +(width−1)/2} around the axis (the whole object when the axis lies inside the object).
 *
 * <p>The ray at angle θ + π and offset s is the ray at θ and −s. So output column J (offset
 * {@code s = J − stitchedCenter}) takes, at the angle θₖ of the first half, the first-half column
 * {@code s + axis} and the second-half (θₖ + π) column {@code axis − s} (interpolated linearly when the
 * axis is not on a whole or half column). Where both exist — the overlap {@code |s| ≤ h}, h = axis for
 * {@code left}, {@code columns − 1 − axis} for right — they are blended linearly: the first half's weight
 * goes from 0 at the overlap end nearest its own detector edge… to 1 at the other, 0.5 on the axis.
 *
 * @param columns detector columns of the 360° scan
 * @param axis    rotation axis in detector columns (pixel centres at whole numbers)
 * @param left    true when the axis is near the left (column 0) edge
 */
public record HalfAcquisition(int columns, double axis, boolean left) {

    private static final double EPS = 1e-9;

    public HalfAcquisition {
        if (columns < 2 || !(axis >= 0) || axis > columns - 1) {
            throw new IllegalArgumentException("the rotation axis at column " + axis + " is not on the detector of "
                    + columns + " columns");
        }
        double mid = (columns - 1) / 2.0;
        if (left ? axis > mid : axis < mid) {
            throw new IllegalArgumentException("the rotation axis at column " + axis + " is in the "
                    + (left ? "right" : "left") + " half of the " + columns + " columns, but side = "
                    + (left ? "left" : "right") + ": choose side " + (left ? "right" : "left"));
        }
    }

    /** Columns added by stitching. */
    public int extra() {
        return (int) Math.floor((left ? columns - 1 - 2 * axis : 2 * axis - (columns - 1)) + EPS);
    }

    /** Columns of the stitched half-turn sinogram. */
    public int width() {
        return columns + extra();
    }

    /** The rotation axis in stitched columns: pass it to the reconstruction. */
    public double stitchedCenter() {
        return left ? axis + extra() : axis;
    }

    /** Half-width of the overlap, in columns. */
    public double overlapHalfWidth() {
        return left ? axis : columns - 1 - axis;
    }

    /**
     * Stitches one sinogram row pair: {@code first} is the detector row at θₖ, {@code second} at θₖ + π,
     * both {@code columns} long (read with {@code stride} from {@code offset}s); writes {@link #width()}
     * values to {@code out} from {@code outOffset}.
     */
    public void stitch(float[] in, int firstOffset, int secondOffset, float[] out, int outOffset) {
        int w = width();
        double c = stitchedCenter();
        double h = overlapHalfWidth();
        int last = columns - 1;
        for (int j = 0; j < w; j++) {
            double s = j - c;
            double x1 = s + axis;
            double x2 = axis - s;
            boolean has1 = x1 >= -EPS && x1 <= last + EPS;
            boolean has2 = x2 >= -EPS && x2 <= last + EPS;
            double v1 = has1 ? sample(in, firstOffset, x1) : 0;
            double v2 = has2 ? sample(in, secondOffset, x2) : 0;
            double value;
            if (has1 && has2) {
                double w1 = h < 0.5 ? 0.5 : (left ? (s + h) / (2 * h) : (h - s) / (2 * h));
                w1 = Math.max(0, Math.min(1, w1));
                value = w1 * v1 + (1 - w1) * v2;
            } else if (has1) {
                value = v1;
            } else if (has2) {
                value = v2;
            } else {
                value = 0; // cannot happen with width() as defined; kept for safety
            }
            out[outOffset + j] = (float) value;
        }
    }

    /** Linear interpolation at fractional column {@code x} of the row starting at {@code offset}. */
    private double sample(float[] in, int offset, double x) {
        int last = columns - 1;
        double cx = Math.max(0, Math.min(last, x));
        int i0 = (int) Math.floor(cx);
        double f = cx - i0;
        if (i0 >= last || f < EPS) {
            return in[offset + i0];
        }
        return (1 - f) * in[offset + i0] + f * in[offset + i0 + 1];
    }
}
