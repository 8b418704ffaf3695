package org.beamlinestudio.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.testing.SharedData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Assembly of hyperslabs from cached blocks, the ImgLib2 view, and the cache's budget and hit counts. */
class BlockedLazyDatasetTest {
    private long savedBudget;

    @BeforeEach
    void saveBudget() {
        savedBudget = ChunkCache.budgetBytes();
        ChunkCache.clear();
    }

    @AfterEach
    void restoreBudget() {
        ChunkCache.setBudgetBytes(savedBudget);
    }

    static float f(long i, long j, long k) {
        return i * 10000 + j * 100 + k;
    }

    /** A synthetic (100, 50, 40) array whose value encodes its index, read in (7, 11, 40) blocks. */
    static BlockedLazyDataset synthetic(AtomicInteger reads, int[] block) {
        long[] shape = {100, 50, 40};
        return new BlockedLazyDataset(Path.of("synthetic"), "/v", shape, ElementType.FLOAT32, null, block,
                (origin, s) -> {
                    reads.incrementAndGet();
                    float[] out = new float[s[0] * s[1] * s[2]];
                    int n = 0;
                    for (int i = 0; i < s[0]; i++) {
                        for (int j = 0; j < s[1]; j++) {
                            for (int k = 0; k < s[2]; k++) {
                                out[n++] = f(origin[0] + i, origin[1] + j, origin[2] + k);
                            }
                        }
                    }
                    return out;
                });
    }

    @Test
    void aDatasetMadeFromAnotherCachedDatasetLoadsItsBlocksFromTheParentsBlocks() throws Exception {
        // Every other frame of a cached dataset, as a reader's view of projections among flats and
        // darks: each of its blocks is loaded from a parent block, a cache load inside a cache load.
        // Thousands of small frames make a nested load hit the outer load's hash bin many times over.
        long[] shape = {8000, 2, 2};
        BlockedLazyDataset parent = new BlockedLazyDataset(Path.of("parent"), "/all", shape, ElementType.FLOAT32, null,
                new int[] {1, 2, 2}, (origin, s) -> new float[] {origin[0], origin[0], origin[0], origin[0]});
        BlockedLazyDataset evenFrames = new BlockedLazyDataset(Path.of("view"), "/even", new long[] {4000, 2, 2},
                ElementType.FLOAT32, null, new int[] {1, 2, 2}, (origin, s) -> {
                    try {
                        return parent.readFloats(new long[] {2 * origin[0], 0, 0}, s);
                    } catch (org.beamlinestudio.core.data.DataFileException e) {
                        throw new IllegalStateException(e);
                    }
                });
        for (int frame = 0; frame < 4000; frame++) {
            float[] v = evenFrames.readFloats(new long[] {frame, 0, 0}, new int[] {1, 2, 2});
            assertThat(v[3]).isEqualTo(2f * frame);
        }
    }

    @Test
    void hyperslabsAcrossBlockBordersAreAssembledInCOrder() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        BlockedLazyDataset d = synthetic(reads, new int[] {7, 11, 13});
        Random r = new Random(1);
        for (int t = 0; t < 200; t++) {
            long[] o = {r.nextInt(100), r.nextInt(50), r.nextInt(40)};
            int[] c = {1 + r.nextInt((int) (100 - o[0])), 1 + r.nextInt((int) (50 - o[1])), 1 + r.nextInt((int) (40 - o[2]))};
            c[0] = Math.min(c[0], 20);
            float[] v = d.readFloats(o, c);
            int n = 0;
            for (int i = 0; i < c[0]; i++) {
                for (int j = 0; j < c[1]; j++) {
                    for (int k = 0; k < c[2]; k++) {
                        assertThat(v[n++]).isEqualTo(f(o[0] + i, o[1] + j, o[2] + k));
                    }
                }
            }
        }
        FloatBlock b = d.readBlock(new long[] {99, 49, 39}, new int[] {1, 1, 1});
        assertThat(b.data()).containsExactly(f(99, 49, 39));
        assertThat(b.origin()).containsExactly(99, 49, 39);
    }

    @Test
    void readingTheSameSliceTwiceReadsStorageOnce() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        BlockedLazyDataset d = synthetic(reads, new int[] {10, 50, 40});
        float[] a = d.readFloats(new long[] {5, 0, 0}, new int[] {20, 50, 40}); // blocks 0, 1, 2
        assertThat(reads.get()).isEqualTo(3);
        assertThat(d.blockReads()).isEqualTo(3);
        float[] b = d.readFloats(new long[] {5, 0, 0}, new int[] {20, 50, 40});
        assertThat(reads.get()).isEqualTo(3);
        assertThat(b).containsExactly(a);
    }

    @Test
    void theCacheNeverHoldsMoreThanItsBudget() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        BlockedLazyDataset d = synthetic(reads, new int[] {10, 50, 40}); // 10 blocks of 80 000 bytes
        long budget = 3 * 80_016L + 100;
        ChunkCache.setBudgetBytes(budget);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 100; i += 10) {
                float[] v = d.readFloats(new long[] {i, 0, 0}, new int[] {10, 50, 40});
                assertThat(v[0]).isEqualTo(f(i, 0, 0));
                assertThat(ChunkCache.usedBytes()).isLessThanOrEqualTo(budget);
                assertThat(ChunkCache.entries()).isLessThanOrEqualTo(3);
            }
        }
        // ten blocks cannot all stay: the second round had to read again
        assertThat(reads.get()).isGreaterThan(10);
        ChunkCache.setBudgetBytes(0);
        assertThat(ChunkCache.usedBytes()).isZero();
        // with no budget at all reading still works, block by block
        assertThat(d.readFloats(new long[] {42, 1, 2}, new int[] {1, 1, 1})).containsExactly(f(42, 1, 2));
    }

    @Test
    void asImgHasReversedAxesAndTheSameValues() {
        AtomicInteger reads = new AtomicInteger();
        BlockedLazyDataset d = synthetic(reads, new int[] {7, 11, 13});
        var img = d.asImg();
        assertThat(img.dimensionsAsLongArray()).containsExactly(40, 50, 100);
        RandomAccess<FloatType> ra = img.randomAccess();
        Random r = new Random(3);
        for (int t = 0; t < 1000; t++) {
            long i = r.nextInt(100);
            long j = r.nextInt(50);
            long k = r.nextInt(40);
            ra.setPosition(new long[] {k, j, i});
            assertThat(ra.get().get()).isEqualTo(f(i, j, k));
        }
        // a whole-image sweep through a cursor visits every cell once in ImgLib2 order
        double sum = 0;
        for (FloatType v : Views.flatIterable(Views.interval(img, new long[] {0, 0, 99}, new long[] {39, 49, 99}))) {
            sum += v.get();
        }
        double expected = 0;
        for (int j = 0; j < 50; j++) {
            for (int k = 0; k < 40; k++) {
                expected += f(99, j, k);
            }
        }
        assertThat(sum).isEqualTo(expected);
    }

    @Test
    void toothSliceReadTwiceHitsTheCache() throws Exception {
        try (Hdf5File f = Hdf5File.open(SharedData.require("tomography/real/tooth.h5"))) {
            BlockedLazyDataset d = (BlockedLazyDataset) f.dataset("/exchange/data");
            // contiguous: slabs of whole rows, one positional read each
            assertThat(d.blockShape()).containsExactly(181, 2, 640);
            long before = d.blockReads();
            float[] a = d.readFloats(new long[] {10, 0, 0}, new int[] {1, 2, 640});
            long after = d.blockReads();
            assertThat(after - before).isEqualTo(1);
            float[] b = d.readFloats(new long[] {10, 0, 0}, new int[] {1, 2, 640});
            assertThat(d.blockReads()).isEqualTo(after);
            assertThat(b).containsExactly(a);
            assertThat(f.dataset("/exchange/data")).isSameAs(d);
        }
    }
}
