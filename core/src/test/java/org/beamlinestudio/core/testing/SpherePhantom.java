package org.beamlinestudio.core.testing;

import java.nio.file.Path;
import org.beamlinestudio.core.mesh.FloatVolume;

/**
 * A ball in a cube: 1 well inside, 0 well outside, 0.5 on the sphere of radius r, rising linearly across a shell
 * {@code ramp} voxels thick, so the 0.5 isosurface is the sphere and linear interpolation along voxel edges is
 * nearly exact. For isosurface tests in core and the viewer.
 */
public final class SpherePhantom {
    private SpherePhantom() {
    }

    /** Values of an n^3 cube (z, y, x with x fastest) around centre (cx, cy, cz) in voxel coordinates. */
    public static float[] values(int n, double cx, double cy, double cz, double r, double ramp) {
        float[] v = new float[n * n * n];
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double d = Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz));
                    v[(z * n + y) * n + x] = (float) Math.max(0, Math.min(1, 0.5 + (r - d) / ramp));
                }
            }
        }
        return v;
    }

    /** The phantom as a full-resolution volume. */
    public static FloatVolume volume(int n, double cx, double cy, double cz, double r, double ramp) {
        return new FloatVolume(values(n, cx, cy, cz, r, ramp), n, n, n, 1);
    }

    /** The phantom as a dataset of {@code /tmp/sphere.h5}, path {@code /entry/data}. */
    public static InMemoryDataset dataset(int n, double cx, double cy, double cz, double r, double ramp) {
        return new InMemoryDataset(Path.of("/tmp/sphere.h5"), "/entry/data", new long[] {n, n, n},
                values(n, cx, cy, cz, r, ramp));
    }
}
