package org.beamlinestudio.tomography.io;

import java.nio.file.Path;
import org.beamlinestudio.core.data.BlockedLazyDataset;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.LazyDataset;

/**
 * Lazy (frame, row, column) stacks whose frames live elsewhere: a subset of another stack's frames
 * (NXtomo projections among flats and darks) and one file per frame (TIFF series). Nothing is
 * copied. A {@link FrameReader} that reads from storage (a TIFF file) gets a cached
 * {@code BlockedLazyDataset}; frames of other lazy datasets get a {@link FrameMappedDataset}, which
 * reads through their cache instead of nesting one cache load inside another.
 */
public final class FrameStacks {

    /** Target size of one cached block when the source has no chunking to follow. */
    private static final long BLOCK_BYTES = 1L << 20;

    private FrameStacks() {
    }

    /** Reads rows {@code [row0, row0 + rows)} of one frame, all columns, C order. */
    @FunctionalInterface
    public interface FrameReader {
        float[] read(int frame, int row0, int rows) throws DataFileException;
    }

    /**
     * A stack of {@code frames} images of rows × cols read frame by frame.
     *
     * @param blockRows rows per cached block (all rows when the source reads whole frames anyway)
     */
    public static BlockedLazyDataset of(Path file, String label, int frames, int rows, int cols, ElementType type,
                                        int blockRows, FrameReader reader) {
        int br = Math.max(1, Math.min(rows, blockRows));
        return new BlockedLazyDataset(file, label, new long[] {frames, rows, cols}, type, null,
                new int[] {1, br, cols}, (origin, shape) -> reader.read((int) origin[0], (int) origin[1], shape[1]));
    }

    /**
     * The frames {@code frameIndex[0], frameIndex[1], …} of a 3-D parent, as a stack of their own:
     * element k of the result is frame {@code frameIndex[k]} of the parent. No copy and no second
     * cache: reads go to the parent (see {@link FrameMappedDataset}).
     */
    public static LazyDataset subset(LazyDataset parent, int[] frameIndex, String label) {
        return FrameMappedDataset.subset(parent, frameIndex, label);
    }

    /** Rows per block for a source of this width when nothing better is known (about 1 MiB). */
    static int defaultBlockRows(int cols) {
        return (int) Math.max(1, BLOCK_BYTES / (4L * Math.max(1, cols)));
    }
}
