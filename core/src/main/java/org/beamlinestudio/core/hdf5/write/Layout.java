package org.beamlinestudio.core.hdf5.write;

import java.util.Arrays;

/** Storage layout of a streamed dataset: contiguous, or chunked with optional shuffle + deflate. */
public final class Layout {
    private static final Layout CONTIGUOUS = new Layout(null, -1, false);

    private final int[] chunkShape;
    private final int deflateLevel;
    private final boolean shuffle;

    private Layout(int[] chunkShape, int deflateLevel, boolean shuffle) {
        this.chunkShape = chunkShape;
        this.deflateLevel = deflateLevel;
        this.shuffle = shuffle;
    }

    /** One block of the file, allocated when the dataset is created; slabs land in place. */
    public static Layout contiguous() {
        return CONTIGUOUS;
    }

    /** Chunked storage with the given chunk shape and no filters (add them with {@link #deflate}, {@link #shuffle}). */
    public static Layout chunked(int... chunkShape) {
        if (chunkShape == null || chunkShape.length == 0) {
            throw new IllegalArgumentException("chunk shape must have at least one dimension");
        }
        for (int c : chunkShape) {
            if (c < 1) {
                throw new IllegalArgumentException("chunk dimensions must be >= 1, got " + Arrays.toString(chunkShape));
            }
        }
        return new Layout(chunkShape.clone(), -1, false);
    }

    /** This chunked layout with the gzip (deflate) filter at {@code level} 0..9. */
    public Layout deflate(int level) {
        requireChunked("deflate");
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("deflate level must be 0..9, got " + level);
        }
        return new Layout(chunkShape, level, shuffle);
    }

    /** This chunked layout with the byte-shuffle filter applied before compression. */
    public Layout shuffle() {
        requireChunked("shuffle");
        return new Layout(chunkShape, deflateLevel, true);
    }

    private void requireChunked(String what) {
        if (chunkShape == null) {
            throw new IllegalStateException(what + " needs a chunked layout (Layout.chunked(...))");
        }
    }

    public boolean isChunked() {
        return chunkShape != null;
    }

    /** Chunk shape (a copy), or null for contiguous. */
    public int[] chunkShape() {
        return chunkShape == null ? null : chunkShape.clone();
    }

    /** Deflate level, or -1 when not compressed. */
    public int deflateLevel() {
        return deflateLevel;
    }

    public boolean hasShuffle() {
        return shuffle;
    }

    @Override
    public String toString() {
        if (chunkShape == null) {
            return "contiguous";
        }
        return "chunked" + Arrays.toString(chunkShape)
                + (shuffle ? "+shuffle" : "") + (deflateLevel >= 0 ? "+deflate(" + deflateLevel + ")" : "");
    }
}
