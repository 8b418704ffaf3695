package org.beamlinestudio.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Cancellation.CancelledException;
import org.beamlinestudio.core.stage.Progress;

/**
 * A lazy dataset with its lazily built coarse levels (a pyramid): level 0 is the dataset itself and
 * level k is the 2^k × 2^k (× 2^k) block mean along the reduced axes (the last two or three). Views
 * read the level that matches their zoom, so a zoomed-out view of a 10 GB volume reads megabytes, not
 * gigabytes, once the levels exist. Levels are computed block by block as they are read, from the
 * base blocks under them, kept in the bounded {@link ChunkCache} and optionally in a
 * {@link CoarseBlockStore} (a sidecar file) so that reopening is instant.
 */
public final class MultiscaleDataset {

    /** Levels stop once every reduced axis is at most this long. */
    public static final int MIN_COARSE_EXTENT = 32;
    /** Base block edge used when the base dataset has neither blocks nor chunks. */
    static final int DEFAULT_BASE_BLOCK = 64;

    private final LazyDataset base;
    private final boolean[] reduced;
    private final List<LazyDataset> levels = new ArrayList<>();

    /**
     * @param reducedAxes how many of the last axes are averaged (2 for a stack of images viewed frame by
     *                    frame, 3 for a volume); clamped to the rank
     * @param store       where computed coarse blocks are kept between sessions, or null
     */
    public MultiscaleDataset(LazyDataset base, int reducedAxes, CoarseBlockStore store) {
        this.base = base;
        long[] shape = base.shape();
        int rank = shape.length;
        this.reduced = new boolean[rank];
        for (int a = Math.max(0, rank - reducedAxes); a < rank; a++) {
            reduced[a] = true;
        }
        int[] baseBlock = baseBlock(base);
        levels.add(base);
        for (int k = 1; k < 31 && needsLevel(shape, k); k++) {
            int f = 1 << k;
            int[] factors = new int[rank];
            int[] block = new int[rank];
            for (int a = 0; a < rank; a++) {
                factors[a] = reduced[a] ? f : 1;
                // One coarse block covers one base block where it can, so computing it reads each base block once.
                block[a] = reduced[a] ? Math.max(1, baseBlock[a] / f) : baseBlock[a];
            }
            levels.add(new DownsampledLevel(base, k, factors, block, store));
        }
    }

    /** The pyramid of a volume (the last three axes reduced), without a sidecar store. */
    public static MultiscaleDataset of(LazyDataset base) {
        return new MultiscaleDataset(base, 3, null);
    }

    private boolean needsLevel(long[] shape, int k) {
        // Level k exists while the previous level still has a reduced axis longer than the minimum.
        for (int a = 0; a < shape.length; a++) {
            if (reduced[a] && (shape[a] + (1L << (k - 1)) - 1) >> (k - 1) > MIN_COARSE_EXTENT) {
                return true;
            }
        }
        return false;
    }

    private static int[] baseBlock(LazyDataset base) {
        long[] shape = base.shape();
        if (base instanceof BlockedLazyDataset b) {
            return b.blockShape();
        }
        long[] chunk = base.chunkShape();
        int[] block = new int[shape.length];
        for (int a = 0; a < shape.length; a++) {
            long c = chunk != null ? chunk[a] : DEFAULT_BASE_BLOCK;
            block[a] = (int) Math.max(1, Math.min(Math.max(1, shape[a]), c));
        }
        return block;
    }

    /** The full-resolution dataset (level 0). */
    public LazyDataset base() {
        return base;
    }

    /** Number of levels, the base included (at least 1). */
    public int levelCount() {
        return levels.size();
    }

    /** Level {@code k}: 0 is the base, k ≥ 1 a {@link DownsampledLevel}. */
    public LazyDataset level(int k) {
        return levels.get(k);
    }

    /** Base elements per element of level {@code k} along {@code axis} (1 on axes that are not reduced). */
    public int factor(int k, int axis) {
        return reduced[axis] ? 1 << k : 1;
    }

    /** Shape of level {@code k}. */
    public long[] shape(int k) {
        return levels.get(k).shape();
    }

    /** Whether {@code axis} is averaged in the coarse levels. */
    public boolean isReduced(int axis) {
        return reduced[axis];
    }

    /**
     * The coarsest level that still gives at least one element per screen pixel when the base is drawn at
     * {@code screenPixelsPerDataPixel} (≥ 1 or unknown: the base).
     */
    public int levelFor(double screenPixelsPerDataPixel) {
        if (!(screenPixelsPerDataPixel > 0) || screenPixelsPerDataPixel >= 1) {
            return 0;
        }
        int k = (int) Math.floor(Math.log(1 / screenPixelsPerDataPixel) / Math.log(2) + 1e-9);
        return Math.max(0, Math.min(levels.size() - 1, k));
    }

    /**
     * Computes every block of level {@code k} ({@code k ≥ 1}), reading the whole base once, row of blocks by row
     * of blocks: e.g. in the background after opening, so that a sidecar store holds the whole level and any
     * plane of it shows at once next time. Memory stays within the cache budget plus one row of blocks.
     */
    public void build(int k, Progress progress, Cancellation cancel) throws DataFileException, CancelledException {
        if (k < 1 || k >= levels.size()) {
            throw new IllegalArgumentException("level " + k + " is not a coarse level of " + this);
        }
        DownsampledLevel level = (DownsampledLevel) levels.get(k);
        long[] shape = level.shape();
        int[] block = level.blockShape();
        int rank = shape.length;
        long[] grid = new long[rank];
        long rows = 1;
        for (int a = 0; a < rank; a++) {
            grid[a] = a == rank - 1 ? 1 : (shape[a] + block[a] - 1) / block[a];
            rows *= grid[a];
        }
        long[] g = new long[rank];
        for (long done = 0; done < rows; done++) {
            cancel.check();
            long[] offset = new long[rank];
            int[] count = new int[rank];
            for (int a = 0; a < rank; a++) {
                offset[a] = a == rank - 1 ? 0 : g[a] * block[a];
                count[a] = (int) (a == rank - 1 ? shape[a] : Math.min(block[a], shape[a] - offset[a]));
            }
            level.readFloats(offset, count);
            progress.update((done + 1.0) / rows, "level " + k + " (1:" + (1 << k) + ") of " + base.path());
            for (int a = rank - 2; a >= 0; a--) {
                if (++g[a] < grid[a]) {
                    break;
                }
                g[a] = 0;
            }
        }
    }

    /** Drops all coarse levels' blocks from the in-memory cache. */
    public void evictLevels() {
        for (int k = 1; k < levels.size(); k++) {
            ((DownsampledLevel) levels.get(k)).evict();
        }
    }

    @Override
    public String toString() {
        return "MultiscaleDataset[" + base.file() + ":" + base.path() + " " + Arrays.toString(base.shape()) + ", "
                + levels.size() + " levels]";
    }
}
