package org.beamlinestudio.core.mesh;

/**
 * A 3-D float volume in memory, axes (z, y, x) with x fastest, and how many voxels of the source each of its voxels
 * stands for along every axis (1 at full resolution, 2 for a 2x2x2 mean, …).
 *
 * @param data   nz * ny * nx values, x fastest
 * @param nz     planes (the source's first axis)
 * @param ny     rows
 * @param nx     columns
 * @param factor source voxels per voxel along each axis
 */
public record FloatVolume(float[] data, int nz, int ny, int nx, int factor) {

    public FloatVolume {
        if (nz < 1 || ny < 1 || nx < 1 || factor < 1 || (long) nz * ny * nx != data.length) {
            throw new IllegalArgumentException("a volume of " + nz + " x " + ny + " x " + nx + " (factor " + factor
                    + ") needs " + (long) nz * ny * nx + " values, got " + data.length);
        }
    }

    /** The value at plane z, row y, column x. */
    public float at(int z, int y, int x) {
        return data[(z * ny + y) * nx + x];
    }
}
