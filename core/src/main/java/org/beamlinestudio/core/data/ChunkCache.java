package org.beamlinestudio.core.data;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The process-wide cache of decoded blocks (float32) of lazy datasets, bounded by bytes. Its budget
 * is {@code -Dstudio.cache.bytes}, else a quarter of the maximum heap; {@link #setBudgetBytes(long)}
 * changes it at run time.
 */
public final class ChunkCache {

    /** Identifies one block of one dataset instance. */
    record Key(long source, long block) {
    }

    private static final AtomicLong NEXT_SOURCE = new AtomicLong(1);
    private static volatile long budget = defaultBudget();
    // Maintenance (eviction) runs on the calling thread so the budget holds as soon as a put returns.
    private static final Cache<Key, float[]> CACHE = Caffeine.newBuilder()
            .maximumWeight(budget)
            .weigher((Key k, float[] v) -> weight(v))
            .executor(Runnable::run)
            .recordStats()
            .build();

    private ChunkCache() {
    }

    private static long defaultBudget() {
        String prop = System.getProperty("studio.cache.bytes");
        if (prop != null && !prop.isBlank()) {
            try {
                return Math.max(0, Long.parseLong(prop.trim()));
            } catch (NumberFormatException e) {
                // fall through to the heap-based default
            }
        }
        return Runtime.getRuntime().maxMemory() / 4;
    }

    private static int weight(float[] v) {
        long w = 16L + 4L * v.length;
        return (int) Math.min(Integer.MAX_VALUE, w);
    }

    /** Sets the byte budget for all lazy datasets of this process; evicts at once if over it. */
    public static void setBudgetBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cache budget must be >= 0, got " + bytes);
        }
        budget = bytes;
        CACHE.policy().eviction().ifPresent(e -> e.setMaximum(bytes));
        CACHE.cleanUp();
    }

    /** The byte budget now in force. */
    public static long budgetBytes() {
        return budget;
    }

    /** Bytes held now (decoded float32 blocks plus a small per-entry overhead). */
    public static long usedBytes() {
        CACHE.cleanUp();
        return CACHE.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    /** Number of blocks held now. */
    public static long entries() {
        CACHE.cleanUp();
        return CACHE.estimatedSize();
    }

    /** Drops every cached block (e.g. when memory is needed elsewhere). */
    public static void clear() {
        CACHE.invalidateAll();
        CACHE.cleanUp();
    }

    /** A fresh identity for a new data source; blocks are cached per source. */
    static long newSourceId() {
        return NEXT_SOURCE.getAndIncrement();
    }

    static float[] get(Key key, Function<Key, float[]> loader) {
        float[] cached = CACHE.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        // Load outside the cache's own compute: a block may be assembled from another cached
        // dataset's blocks (frame subsets, views of views), and Caffeine forbids a load inside a
        // load ("Recursive update"). Two threads may then read one block at once; the first copy
        // stored wins and the other is dropped.
        float[] loaded = loader.apply(key);
        float[] prior = CACHE.asMap().putIfAbsent(key, loaded);
        return prior != null ? prior : loaded;
    }

    static void invalidateSource(long source) {
        CACHE.asMap().keySet().removeIf(k -> k.source() == source);
    }
}
