package org.beamlinestudio.core.render;

/**
 * The part of the volume that is drawn, as fractions [0, 1] of each axis (x fastest, z slowest,
 * as in the file). Everything outside is removed from the rays.
 */
public record ClipBox(double xMin, double xMax, double yMin, double yMax, double zMin, double zMax) {

    /** The whole volume. */
    public static final ClipBox ALL = new ClipBox(0, 1, 0, 1, 0, 1);

    public ClipBox {
        check("x", xMin, xMax);
        check("y", yMin, yMax);
        check("z", zMin, zMax);
    }

    private static void check(String axis, double min, double max) {
        if (!(min >= 0 && max <= 1 && min <= max)) {
            throw new IllegalArgumentException("clip range of " + axis + " must satisfy 0 <= min <= max <= 1, was ["
                    + min + ", " + max + "]");
        }
    }
}
