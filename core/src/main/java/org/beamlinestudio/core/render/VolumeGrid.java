package org.beamlinestudio.core.render;

/**
 * One level of a volume in memory: {@code nz × ny × nx} floats in C order (x fastest), covering
 * the full-resolution extents {@code fullNz × fullNy × fullNx} (equal at level 0; a coarser level
 * has fewer voxels over the same extents).
 *
 * <p>The array is shared, not copied: renderers cache uploads by its identity, so it must not be
 * changed after the grid is made.
 */
public record VolumeGrid(float[] data, int nx, int ny, int nz, long fullNx, long fullNy, long fullNz, int level) {

    public VolumeGrid {
        if (nx < 1 || ny < 1 || nz < 1) {
            throw new IllegalArgumentException("volume needs at least one voxel per axis, was " + nz + " × " + ny
                    + " × " + nx);
        }
        if (data == null || data.length != (long) nx * ny * nz) {
            throw new IllegalArgumentException("volume of " + nz + " × " + ny + " × " + nx + " needs "
                    + (long) nx * ny * nz + " values, got " + (data == null ? "none" : String.valueOf(data.length)));
        }
        if (fullNx < nx || fullNy < ny || fullNz < nz) {
            throw new IllegalArgumentException("full-resolution extents " + fullNz + " × " + fullNy + " × " + fullNx
                    + " smaller than the level's " + nz + " × " + ny + " × " + nx);
        }
    }

    /** A full-resolution grid (level 0). */
    public static VolumeGrid of(float[] data, int nz, int ny, int nx) {
        return new VolumeGrid(data, nx, ny, nz, nx, ny, nz, 0);
    }

    /** Voxels. */
    public long voxels() {
        return (long) nx * ny * nz;
    }

    /** The value at (z, y, x). */
    public float get(int z, int y, int x) {
        return data[(z * ny + y) * nx + x];
    }
}
