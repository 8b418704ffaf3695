package org.beamlinestudio.core.render;

/**
 * A camera orbiting the volume's centre: orthographic ({@code fovDegrees} 0) or perspective.
 *
 * <p>At yaw = pitch = 0 the camera looks along +z (the file's slowest axis, axis 0), image x is the
 * volume's x (fastest axis) and image y (downwards) is the volume's y, so the image is the XY slice
 * view's orientation. Yaw turns about the screen's vertical axis, pitch about its horizontal axis.
 *
 * @param yawDegrees   rotation about the vertical screen axis
 * @param pitchDegrees rotation about the horizontal screen axis
 * @param zoom         1 fits the volume's diagonal into the image's shorter side
 * @param panX         image shift to the right, in output pixels
 * @param panY         image shift downwards, in output pixels
 * @param fovDegrees   0 for orthographic; else the perspective's vertical field of view (1 … 120°),
 *                     with the eye placed so the plane through the volume's centre is framed as the
 *                     orthographic view frames it
 */
public record Camera(double yawDegrees, double pitchDegrees, double zoom, double panX, double panY,
                     double fovDegrees) {

    /** Looking down the z axis, whole volume in view, orthographic. */
    public static final Camera DEFAULT = new Camera(0, 0, 1, 0, 0);

    /** The field of view the view offers for perspective. */
    public static final double DEFAULT_FOV_DEGREES = 30;

    public Camera {
        if (!(zoom > 0) || Double.isInfinite(zoom)) {
            throw new IllegalArgumentException("zoom must be positive and finite, was " + zoom);
        }
        if (!(fovDegrees == 0 || (fovDegrees >= 1 && fovDegrees <= 120))) {
            throw new IllegalArgumentException("field of view must be 0 (orthographic) or 1 … 120°, was " + fovDegrees);
        }
    }

    /** An orthographic camera. */
    public Camera(double yawDegrees, double pitchDegrees, double zoom, double panX, double panY) {
        this(yawDegrees, pitchDegrees, zoom, panX, panY, 0);
    }

    /** Whether rays spread from an eye (else they are parallel). */
    public boolean perspective() {
        return fovDegrees > 0;
    }

    /** The same camera with another field of view (0: orthographic). */
    public Camera withFov(double newFovDegrees) {
        return new Camera(yawDegrees, pitchDegrees, zoom, panX, panY, newFovDegrees);
    }

    /** Turned by these angles (degrees). */
    public Camera rotatedBy(double dYaw, double dPitch) {
        return new Camera(yawDegrees + dYaw, pitchDegrees + dPitch, zoom, panX, panY, fovDegrees);
    }

    /** Zoomed by {@code factor} (clamped to 1/20 … 50). */
    public Camera zoomedBy(double factor) {
        return new Camera(yawDegrees, pitchDegrees, Math.max(0.05, Math.min(50, zoom * factor)), panX, panY,
                fovDegrees);
    }

    /** Shifted by this many output pixels. */
    public Camera pannedBy(double dx, double dy) {
        return new Camera(yawDegrees, pitchDegrees, zoom, panX + dx, panY + dy, fovDegrees);
    }

    /** Same view scaled to an image {@code factor} times as large (pan is in pixels). */
    public Camera forImageScale(double factor) {
        return new Camera(yawDegrees, pitchDegrees, zoom, panX * factor, panY * factor, fovDegrees);
    }

    /**
     * Output pixels per full-resolution voxel at zoom 1 for a {@code width × height} image of a
     * volume with these extents: the diagonal fits the shorter side, so no rotation clips the volume.
     */
    public static double fitScale(int width, int height, double extentX, double extentY, double extentZ) {
        double diagonal = Math.sqrt(extentX * extentX + extentY * extentY + extentZ * extentZ);
        return Math.min(width, height) / diagonal;
    }
}
