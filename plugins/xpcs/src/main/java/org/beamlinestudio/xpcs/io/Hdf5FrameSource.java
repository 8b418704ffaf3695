package org.beamlinestudio.xpcs.io;

import java.nio.file.Path;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;

/**
 * Frames of a 3-D (frame, row, column) HDF5 dataset, read whole frames at a time through core's bounded chunk
 * cache, so memory does not grow with the number of frames.
 */
public final class Hdf5FrameSource implements FrameSource {

    private final LazyDataset data;
    private final AutoCloseable owner;
    private final int n;
    private final int h;
    private final int w;

    /**
     * @param data  the frame stack
     * @param owner closed with this source (the open file), or null when the caller keeps the file open
     * @throws DataFileException when the dataset is not 3-D or a frame would exceed 2³¹ values
     */
    public Hdf5FrameSource(LazyDataset data, AutoCloseable owner) throws DataFileException {
        long[] s = data.shape();
        if (s.length != 3) {
            throw new DataFileException(data.file(), data.path(), "rank " + s.length + " (shape "
                    + java.util.Arrays.toString(s) + ")", "a 3-D stack of frames (frame, row, column)");
        }
        if (s[0] > Integer.MAX_VALUE || s[1] * s[2] > Integer.MAX_VALUE / 2) {
            throw new DataFileException(data.file(), data.path(), "shape " + java.util.Arrays.toString(s),
                    "fewer than 2³¹ frames of fewer than 2³⁰ pixels");
        }
        this.data = data;
        this.owner = owner;
        this.n = (int) s[0];
        this.h = (int) s[1];
        this.w = (int) s[2];
    }

    @Override
    public int frames() {
        return n;
    }

    @Override
    public int height() {
        return h;
    }

    @Override
    public int width() {
        return w;
    }

    @Override
    public float[] read(int first, int count) throws DataFileException {
        if (first < 0 || count < 0 || first + count > n) {
            throw new DataFileException(data.file(), data.path(), "a request for frames " + first + " … "
                    + (first + count - 1), "frames within 0 … " + (n - 1));
        }
        return data.readFloats(new long[] {first, 0, 0}, new int[] {count, h, w});
    }

    @Override
    public Path file() {
        return data.file();
    }

    @Override
    public String describe() {
        return data.file().getFileName() + ":" + data.path();
    }

    @Override
    public void close() {
        if (owner != null) {
            try {
                owner.close();
            } catch (Exception e) {
                // read-only file: nothing to lose
            }
        }
    }
}
