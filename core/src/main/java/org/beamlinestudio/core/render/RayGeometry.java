package org.beamlinestudio.core.render;

/**
 * The per-image ray set-up every renderer uses, in floats, so that Java and OpenCL start from the
 * same numbers. Orthographic: pixel (i, j)'s ray starts at {@code origin + i·du + j·dv} and runs
 * along {@code dir}; perspective: it starts at {@code eye} and runs towards that point, normalised.
 * Either way for {@code t ∈ [0, tMax]}, in full-resolution voxel coordinates (voxel centres at
 * integer + 0.5); it is cut to the clip box and sampled at {@code tNear + (k + 0.5)·step}; a sample
 * at position p is read from the grid at {@code p · scale − 0.5} (grid index units).
 */
public final class RayGeometry {

    /** Ray start of pixel (0, 0)'s centre. */
    public final float originX;
    public final float originY;
    public final float originZ;
    /** Change of the ray start per pixel to the right. */
    public final float duX;
    public final float duY;
    public final float duZ;
    /** Change of the ray start per pixel downwards. */
    public final float dvX;
    public final float dvY;
    public final float dvZ;
    /** Unit ray direction. */
    public final float dirX;
    public final float dirY;
    public final float dirZ;
    /** Clip box in full-resolution voxel coordinates. */
    public final float boxMinX;
    public final float boxMinY;
    public final float boxMinZ;
    public final float boxMaxX;
    public final float boxMaxY;
    public final float boxMaxZ;
    /** Grid voxels per full-resolution voxel, per axis. */
    public final float scaleX;
    public final float scaleY;
    public final float scaleZ;
    /** Ray length (the volume's diagonal). */
    public final float tMax;
    /** Distance between samples, in full-resolution voxels. */
    public final float step;
    /** Whether rays start at the eye (perspective) rather than at their pixel (orthographic). */
    public final boolean perspective;
    /** The eye (perspective only). */
    public final float eyeX;
    public final float eyeY;
    public final float eyeZ;
    /** Data value at window position 0, and 1 / (high − low). */
    public final float low;
    public final float invRange;

    /** Computes the set-up for {@code r}. */
    public RayGeometry(RenderRequest r) {
        VolumeGrid g = r.grid();
        double ex = g.fullNx();
        double ey = g.fullNy();
        double ez = g.fullNz();
        double diagonal = Math.sqrt(ex * ex + ey * ey + ez * ez);
        Camera c = r.camera();
        double s = c.zoom() * Camera.fitScale(r.width(), r.height(), ex, ey, ez);
        double yaw = Math.toRadians(c.yawDegrees());
        double pitch = Math.toRadians(c.pitchDegrees());
        double[] right = rotate(1, 0, 0, yaw, pitch);
        double[] down = rotate(0, 1, 0, yaw, pitch);
        double[] fwd = rotate(0, 0, 1, yaw, pitch);
        double u0 = (0.5 - r.width() / 2.0 - c.panX()) / s;
        double v0 = (0.5 - r.height() / 2.0 - c.panY()) / s;
        double[] centre = {ex / 2, ey / 2, ez / 2};
        perspective = c.perspective();
        // Perspective: the eye sits where the field of view frames, at the centre plane, what the
        // orthographic camera frames; pixels then are points on that plane.
        double eyeDistance = perspective
                ? Math.min(r.width(), r.height()) / 2.0 / s / Math.tan(Math.toRadians(c.fovDegrees()) / 2) : 0;
        double back = perspective ? 0 : diagonal / 2;
        double[] o = new double[3];
        for (int a = 0; a < 3; a++) {
            o[a] = centre[a] + u0 * right[a] + v0 * down[a] - back * fwd[a];
        }
        eyeX = (float) (centre[0] - eyeDistance * fwd[0]);
        eyeY = (float) (centre[1] - eyeDistance * fwd[1]);
        eyeZ = (float) (centre[2] - eyeDistance * fwd[2]);
        originX = (float) o[0];
        originY = (float) o[1];
        originZ = (float) o[2];
        duX = (float) (right[0] / s);
        duY = (float) (right[1] / s);
        duZ = (float) (right[2] / s);
        dvX = (float) (down[0] / s);
        dvY = (float) (down[1] / s);
        dvZ = (float) (down[2] / s);
        dirX = (float) fwd[0];
        dirY = (float) fwd[1];
        dirZ = (float) fwd[2];
        ClipBox b = r.clip();
        boxMinX = (float) (b.xMin() * ex);
        boxMaxX = (float) (b.xMax() * ex);
        boxMinY = (float) (b.yMin() * ey);
        boxMaxY = (float) (b.yMax() * ey);
        boxMinZ = (float) (b.zMin() * ez);
        boxMaxZ = (float) (b.zMax() * ez);
        scaleX = (float) (g.nx() / ex);
        scaleY = (float) (g.ny() / ey);
        scaleZ = (float) (g.nz() / ez);
        tMax = (float) (perspective ? eyeDistance + diagonal : diagonal);
        double voxelsPerGridVoxel = (ex / g.nx() + ey / g.ny() + ez / g.nz()) / 3;
        step = (float) (r.stepVoxels() * voxelsPerGridVoxel);
        low = (float) r.transfer().low();
        invRange = (float) (1 / (r.transfer().high() - r.transfer().low()));
    }

    /** (x, y, z) turned by pitch about x, then by yaw about y. */
    private static double[] rotate(double x, double y, double z, double yaw, double pitch) {
        double cp = Math.cos(pitch);
        double sp = Math.sin(pitch);
        double y1 = y * cp - z * sp;
        double z1 = y * sp + z * cp;
        double cy = Math.cos(yaw);
        double sy = Math.sin(yaw);
        return new double[] {x * cy + z1 * sy, y1, -x * sy + z1 * cy};
    }

    /** Full-resolution voxels per sample step, the exponent of the opacity correction. */
    public double opacityStep() {
        return step;
    }
}
