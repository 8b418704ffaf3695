package org.beamlinestudio.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChunkCacheTest {
    private static final int BLOCK = 1000; // floats: 4016 bytes with the entry overhead
    private long before;

    @BeforeEach
    void save() {
        before = ChunkCache.budgetBytes();
        ChunkCache.clear();
    }

    @AfterEach
    void restore() {
        ChunkCache.setBudgetBytes(before);
        ChunkCache.clear();
    }

    private static float[] load(long source, long block, AtomicInteger loads) {
        return ChunkCache.get(new ChunkCache.Key(source, block), k -> {
            loads.incrementAndGet();
            return new float[BLOCK];
        });
    }

    @Test
    void theLeastRecentlyUsedBlockGoesFirstWhateverHowOftenItWasUsed() {
        ChunkCache.setBudgetBytes(3 * (16 + 4 * BLOCK));
        AtomicInteger loads = new AtomicInteger();
        long src = ChunkCache.newSourceId();
        // Block 0 is used many times (a slab scrolled through), then the view moves on to blocks 1, 2, 3.
        for (int i = 0; i < 20; i++) {
            load(src, 0, loads);
        }
        load(src, 1, loads);
        load(src, 2, loads);
        load(src, 3, loads);
        assertThat(ChunkCache.usedBytes()).isLessThanOrEqualTo(ChunkCache.budgetBytes());
        assertThat(loads).hasValue(4);
        load(src, 1, loads);
        load(src, 2, loads);
        load(src, 3, loads);
        assertThat(loads).as("the new blocks stayed; the old, often-used one was evicted").hasValue(4);
        load(src, 0, loads);
        assertThat(loads).hasValue(5);
    }

    @Test
    void twoThreadsAskingForOneBlockReadItOnce() throws Exception {
        ChunkCache.setBudgetBytes(1 << 20);
        long src = ChunkCache.newSourceId();
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<float[]> first = pool.submit(() -> ChunkCache.get(new ChunkCache.Key(src, 7), k -> {
                loads.incrementAndGet();
                inside.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new float[] {42f};
            }));
            inside.await(5, TimeUnit.SECONDS);
            Future<float[]> second = pool.submit(() -> ChunkCache.get(new ChunkCache.Key(src, 7), k -> {
                loads.incrementAndGet();
                return new float[] {-1f};
            }));
            Thread.sleep(100);
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).containsExactly(42f);
            assertThat(second.get(5, TimeUnit.SECONDS)).containsExactly(42f);
            assertThat(loads).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
