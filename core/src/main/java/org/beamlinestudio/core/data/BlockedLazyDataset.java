package org.beamlinestudio.core.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A {@link LazyDataset} over a regular grid of blocks that a {@link BlockReader} decodes on demand;
 * decoded blocks live in the process-wide {@link ChunkCache}. Format readers (HDF5, TIFF stacks)
 * supply the reader and the block grid (the stored chunk grid where there is one).
 */
public class BlockedLazyDataset implements LazyDataset {

    private final Path file;
    private final String path;
    private final long[] shape;
    private final ElementType elementType;
    private final long[] chunkShape;
    private final int[] blockShape;
    private final long[] gridShape;
    private final BlockReader reader;
    private final long sourceId = ChunkCache.newSourceId();
    private final AtomicLong blockReads = new AtomicLong();
    private volatile RandomAccessibleInterval<FloatType> img;

    /**
     * @param blockShape the cache's unit, in file axis order; every block but the last along an axis
     *                   has exactly this shape
     */
    public BlockedLazyDataset(Path file, String path, long[] shape, ElementType elementType, long[] chunkShape,
            int[] blockShape, BlockReader reader) {
        if (shape.length != blockShape.length) {
            throw new IllegalArgumentException("block rank " + blockShape.length + " != rank " + shape.length);
        }
        this.file = file;
        this.path = path;
        this.shape = shape.clone();
        this.elementType = elementType;
        this.chunkShape = chunkShape == null ? null : chunkShape.clone();
        this.blockShape = blockShape.clone();
        this.reader = reader;
        this.gridShape = new long[shape.length];
        for (int a = 0; a < shape.length; a++) {
            if (blockShape[a] <= 0) {
                throw new IllegalArgumentException("block shape must be positive: " + Arrays.toString(blockShape));
            }
            gridShape[a] = (shape[a] + blockShape[a] - 1) / blockShape[a];
        }
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public ElementType elementType() {
        return elementType;
    }

    @Override
    public long[] chunkShape() {
        return chunkShape == null ? null : chunkShape.clone();
    }

    /** The shape of the cached blocks (file axis order). */
    public int[] blockShape() {
        return blockShape.clone();
    }

    /** How many blocks were read from storage so far (cache misses). */
    public long blockReads() {
        return blockReads.get();
    }

    /** Drops this dataset's blocks from the cache. */
    public void evict() {
        ChunkCache.invalidateSource(sourceId);
    }

    /** {@link #readFloats} wrapped as a {@link FloatBlock}. */
    public FloatBlock readBlock(long[] offset, int[] count) throws DataFileException {
        return new FloatBlock(readFloats(offset, count), count.clone(), offset.clone());
    }

    @Override
    public float[] readFloats(long[] offset, int[] count) throws DataFileException {
        int rank = shape.length;
        checkRequest(offset, count);
        long total = 1;
        for (int c : count) {
            total *= c;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new DataFileException(file, path, "a request for " + total + " values",
                    "at most " + (Integer.MAX_VALUE - 8) + " values per request (read in slabs)");
        }
        float[] out = new float[(int) total];
        if (total == 0) {
            return out;
        }
        if (rank == 0) {
            out[0] = block(new long[0])[0];
            return out;
        }
        long[] first = new long[rank];
        long[] last = new long[rank];
        for (int a = 0; a < rank; a++) {
            first[a] = offset[a] / blockShape[a];
            last[a] = (offset[a] + count[a] - 1) / blockShape[a];
        }
        long[] g = first.clone();
        int[] box = new int[rank];
        int[] srcShape = new int[rank];
        int[] srcOrigin = new int[rank];
        int[] dstOrigin = new int[rank];
        while (true) {
            float[] data = block(g);
            for (int a = 0; a < rank; a++) {
                long bStart = g[a] * blockShape[a];
                srcShape[a] = (int) Math.min(blockShape[a], shape[a] - bStart);
                long lo = Math.max(bStart, offset[a]);
                long hi = Math.min(bStart + srcShape[a], offset[a] + count[a]);
                box[a] = (int) (hi - lo);
                srcOrigin[a] = (int) (lo - bStart);
                dstOrigin[a] = (int) (lo - offset[a]);
            }
            CRuns.copy(data, srcShape, srcOrigin, out, count, dstOrigin, box);
            int a = rank - 1;
            while (a >= 0) {
                if (++g[a] <= last[a]) {
                    break;
                }
                g[a] = first[a];
                a--;
            }
            if (a < 0) {
                return out;
            }
        }
    }

    private void checkRequest(long[] offset, int[] count) throws DataFileException {
        int rank = shape.length;
        if (offset == null || count == null || offset.length != rank || count.length != rank) {
            throw new DataFileException(file, path,
                    "a request of rank " + (offset == null ? "null" : offset.length) + "/"
                            + (count == null ? "null" : count.length),
                    "offset and count of rank " + rank + " (shape " + Arrays.toString(shape) + ")");
        }
        for (int a = 0; a < rank; a++) {
            if (offset[a] < 0 || count[a] < 0 || offset[a] + count[a] > shape[a]) {
                throw new DataFileException(file, path,
                        "a request for offset " + Arrays.toString(offset) + " count " + Arrays.toString(count)
                                + " that leaves the array along axis " + a,
                        "0 <= offset, offset + count <= shape " + Arrays.toString(shape));
            }
        }
    }

    /** The decoded block at grid position {@code g}, from the cache or from storage. */
    private float[] block(long[] g) throws DataFileException {
        long index = 0;
        for (int a = 0; a < g.length; a++) {
            index = index * gridShape[a] + g[a];
        }
        long[] gridPos = g.clone();
        try {
            return ChunkCache.get(new ChunkCache.Key(sourceId, index), k -> load(gridPos));
        } catch (UncheckedDataFileException e) {
            throw e.getCause();
        }
    }

    private float[] load(long[] g) {
        int rank = g.length;
        long[] origin = new long[rank];
        int[] bshape = new int[rank];
        long n = 1;
        for (int a = 0; a < rank; a++) {
            origin[a] = g[a] * blockShape[a];
            bshape[a] = (int) Math.min(blockShape[a], shape[a] - origin[a]);
            n *= bshape[a];
        }
        try {
            float[] data = reader.read(origin, bshape);
            blockReads.incrementAndGet();
            if (data.length != n) {
                throw new IllegalStateException("block reader returned " + data.length + " values for block "
                        + Arrays.toString(bshape) + " of " + path);
            }
            return data;
        } catch (DataFileException e) {
            throw new UncheckedDataFileException(e);
        }
    }

    @Override
    public RandomAccessibleInterval<FloatType> asImg() {
        RandomAccessibleInterval<FloatType> result = img;
        if (result == null) {
            synchronized (this) {
                result = img;
                if (result == null) {
                    result = makeImg();
                    img = result;
                }
            }
        }
        return result;
    }

    /**
     * Cells are the cached blocks themselves: a C-order block with file shape (a, b, c) is exactly an
     * ImgLib2 cell with dimensions (c, b, a), and the flat cell index of ImgLib2 (dimension 0 fastest)
     * equals the C-order block index. The cell arrays are shared with the cache: the image is read-only.
     */
    private RandomAccessibleInterval<FloatType> makeImg() {
        int rank = shape.length;
        if (rank == 0) {
            throw new UnsupportedOperationException("ImgLib2 has no 0-d images: " + path + " is a scalar");
        }
        long[] dims = new long[rank];
        int[] cellDims = new int[rank];
        for (int a = 0; a < rank; a++) {
            dims[a] = shape[rank - 1 - a];
            cellDims[a] = blockShape[rank - 1 - a];
        }
        CellGrid grid = new CellGrid(dims, cellDims);
        LazyCellImg.Get<Cell<FloatArray>> get = index -> {
            long[] cellMin = new long[rank];
            int[] cellSize = new int[rank];
            grid.getCellDimensions(index, cellMin, cellSize);
            long[] g = new long[rank];
            for (int a = 0; a < rank; a++) {
                g[rank - 1 - a] = cellMin[a] / cellDims[a];
            }
            try {
                return new Cell<>(cellSize, cellMin, new FloatArray(block(g)));
            } catch (DataFileException e) {
                throw new UncheckedDataFileException(e);
            }
        };
        return new LazyCellImg<>(grid, new FloatType(), get);
    }

    @Override
    public String toString() {
        return "BlockedLazyDataset[" + file + ":" + path + " " + Arrays.toString(shape) + " " + elementType.numpyName()
                + ", blocks " + Arrays.toString(blockShape) + "]";
    }
}
