package org.beamlinestudio.core.render;

/**
 * One control point of a transfer function's opacity ramp.
 *
 * @param position where on the window, 0 = window low, 1 = window high
 * @param opacity  opacity per full-resolution voxel of path, 0 … 1
 */
public record OpacityPoint(double position, double opacity) {

    public OpacityPoint {
        if (!(position >= 0 && position <= 1) || !(opacity >= 0 && opacity <= 1)) {
            throw new IllegalArgumentException("opacity point needs position and opacity in [0, 1], was ("
                    + position + ", " + opacity + ")");
        }
    }
}
