package org.beamlinestudio.core.testing;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.LazyDataset;

/** A {@link LazyDataset} over an array in memory, counting reads; for tests of pipelines and views. */
public final class InMemoryDataset implements LazyDataset {
    private final Path file;
    private final String path;
    private final long[] shape;
    private final float[] values;
    private final AtomicInteger reads = new AtomicInteger();
    private final java.util.List<int[]> readCounts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long[] chunkShape;

    public InMemoryDataset(Path file, String path, long[] shape, float[] values) {
        this.file = file;
        this.path = path;
        this.shape = shape.clone();
        this.values = values;
    }

    /** A dataset whose value at (i, j, k) is {@code i * 10000 + j * 100 + k}, easy to check by eye. */
    public static InMemoryDataset indexed(Path file, String path, int d0, int d1, int d2) {
        float[] v = new float[d0 * d1 * d2];
        for (int i = 0; i < d0; i++) {
            for (int j = 0; j < d1; j++) {
                for (int k = 0; k < d2; k++) {
                    v[(i * d1 + j) * d2 + k] = i * 10000f + j * 100f + k;
                }
            }
        }
        return new InMemoryDataset(file, path, new long[] {d0, d1, d2}, v);
    }

    public int reads() {
        return reads.get();
    }

    /** The shape of every read so far, in order. */
    public java.util.List<int[]> readCounts() {
        return readCounts;
    }

    /** Pretends the array is stored in chunks of this shape (as a file's layout would be). */
    public InMemoryDataset withChunkShape(long... chunks) {
        this.chunkShape = chunks.clone();
        return this;
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
        return ElementType.FLOAT32;
    }

    @Override
    public long[] chunkShape() {
        return chunkShape == null ? null : chunkShape.clone();
    }

    @Override
    public float[] readFloats(long[] offset, int[] count) throws DataFileException {
        reads.incrementAndGet();
        readCounts.add(count.clone());
        int n = 1;
        for (int a = 0; a < shape.length; a++) {
            if (offset[a] < 0 || offset[a] + count[a] > shape[a]) {
                throw new DataFileException(file, path, "request outside the shape", "within the shape");
            }
            n *= count[a];
        }
        float[] out = new float[n];
        int[] idx = new int[shape.length];
        for (int o = 0; o < n; o++) {
            long flat = 0;
            for (int a = 0; a < shape.length; a++) {
                flat = flat * shape[a] + offset[a] + idx[a];
            }
            out[o] = values[(int) flat];
            for (int a = shape.length - 1; a >= 0; a--) {
                if (++idx[a] < count[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        return out;
    }

    @Override
    public RandomAccessibleInterval<FloatType> asImg() {
        long[] dims = new long[shape.length];
        for (int a = 0; a < shape.length; a++) {
            dims[a] = shape[shape.length - 1 - a];
        }
        return ArrayImgs.floats(values, dims);
    }
}
