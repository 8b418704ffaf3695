package org.beamlinestudio.core.render;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleConsumer;
import org.beamlinestudio.core.data.BlockMeans;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.data.MultiscaleDataset;
import org.beamlinestudio.core.stage.Cancellation;

/**
 * A 3-D volume as a pyramid of levels in memory for the renderers, each half the previous per axis
 * (level k has ⌈n / 2^k⌉ voxels per axis, the mean of each 2^k block), built only when asked for.
 *
 * <p>The block means are the {@link MultiscaleDataset}'s (the pyramid the slice views read), so they
 * are computed once, by {@link BlockMeans}, and kept by its sidecar store when it has one. How a
 * volume larger than memory is drawn: the view asks for the finest level that fits its memory budget
 * ({@link #finestLevelWithin}); that level is read from the pyramid's level in bricks (a few z-planes,
 * or a band of rows, at a time, each read ≤ {@value #BRICK_BYTES} bytes), so only the level itself is
 * ever held. Coarser levels are then reduced from the finest level already in memory instead of the
 * file, and levels coarser than the pyramid's last (it stops at
 * {@value MultiscaleDataset#MIN_COARSE_EXTENT} voxels, these at 8) from its last. A 2048³ float volume
 * (32 GiB) with a 1 GiB budget is drawn from level 2 (512³); the rotate-time level is coarser still.
 *
 * <p>Thread-safe: each level is built once (concurrent requests for the same level wait for it).
 */
public final class VolumeLevels {

    /** Largest single read from the dataset while building a level. */
    public static final long BRICK_BYTES = 32L << 20;
    /** Levels stop once every axis is at most this long. */
    private static final int SMALLEST = 8;

    private final MultiscaleDataset pyramid;
    private final long[] shape;
    private final int levels;
    private final Map<Integer, VolumeGrid> built = new ConcurrentHashMap<>();
    private final Object[] locks;
    private final long brickBytes;

    private VolumeLevels(MultiscaleDataset pyramid, long[] shape, long brickBytes) {
        this.pyramid = pyramid;
        this.brickBytes = brickBytes;
        this.shape = shape.clone();
        long longest = Math.max(shape[0], Math.max(shape[1], shape[2]));
        int n = 1;
        while (longest > SMALLEST) {
            longest = (longest + 1) / 2;
            n++;
        }
        this.levels = n;
        this.locks = new Object[n];
        for (int i = 0; i < n; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Levels of a 3-D dataset (or one whose leading axes are all 1), read on demand through a pyramid of
     * its own without a sidecar store; {@link #of(MultiscaleDataset)} shares one with the slice views.
     *
     * @throws IllegalArgumentException naming the file and dataset when it is not a volume
     */
    public static VolumeLevels of(LazyDataset dataset) {
        return of(dataset, BRICK_BYTES);
    }

    /** {@link #of(LazyDataset)} with smaller bricks, so tests can cross brick borders on small volumes. */
    static VolumeLevels of(LazyDataset dataset, long brickBytes) {
        return of(new MultiscaleDataset(dataset, 3, null), brickBytes, volumeShape(dataset));
    }

    /**
     * Levels read from {@code pyramid}'s levels (its block means, cached and stored as it keeps them), e.g.
     * the one the slice views of the same dataset read, so the means are computed once for both.
     *
     * @throws IllegalArgumentException naming the file and dataset when it is not a volume or the pyramid
     *                                  does not average all three volume axes
     */
    public static VolumeLevels of(MultiscaleDataset pyramid) {
        return of(pyramid, BRICK_BYTES, volumeShape(pyramid.base()));
    }

    private static VolumeLevels of(MultiscaleDataset pyramid, long brickBytes, long[] volumeShape) {
        int rank = pyramid.base().rank();
        if (!pyramid.isReduced(rank - 3)) {
            throw new IllegalArgumentException(pyramid.base().file() + " [" + pyramid.base().path()
                    + "]: volume levels need a pyramid that averages the last three axes, this one averages fewer");
        }
        return new VolumeLevels(pyramid, volumeShape, brickBytes);
    }

    /** The last three axes of a volume (leading axes must be 1). */
    private static long[] volumeShape(LazyDataset dataset) {
        long[] s = dataset.shape();
        int rank = s.length;
        for (int a = 0; a < rank - 3; a++) {
            if (s[a] != 1) {
                rank = -1;
                break;
            }
        }
        if (rank < 3) {
            throw new IllegalArgumentException(dataset.file() + " [" + dataset.path() + "]: a volume needs 3 axes, found shape "
                    + Arrays.toString(s));
        }
        return Arrays.copyOfRange(s, s.length - 3, s.length);
    }

    /** Levels of a volume already in memory (it is level 0). */
    public static VolumeLevels of(VolumeGrid full) {
        if (full.level() != 0 || full.nx() != full.fullNx() || full.ny() != full.fullNy() || full.nz() != full.fullNz()) {
            throw new IllegalArgumentException("levels start from a full-resolution grid, got level " + full.level());
        }
        VolumeLevels l = new VolumeLevels(null, new long[] {full.nz(), full.ny(), full.nx()}, BRICK_BYTES);
        l.built.put(0, full);
        return l;
    }

    /** The full-resolution shape (z, y, x). */
    public long[] fullShape() {
        return shape.clone();
    }

    /** The dataset the levels come from, or null for a volume in memory. */
    public LazyDataset dataset() {
        return pyramid == null ? null : pyramid.base();
    }

    /** The pyramid the levels are read from, or null for a volume in memory. */
    public MultiscaleDataset pyramid() {
        return pyramid;
    }

    /** Number of levels; the last has every axis at most 8 voxels. */
    public int levelCount() {
        return levels;
    }

    /** Shape (z, y, x) of level {@code k}. */
    public long[] levelShape(int k) {
        checkLevel(k);
        long f = 1L << k;
        return new long[] {(shape[0] + f - 1) / f, (shape[1] + f - 1) / f, (shape[2] + f - 1) / f};
    }

    /** Bytes level {@code k} takes in memory. */
    public long levelBytes(int k) {
        long[] s = levelShape(k);
        return s[0] * s[1] * s[2] * Float.BYTES;
    }

    /** The finest level that fits {@code budgetBytes} (and a Java array); the coarsest when none does. */
    public int finestLevelWithin(long budgetBytes) {
        for (int k = 0; k < levels; k++) {
            long[] s = levelShape(k);
            if (levelBytes(k) <= budgetBytes && s[0] * s[1] * s[2] <= Integer.MAX_VALUE - 8) {
                return k;
            }
        }
        return levels - 1;
    }

    /** The finest level whose longest axis is at most {@code voxels} (the coarsest when none is). */
    public int levelWithLongestAxisAtMost(int voxels) {
        for (int k = 0; k < levels; k++) {
            long[] s = levelShape(k);
            if (Math.max(s[0], Math.max(s[1], s[2])) <= voxels) {
                return k;
            }
        }
        return levels - 1;
    }

    /** Level {@code k} if it is already in memory. */
    public VolumeGrid cached(int k) {
        checkLevel(k);
        return built.get(k);
    }

    /** A memory budget for levels from the heap: a third of it, at most 2 GiB. */
    public static long defaultBudgetBytes() {
        return Math.min(2L << 30, Runtime.getRuntime().maxMemory() / 3);
    }

    /**
     * Level {@code k}, built now if needed: from the finest finer level in memory, else from the
     * dataset brick by brick.
     *
     * @param progress receives 0 … 1 while building (may be null)
     * @throws DataFileException naming file and dataset when a read fails
     */
    public VolumeGrid level(int k, Cancellation cancel, DoubleConsumer progress)
            throws DataFileException, Cancellation.CancelledException {
        checkLevel(k);
        VolumeGrid g = built.get(k);
        if (g != null) {
            return g;
        }
        synchronized (locks[k]) {
            g = built.get(k);
            if (g != null) {
                return g;
            }
            long[] s = levelShape(k);
            if (s[0] * s[1] * s[2] > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("level " + k + " of " + describe() + " has " + s[0] * s[1] * s[2]
                        + " voxels, more than one Java array holds: use a coarser level");
            }
            VolumeGrid finer = null;
            for (int j = k - 1; j >= 0; j--) {
                finer = built.get(j);
                if (finer != null) {
                    break;
                }
            }
            DoubleConsumer p = progress == null ? x -> { } : progress;
            g = finer != null ? reduce(finer, k, s, cancel, p) : read(k, s, cancel, p);
            built.put(k, g);
            return g;
        }
    }

    /** Drops levels finer than {@code k} from memory (the view calls it when the budget changes). */
    public void forgetFinerThan(int k) {
        if (pyramid == null) {
            built.keySet().removeIf(j -> j > 0 && j < k);
        } else {
            built.keySet().removeIf(j -> j < k);
        }
    }

    /** Level k from a finer level in memory: {@link BlockMeans} of f output planes' worth of planes at a time. */
    private VolumeGrid reduce(VolumeGrid finer, int k, long[] s, Cancellation cancel, DoubleConsumer progress)
            throws Cancellation.CancelledException {
        int f = 1 << (k - finer.level());
        int nz = (int) s[0];
        int plane = finer.nx() * finer.ny();
        float[] out = new float[Math.multiplyExact(nz, (int) (s[1] * s[2]))];
        float[] src = finer.data();
        int written = 0;
        for (int z = 0; z < nz; z++) {
            cancel.check();
            progress.accept(z / (double) nz);
            int z0 = z * f;
            int fz = Math.min(f, finer.nz() - z0);
            float[] slab = Arrays.copyOfRange(src, z0 * plane, (z0 + fz) * plane);
            float[] means = BlockMeans.of(slab, new int[] {fz, finer.ny(), finer.nx()}, new int[] {f, f, f});
            System.arraycopy(means, 0, out, written, means.length);
            written += means.length;
        }
        progress.accept(1);
        return new VolumeGrid(out, (int) s[2], (int) s[1], nz, shape[2], shape[1], shape[0], k);
    }

    /**
     * Level k read from the pyramid in bricks: its level k where it has one, else its coarsest level reduced by
     * {@link BlockMeans} (bricks start at multiples of the factor, so each block lies in one brick).
     */
    private VolumeGrid read(int k, long[] s, Cancellation cancel, DoubleConsumer progress)
            throws DataFileException, Cancellation.CancelledException {
        if (pyramid == null) {
            throw new IllegalStateException("level 0 of an in-memory volume is always present");
        }
        int from = Math.min(k, pyramid.levelCount() - 1);
        LazyDataset source = pyramid.level(from);
        int f = 1 << (k - from);
        int rank = source.rank();
        long[] src = Arrays.copyOfRange(source.shape(), rank - 3, rank);
        int nz = (int) s[0];
        int ny = (int) s[1];
        int nx = (int) s[2];
        float[] out = new float[Math.multiplyExact(nz, ny * nx)];
        long planeBytes = src[1] * src[2] * Float.BYTES;
        // Whole planes (a multiple of f of them) when f planes fit a brick, else f planes by a band of rows.
        long planes = Math.max(f, Math.min(src[0], brickBytes / planeBytes) / f * f);
        long rowsPerBrick = planes * planeBytes <= brickBytes ? src[1]
                : Math.max(f, brickBytes / ((long) f * src[2] * Float.BYTES) / f * f);
        int[] factors = {f, f, f};
        for (long z0 = 0; z0 < src[0]; z0 += planes) {
            int fz = (int) Math.min(planes, src[0] - z0);
            for (long y0 = 0; y0 < src[1]; y0 += rowsPerBrick) {
                cancel.check();
                int rows = (int) Math.min(rowsPerBrick, src[1] - y0);
                long[] offset = new long[rank];
                int[] counts = new int[rank];
                Arrays.fill(counts, 1);
                offset[rank - 3] = z0;
                offset[rank - 2] = y0;
                counts[rank - 3] = fz;
                counts[rank - 2] = rows;
                counts[rank - 1] = (int) src[2];
                float[] brick = source.readFloats(offset, counts);
                cancel.check(); // a read may take long: a load cancelled meanwhile gives no level
                int[] brickShape = {fz, rows, (int) src[2]};
                float[] means = f == 1 ? brick : BlockMeans.of(brick, brickShape, factors);
                int bz = (fz + f - 1) / f;
                int by = (rows + f - 1) / f;
                int zOut = (int) (z0 / f);
                int yOut = (int) (y0 / f);
                for (int z = 0; z < bz; z++) {
                    System.arraycopy(means, z * by * nx, out, ((zOut + z) * ny + yOut) * nx, by * nx);
                }
                progress.accept((z0 + fz * (y0 + rows) / (double) src[1]) / src[0]);
            }
        }
        return new VolumeGrid(out, nx, ny, nz, shape[2], shape[1], shape[0], k);
    }

    private void checkLevel(int k) {
        if (k < 0 || k >= levels) {
            throw new IllegalArgumentException("level " + k + " outside 0 … " + (levels - 1) + " of " + describe());
        }
    }

    private String describe() {
        String where = pyramid == null ? "an in-memory volume" : pyramid.base().file() + " [" + pyramid.base().path() + "]";
        return where + " of " + shape[0] + " × " + shape[1] + " × " + shape[2];
    }
}
