package org.beamlinestudio.xpcs.io;

import java.nio.file.Path;
import org.beamlinestudio.core.data.DataFileException;

/**
 * A stack of detector frames (frame, row, column) read in order, a few frames at a time, so a correlator can
 * stream any number of frames through bounded memory. Implementations: a lazy HDF5 dataset, memory (bench).
 */
public interface FrameSource extends AutoCloseable {

    /** Number of frames. */
    int frames();

    /** Detector rows. */
    int height();

    /** Detector columns. */
    int width();

    /**
     * Frames {@code first … first+count−1} as counts, {@code count × height × width} in C order. Slow (I/O);
     * called from one thread at a time.
     */
    float[] read(int first, int count) throws DataFileException;

    /** The file the frames come from, or null for frames in memory. */
    Path file();

    /** For messages, e.g. "SIM_OU_02000f_128x128.h5:/entry/data/data". */
    String describe();

    @Override
    void close();

    /** Frames held in memory ({@code n × h × w}, C order; not copied). */
    static FrameSource inMemory(float[] frames, int n, int h, int w) {
        if (frames.length != (long) n * h * w) {
            throw new IllegalArgumentException(frames.length + " values for " + n + " frames of " + h + "×" + w);
        }
        return new FrameSource() {
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
            public float[] read(int first, int count) {
                float[] out = new float[count * h * w];
                System.arraycopy(frames, first * h * w, out, 0, out.length);
                return out;
            }

            @Override
            public Path file() {
                return null;
            }

            @Override
            public String describe() {
                return n + " frames of " + h + "×" + w + " in memory";
            }

            @Override
            public void close() {
            }
        };
    }
}
