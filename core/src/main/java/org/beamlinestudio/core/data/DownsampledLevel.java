package org.beamlinestudio.core.data;

import java.nio.file.Path;
import java.util.Arrays;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

/**
 * One coarse level of a {@link MultiscaleDataset}: every element is the mean of a {@code factor}-sized
 * block of the full-resolution dataset along the reduced axes. Blocks are computed when first read (from
 * the base dataset's blocks under them), kept in the process-wide {@link ChunkCache} and, where a
 * {@link CoarseBlockStore} is given, on disk for the next session.
 */
public final class DownsampledLevel implements LazyDataset {

    private final LazyDataset base;
    private final int level;
    private final int[] factors;
    private final long[] shape;
    private final long[] baseShape;
    private final int[] blockShape;
    private final long[] gridShape;
    private final CoarseBlockStore store;
    private final BlockedLazyDataset blocks;

    DownsampledLevel(LazyDataset base, int level, int[] factors, int[] blockShape, CoarseBlockStore store) {
        this.base = base;
        this.level = level;
        this.factors = factors.clone();
        this.baseShape = base.shape();
        this.shape = new long[baseShape.length];
        this.gridShape = new long[baseShape.length];
        for (int a = 0; a < shape.length; a++) {
            shape[a] = (baseShape[a] + factors[a] - 1) / factors[a];
            gridShape[a] = (shape[a] + blockShape[a] - 1) / blockShape[a];
        }
        this.blockShape = blockShape.clone();
        this.store = store != null && store.keeps(level) ? store : null;
        this.blocks = new BlockedLazyDataset(base.file(), base.path(), shape, ElementType.FLOAT32, null, blockShape,
                this::computeBlock);
    }

    /** The level number: 0 is the base, level k is 2^k times coarser along each reduced axis. */
    public int level() {
        return level;
    }

    /** How many base elements along each axis make one element of this level. */
    public int[] factors() {
        return factors.clone();
    }

    /** The shape of the cached (and stored) blocks of this level. */
    public int[] blockShape() {
        return blockShape.clone();
    }

    /** Number of blocks of this level that were computed or loaded from the store so far (cache misses). */
    public long blockReads() {
        return blocks.blockReads();
    }

    private float[] computeBlock(long[] origin, int[] bshape) throws DataFileException {
        int rank = origin.length;
        long index = 0;
        int n = 1;
        for (int a = 0; a < rank; a++) {
            index = index * gridShape[a] + origin[a] / blockShape[a];
            n *= bshape[a];
        }
        if (store != null) {
            float[] kept = store.load(level, index, n);
            if (kept != null) {
                return kept;
            }
        }
        long[] baseOrigin = new long[rank];
        int[] baseCount = new int[rank];
        for (int a = 0; a < rank; a++) {
            baseOrigin[a] = origin[a] * factors[a];
            baseCount[a] = (int) Math.min((long) bshape[a] * factors[a], baseShape[a] - baseOrigin[a]);
        }
        float[] means = BlockMeans.of(base.readFloats(baseOrigin, baseCount), baseCount, factors);
        if (store != null) {
            store.save(level, index, means);
        }
        return means;
    }

    @Override
    public Path file() {
        return base.file();
    }

    @Override
    public String path() {
        return base.path();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Coarse levels hold float32 means whatever the stored type. */
    @Override
    public ElementType elementType() {
        return ElementType.FLOAT32;
    }

    @Override
    public long[] chunkShape() {
        return null;
    }

    @Override
    public float[] readFloats(long[] offset, int[] count) throws DataFileException {
        return blocks.readFloats(offset, count);
    }

    @Override
    public RandomAccessibleInterval<FloatType> asImg() {
        return blocks.asImg();
    }

    /** Drops this level's blocks from the in-memory cache (the store keeps its copy). */
    public void evict() {
        blocks.evict();
    }

    @Override
    public String toString() {
        return "DownsampledLevel[" + level + " of " + base.file() + ":" + base.path() + " " + Arrays.toString(shape)
                + ", factors " + Arrays.toString(factors) + "]";
    }
}
