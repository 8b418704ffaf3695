package org.beamlinestudio.core.mesh;

import java.util.Arrays;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;

/**
 * Reads a 3-D dataset (the first 3-D volume of a higher-rank one) into memory as a level small enough for an
 * isosurface: the mean of f x f x f blocks, with the smallest f that keeps the level within a voxel budget. It reads
 * slabs of whole planes, so the memory it holds beyond the level is bounded whatever the dataset's size.
 */
public final class VolumeDownsampler {
    /** Floats per read: 64 MB. */
    private static final long READ_FLOATS = 16L << 20;

    private VolumeDownsampler() {
    }

    /** The smallest block edge f that brings the volume (z, y, x sizes) within {@code maxVoxels}. */
    public static int factorFor(long nz, long ny, long nx, long maxVoxels) {
        int f = 1;
        while (ceilDiv(nz, f) * ceilDiv(ny, f) * ceilDiv(nx, f) > maxVoxels) {
            f++;
        }
        return f;
    }

    /** The level of {@code dataset} with at most {@code maxVoxels} voxels. */
    public static FloatVolume read(LazyDataset dataset, long maxVoxels, Cancellation cancel, Progress progress)
            throws DataFileException, Cancellation.CancelledException {
        long[] shape = dataset.shape();
        int rank = shape.length;
        if (rank < 3) {
            throw new DataFileException(dataset.file(), dataset.path(), "a " + rank + "-D dataset " + Arrays.toString(shape),
                    "a 3-D volume for an isosurface");
        }
        long nz = shape[rank - 3];
        long ny = shape[rank - 2];
        long nx = shape[rank - 1];
        if (ny * nx > Integer.MAX_VALUE) {
            throw new DataFileException(dataset.file(), dataset.path(), "planes of " + ny + " x " + nx,
                    "planes of fewer than 2^31 values");
        }
        int f = factorFor(nz, ny, nx, maxVoxels);
        int oz = (int) ceilDiv(nz, f);
        int oy = (int) ceilDiv(ny, f);
        int ox = (int) ceilDiv(nx, f);
        float[] out = new float[oz * oy * ox];
        int planeSize = (int) (ny * nx);
        int slab = (int) Math.max(1, Math.min(nz, READ_FLOATS / planeSize));
        long[] offset = new long[rank];
        int[] count = new int[rank];
        Arrays.fill(count, 1);
        count[rank - 2] = (int) ny;
        count[rank - 1] = (int) nx;
        for (long z0 = 0; z0 < nz; z0 += slab) {
            cancel.check();
            int h = (int) Math.min(slab, nz - z0);
            offset[rank - 3] = z0;
            count[rank - 3] = h;
            float[] planes = dataset.readFloats(offset, count);
            for (int k = 0; k < h; k++) {
                int base = (int) ((z0 + k) / f) * oy * ox;
                int src = k * planeSize;
                for (int y = 0; y < ny; y++) {
                    int row = base + (y / f) * ox;
                    for (int x = 0; x < nx; x++) {
                        out[row + x / f] += planes[src++];
                    }
                }
            }
            progress.update((z0 + h) / (double) nz, "Reading " + dataset.path() + ": plane " + (z0 + h) + " of " + nz);
        }
        if (f > 1) {
            for (int z = 0; z < oz; z++) {
                long cz = Math.min(f, nz - (long) z * f);
                for (int y = 0; y < oy; y++) {
                    long cy = Math.min(f, ny - (long) y * f);
                    for (int x = 0; x < ox; x++) {
                        long cx = Math.min(f, nx - (long) x * f);
                        out[(z * oy + y) * ox + x] /= (float) (cz * cy * cx);
                    }
                }
            }
        }
        return new FloatVolume(out, oz, oy, ox, f);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
