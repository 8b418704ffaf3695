package org.beamlinestudio.core.data;

import java.nio.file.Path;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

/**
 * An N-d numeric array that lives in a file and is read only where it is looked at: by hyperslab,
 * through a bounded cache. Never loads the whole array. Thread-safe.
 *
 * <p>Axis order is the file's (C order, slowest axis first), as h5py shows it.
 */
public interface LazyDataset {

    /** The file the array lives in (the target file when reached through an external link). */
    Path file();

    /** The dataset's path inside the file, e.g. {@code /exchange/data}. */
    String path();

    /** Shape in the file's axis order. */
    long[] shape();

    /** Element type as stored. */
    ElementType elementType();

    /** Chunk shape as stored, or {@code null} when the layout is contiguous or compact. */
    long[] chunkShape();

    /**
     * Reads a hyperslab, converted to float32, in C order. Reads only what it needs (through the
     * cache).
     *
     * @throws DataFileException naming file and dataset when the bytes cannot be decoded
     *     (unsupported filter, truncated file) or the request is outside the shape
     */
    float[] readFloats(long[] offset, int[] count) throws DataFileException;

    /**
     * An ImgLib2 view of the whole array, backed by cells read on demand through a bounded cache.
     * ImgLib2's axis order is the reverse of the file's: dimension 0 is the fastest (last) file axis.
     */
    RandomAccessibleInterval<FloatType> asImg();

    /** Number of elements. */
    default long size() {
        long n = 1;
        for (long s : shape()) {
            n *= s;
        }
        return n;
    }

    /** Rank (number of axes). */
    default int rank() {
        return shape().length;
    }
}
