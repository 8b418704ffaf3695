package org.beamlinestudio.core.data;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.beamlinestudio.core.JvmFacts;

/**
 * The process-wide cache of decoded blocks (float32) of lazy datasets, bounded by bytes. Its budget
 * is {@code -Dstudio.cache.bytes}, else a quarter of the maximum heap; {@link #setBudgetBytes(long)}
 * changes it at run time.
 *
 * <p>Eviction is least-recently-used. Views and pipelines move through a volume slab by slab, and the
 * slab just left is the one least likely to be wanted next; a frequency-based policy (Caffeine's
 * W-TinyLFU, used before) kept the old slab, whose blocks had been hit once per slice, and rejected the
 * new one: scrolling through a volume twice the budget read every block 5.6 times instead of once
 * ({@code PlaneLoaderTest}).
 */
public final class ChunkCache {

    /** Identifies one block of one dataset instance. */
    record Key(long source, long block) {
    }

    private static final AtomicLong NEXT_SOURCE = new AtomicLong(1);
    private static final long HUMONGOUS_REGION = g1RegionBytes();
    private static final Object LOCK = new Object();
    private static final LinkedHashMap<Key, float[]> MAP = new LinkedHashMap<>(1024, 0.75f, true);
    private static final Map<Key, CompletableFuture<float[]>> LOADING = new HashMap<>();
    private static long budget = defaultBudget();
    private static long used;

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

    /**
     * Heap bytes a block takes. Under G1 an array of half a heap region or more is "humongous" and takes whole
     * regions: a 64³ float32 chunk (1 MiB + 16 B) fills a 2 MiB region, the default below 8 GB of heap, so
     * counting it as 1 MiB would let the cache use twice its budget.
     */
    static long weight(float[] v) {
        long bytes = 16L + 4L * v.length;
        if (HUMONGOUS_REGION > 0 && bytes >= HUMONGOUS_REGION / 2) {
            return (bytes + HUMONGOUS_REGION - 1) / HUMONGOUS_REGION * HUMONGOUS_REGION;
        }
        return bytes;
    }

    /** G1's heap region size in bytes, or 0 under another collector. */
    private static long g1RegionBytes() {
        try {
            boolean g1 = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .anyMatch(gc -> gc.getName().startsWith("G1"));
            if (!g1) {
                return 0;
            }
            return JvmFacts.vmOption("G1HeapRegionSize").map(Long::parseLong).orElse(0L);
        } catch (RuntimeException | LinkageError e) {
            return 0; // not HotSpot: count plain array sizes
        }
    }

    /** Sets the byte budget for all lazy datasets of this process; evicts at once if over it. */
    public static void setBudgetBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cache budget must be >= 0, got " + bytes);
        }
        synchronized (LOCK) {
            budget = bytes;
            evictOverBudget();
        }
    }

    /** The byte budget now in force. */
    public static long budgetBytes() {
        synchronized (LOCK) {
            return budget;
        }
    }

    /** Bytes held now (decoded float32 blocks plus a small per-entry overhead). */
    public static long usedBytes() {
        synchronized (LOCK) {
            return used;
        }
    }

    /** Number of blocks held now. */
    public static long entries() {
        synchronized (LOCK) {
            return MAP.size();
        }
    }

    /** Drops every cached block (e.g. when memory is needed elsewhere). */
    public static void clear() {
        synchronized (LOCK) {
            MAP.clear();
            used = 0;
        }
    }

    /** A fresh identity for a new data source; blocks are cached per source. */
    static long newSourceId() {
        return NEXT_SOURCE.getAndIncrement();
    }

    static float[] get(Key key, Function<Key, float[]> loader) {
        CompletableFuture<float[]> mine;
        CompletableFuture<float[]> theirs;
        synchronized (LOCK) {
            float[] cached = MAP.get(key);
            if (cached != null) {
                return cached;
            }
            theirs = LOADING.get(key);
            mine = theirs == null ? new CompletableFuture<>() : null;
            if (mine != null) {
                LOADING.put(key, mine);
            }
        }
        if (theirs != null) {
            // Another thread is reading this block (a read-ahead and the view meeting in one slab): wait for it
            // rather than reading and decoding it twice. Loads only wait on blocks of other, finer sources
            // (a coarse block on its base blocks), so waits cannot form a cycle.
            try {
                return theirs.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }
        // Load outside the lock: a block may be assembled from another cached dataset's blocks
        // (frame subsets, views of views, coarse levels), and other threads keep reading meanwhile.
        float[] loaded;
        try {
            loaded = loader.apply(key);
        } catch (RuntimeException | Error e) {
            synchronized (LOCK) {
                LOADING.remove(key);
            }
            mine.completeExceptionally(e);
            throw e;
        }
        synchronized (LOCK) {
            LOADING.remove(key);
            long w = weight(loaded);
            if (w <= budget && !MAP.containsKey(key)) { // a block larger than the whole budget is used once, never kept
                MAP.put(key, loaded);
                used += w;
                evictOverBudget();
            }
        }
        mine.complete(loaded);
        return loaded;
    }

    private static void evictOverBudget() {
        Iterator<Map.Entry<Key, float[]>> it = MAP.entrySet().iterator();
        while (used > budget && it.hasNext()) {
            used -= weight(it.next().getValue());
            it.remove();
        }
    }

    static void invalidateSource(long source) {
        synchronized (LOCK) {
            Iterator<Map.Entry<Key, float[]>> it = MAP.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Key, float[]> e = it.next();
                if (e.getKey().source() == source) {
                    used -= weight(e.getValue());
                    it.remove();
                }
            }
        }
    }
}
