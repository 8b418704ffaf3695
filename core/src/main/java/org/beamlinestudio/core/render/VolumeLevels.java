package org.beamlinestudio.core.render;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleConsumer;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.stage.Cancellation;

/**
 * A 3-D volume as a pyramid of levels, each half the previous per axis (level k has
 * ⌈n / 2^k⌉ voxels per axis, the mean of each 2^k block), built only when asked for.
 *
 * <p>How a volume larger than memory is drawn: the view asks for the finest level that fits its
 * memory budget ({@link #finestLevelWithin}); that level is read from the dataset in bricks (a few
 * z-planes by a band of rows at a time, each read ≤ {@value #BRICK_BYTES} bytes) and reduced as it
 * streams, so only the level itself is ever held. Coarser levels are then reduced from the finest
 * level already in memory instead of the file. A 2048³ float volume (32 GiB) with a 1 GiB budget is
 * drawn from level 2 (512³); the rotate-time level is coarser still.
 *
 * <p>Thread-safe: each level is built once (concurrent requests for the same level wait for it).
 */
public final class VolumeLevels {

    /** Largest single read from the dataset while building a level. */
    public static final long BRICK_BYTES = 32L << 20;
    /** Levels stop once every axis is at most this long. */
    private static final int SMALLEST = 8;

    private final LazyDataset dataset;
    private final long[] shape;
    private final int levels;
    private final Map<Integer, VolumeGrid> built = new ConcurrentHashMap<>();
    private final Object[] locks;
    private final long brickBytes;

    private VolumeLevels(LazyDataset dataset, long[] shape, long brickBytes) {
        this.dataset = dataset;
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
     * Levels of a 3-D dataset (or one whose leading axes are all 1), read on demand.
     *
     * @throws IllegalArgumentException naming the file and dataset when it is not a volume
     */
    public static VolumeLevels of(LazyDataset dataset) {
        return of(dataset, BRICK_BYTES);
    }

    /** {@link #of(LazyDataset)} with smaller bricks, so tests can cross brick borders on small volumes. */
    static VolumeLevels of(LazyDataset dataset, long brickBytes) {
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
        return new VolumeLevels(dataset, Arrays.copyOfRange(s, s.length - 3, s.length), brickBytes);
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
        return dataset;
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
        if (dataset == null) {
            built.keySet().removeIf(j -> j > 0 && j < k);
        } else {
            built.keySet().removeIf(j -> j < k);
        }
    }

    private VolumeGrid reduce(VolumeGrid finer, int k, long[] s, Cancellation cancel, DoubleConsumer progress)
            throws Cancellation.CancelledException {
        int f = 1 << (k - finer.level());
        int nz = (int) s[0];
        int ny = (int) s[1];
        int nx = (int) s[2];
        float[] out = new float[nz * ny * nx];
        float[] src = finer.data();
        int fnx = finer.nx();
        int fny = finer.ny();
        int fnz = finer.nz();
        for (int z = 0; z < nz; z++) {
            cancel.check();
            progress.accept(z / (double) nz);
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double sum = 0;
                    int count = 0;
                    for (int zz = z * f; zz < Math.min(fnz, (z + 1) * f); zz++) {
                        for (int yy = y * f; yy < Math.min(fny, (y + 1) * f); yy++) {
                            int row = (zz * fny + yy) * fnx;
                            for (int xx = x * f; xx < Math.min(fnx, (x + 1) * f); xx++) {
                                float v = src[row + xx];
                                if (v == v) {
                                    sum += v;
                                    count++;
                                }
                            }
                        }
                    }
                    out[(z * ny + y) * nx + x] = count == 0 ? Float.NaN : (float) (sum / count);
                }
            }
        }
        progress.accept(1);
        return new VolumeGrid(out, nx, ny, nz, shape[2], shape[1], shape[0], k);
    }

    private VolumeGrid read(int k, long[] s, Cancellation cancel, DoubleConsumer progress)
            throws DataFileException, Cancellation.CancelledException {
        if (dataset == null) {
            throw new IllegalStateException("level 0 of an in-memory volume is always present");
        }
        int f = 1 << k;
        int nz = (int) s[0];
        int ny = (int) s[1];
        int nx = (int) s[2];
        long fullX = shape[2];
        float[] out = new float[nz * ny * nx];
        // A brick: f z-planes (one output plane) × a band of rows (a multiple of f) × every column.
        long rowsPerBrick = Math.max(f, brickBytes / ((long) f * fullX * Float.BYTES) / f * f);
        int rank = dataset.rank();
        double[] sum = new double[nx];
        int[] count = new int[nx];
        for (int z = 0; z < nz; z++) {
            long z0 = (long) z * f;
            int fz = (int) Math.min(f, shape[0] - z0);
            for (long y0 = 0; y0 < shape[1]; y0 += rowsPerBrick) {
                cancel.check();
                int rows = (int) Math.min(rowsPerBrick, shape[1] - y0);
                long[] offset = new long[rank];
                int[] counts = new int[rank];
                Arrays.fill(counts, 1);
                offset[rank - 3] = z0;
                offset[rank - 2] = y0;
                counts[rank - 3] = fz;
                counts[rank - 2] = rows;
                counts[rank - 1] = (int) fullX;
                float[] brick = dataset.readFloats(offset, counts);
                for (int yOut = (int) (y0 / f); yOut < Math.min(ny, (y0 + rows + f - 1) / f); yOut++) {
                    Arrays.fill(sum, 0);
                    Arrays.fill(count, 0);
                    for (int zz = 0; zz < fz; zz++) {
                        for (long yy = (long) yOut * f; yy < Math.min(y0 + rows, (long) (yOut + 1) * f); yy++) {
                            int row = (int) ((zz * (long) rows + (yy - y0)) * fullX);
                            for (int xx = 0; xx < fullX; xx++) {
                                float v = brick[row + xx];
                                if (v == v) {
                                    sum[xx / f] += v;
                                    count[xx / f]++;
                                }
                            }
                        }
                    }
                    int o = (z * ny + yOut) * nx;
                    for (int x = 0; x < nx; x++) {
                        out[o + x] = count[x] == 0 ? Float.NaN : (float) (sum[x] / count[x]);
                    }
                }
                progress.accept((z + (y0 + rows) / (double) shape[1]) / nz);
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
        String where = dataset == null ? "an in-memory volume" : dataset.file() + " [" + dataset.path() + "]";
        return where + " of " + shape[0] + " × " + shape[1] + " × " + shape[2];
    }
}
