package org.beamlinestudio.core.data;

/** Reads one block of an N-d array from its storage, converted to float32 in C order. */
@FunctionalInterface
public interface BlockReader {

    /**
     * @param origin the block's first element (file axis order)
     * @param shape  the block's shape, already clipped to the array's bounds
     * @return {@code product(shape)} values in C order
     */
    float[] read(long[] origin, int[] shape) throws DataFileException;
}
