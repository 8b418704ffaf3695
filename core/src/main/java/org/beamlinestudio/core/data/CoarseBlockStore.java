package org.beamlinestudio.core.data;

/**
 * Keeps computed blocks of coarse levels between sessions (a cache: it may have lost any block, and
 * then the block is computed again). Implementations are thread-safe.
 */
public interface CoarseBlockStore {

    /** The stored values of block {@code block} of level {@code level}, or null when not stored. */
    float[] load(int level, long block, int length);

    /** Stores a computed block; failures are logged and ignored (the block is computed again next time). */
    void save(int level, long block, float[] values);

    /** Whether blocks of {@code level} are kept (stores skip levels too large for the disk budget). */
    boolean keeps(int level);
}
