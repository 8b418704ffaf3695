package org.beamlinestudio.viewer.ortho;

/**
 * One of the three orthogonal planes through a volume with axes (z, y, x): which hyperslab it reads at a
 * crosshair, and which volume axes its image columns and rows are.
 */
public enum Plane {
    /** Constant z: columns are x, rows are y. */
    XY(0, 2, 1),
    /** Constant y: columns are x, rows are z. */
    XZ(1, 2, 0),
    /** Constant x: columns are y, rows are z. */
    YZ(2, 1, 0);

    private final int fixedAxis;
    private final int columnAxis;
    private final int rowAxis;

    Plane(int fixedAxis, int columnAxis, int rowAxis) {
        this.fixedAxis = fixedAxis;
        this.columnAxis = columnAxis;
        this.rowAxis = rowAxis;
    }

    /** The volume axis (0 = z, 1 = y, 2 = x) held constant in this plane. */
    public int fixedAxis() {
        return fixedAxis;
    }

    /** The volume axis along the image's columns (left to right). */
    public int columnAxis() {
        return columnAxis;
    }

    /** The volume axis along the image's rows (top to bottom). */
    public int rowAxis() {
        return rowAxis;
    }

    static String axisName(int axis) {
        return axis == 0 ? "z" : axis == 1 ? "y" : "x";
    }
}
