package org.beamlinestudio.core.render;

import java.util.List;
import java.util.Random;

/** Volumes and requests with known answers, shared by the Java and OpenCL renderer tests. */
public final class VolumePhantoms {

    private VolumePhantoms() {
    }

    /** Random values 0 … 100 in a {@code nz × ny × nx} volume (seeded). */
    public static VolumeGrid random(int nz, int ny, int nx, long seed) {
        Random r = new Random(seed);
        float[] v = new float[nz * ny * nx];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 100f;
        }
        return VolumeGrid.of(v, nz, ny, nx);
    }

    /** The maximum along z of the planes [z0, z1) at (y, x). */
    public static float maxAlongZ(VolumeGrid g, int y, int x, int z0, int z1) {
        float m = Float.NEGATIVE_INFINITY;
        for (int z = z0; z < z1; z++) {
            m = Math.max(m, g.get(z, y, x));
        }
        return m;
    }

    /** The maximum along x at (z, y). */
    public static float maxAlongX(VolumeGrid g, int z, int y) {
        float m = Float.NEGATIVE_INFINITY;
        for (int x = 0; x < g.nx(); x++) {
            m = Math.max(m, g.get(z, y, x));
        }
        return m;
    }

    /**
     * A camera with exactly one output pixel per voxel for a {@code width × height} image, so pixel
     * centres are voxel centres when the image is as large as the volume's face.
     */
    public static Camera onePixelPerVoxel(VolumeGrid g, int width, int height, double yaw, double pitch) {
        double fit = Camera.fitScale(width, height, g.fullNx(), g.fullNy(), g.fullNz());
        return new Camera(yaw, pitch, 1 / fit, 0, 0);
    }

    /** Grey transfer function over [low, high] with the same opacity everywhere. */
    public static TransferFunction constantOpacity(double low, double high, double opacity) {
        return new TransferFunction(low, high, List.of(new OpacityPoint(0, opacity), new OpacityPoint(1, opacity)),
                TransferFunction.grayColors());
    }

    /** Grey transfer function over [low, high], opacity 0 at low rising to {@code opacity} at high. */
    public static TransferFunction ramp(double low, double high, double opacity) {
        return new TransferFunction(low, high, List.of(new OpacityPoint(0, 0), new OpacityPoint(1, opacity)),
                TransferFunction.grayColors());
    }

    /** A 64³-ish scene for device comparisons: a bright off-centre ball in a noisy gradient. */
    public static VolumeGrid ballInGradient(int nz, int ny, int nx) {
        Random r = new Random(7);
        float[] v = new float[nz * ny * nx];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double d = Math.sqrt(Math.pow(z - nz * 0.45, 2) + Math.pow(y - ny * 0.55, 2) + Math.pow(x - nx * 0.5, 2));
                    double ball = d < nx * 0.3 ? 800 - 10 * d : 0;
                    v[(z * ny + y) * nx + x] = (float) (ball + 2 * x + 10 * r.nextDouble());
                }
            }
        }
        return VolumeGrid.of(v, nz, ny, nx);
    }
}
