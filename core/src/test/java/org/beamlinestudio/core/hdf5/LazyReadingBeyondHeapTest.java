package org.beamlinestudio.core.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.real.FloatType;
import org.beamlinestudio.core.data.BlockedLazyDataset;
import org.beamlinestudio.core.data.ChunkCache;
import org.beamlinestudio.core.data.LazyDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunked + deflate dataset of 600 MB (uncompressed) sliced in a JVM whose heap is far smaller
 * (core/pom.xml runs this class in its own surefire execution with -Xmx192m). Values are a known
 * function of the indices, so every slice is checked element by element.
 */
class LazyReadingBeyondHeapTest {
    static final int NI = 300;
    static final int NJ = 1000;
    static final int NK = 500;
    static final long BYTES = 4L * NI * NJ * NK;

    @TempDir
    Path dir;

    static float v(long i, long j, long k) {
        return (i * 7 + j * 13 + k) % 1000 + (i % 4) * 0.25f;
    }

    private static final String SCRIPT = """
            import sys, h5py, numpy as np
            NI, NJ, NK = 300, 1000, 500
            with h5py.File(sys.argv[1], 'w') as f:
                d = f.create_dataset('/entry/data/data', shape=(NI, NJ, NK), dtype='f4', chunks=(10, 100, 500),
                                     compression='gzip', compression_opts=1, shuffle=True)
                j = np.arange(NJ).reshape(1, NJ, 1)
                k = np.arange(NK).reshape(1, 1, NK)
                for s in range(0, NI, 10):
                    i = np.arange(s, s + 10).reshape(10, 1, 1)
                    d[s:s + 10] = ((i * 7 + j * 13 + k) % 1000 + (i % 4) * 0.25).astype('f4')
            print('ok')
            """;

    private static void check(LazyDataset d, long[] o, int[] c) throws Exception {
        float[] got = d.readFloats(o, c);
        assertThat(got).hasSize(c[0] * c[1] * c[2]);
        int n = 0;
        for (int i = 0; i < c[0]; i++) {
            for (int j = 0; j < c[1]; j++) {
                for (int k = 0; k < c[2]; k++) {
                    float expected = v(o[0] + i, o[1] + j, o[2] + k);
                    if (got[n] != expected) {
                        throw new AssertionError("at " + (o[0] + i) + "," + (o[1] + j) + "," + (o[2] + k) + ": " + got[n]
                                + " != " + expected);
                    }
                    n++;
                }
            }
        }
    }

    @Test
    void slicesAlongEveryAxisAndRandomHyperslabsOfADatasetBiggerThanTheHeap() throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        assumeTrue(heap < BYTES / 2, () -> "meant for the 'beyond-heap' surefire execution (-Xmx192m); this JVM has "
                + heap / (1 << 20) + " MiB of heap");
        Path file = dir.resolve("big.h5");
        PythonH5.run(dir, SCRIPT, file.toString());
        assertThat(Files.size(file)).isLessThan(BYTES / 4); // compressible, so the temp folder stays small
        assertThat(ChunkCache.budgetBytes()).isLessThan(heap);

        try (Hdf5File f = Hdf5File.open(file)) {
            H5DatasetInfo info = f.largestImageDataset().orElseThrow();
            assertThat(info.path()).isEqualTo("/entry/data/data");
            assertThat(info.shape()).containsExactly(NI, NJ, NK);
            assertThat(info.filters()).containsExactly("shuffle", "deflate(1)");
            LazyDataset d = f.dataset(info.path());
            assertThat(d.chunkShape()).containsExactly(10, 100, 500);

            check(d, new long[] {157, 0, 0}, new int[] {1, NJ, NK});      // a projection
            check(d, new long[] {0, 433, 0}, new int[] {NI, 1, NK});      // a sinogram
            check(d, new long[] {0, 0, 321}, new int[] {NI, NJ, 1});      // every chunk: 600 MB decoded
            assertThat(ChunkCache.usedBytes()).isLessThanOrEqualTo(ChunkCache.budgetBytes());

            Random r = new Random(11);
            for (int t = 0; t < 25; t++) {
                long[] o = {r.nextInt(NI), r.nextInt(NJ), r.nextInt(NK)};
                int[] c = {1 + r.nextInt((int) Math.min(40, NI - o[0])), 1 + r.nextInt((int) Math.min(150, NJ - o[1])),
                    1 + r.nextInt((int) (NK - o[2]))};
                check(d, o, c);
            }
            assertThat(ChunkCache.usedBytes()).isLessThanOrEqualTo(ChunkCache.budgetBytes());

            RandomAccess<FloatType> ra = d.asImg().randomAccess();
            assertThat(d.asImg().dimensionsAsLongArray()).containsExactly(NK, NJ, NI);
            for (int t = 0; t < 300; t++) {
                long i = r.nextInt(NI);
                long j = r.nextInt(NJ);
                long k = r.nextInt(NK);
                ra.setPosition(new long[] {k, j, i});
                assertThat(ra.get().get()).as("img at %d,%d,%d", i, j, k).isEqualTo(v(i, j, k));
            }
            assertThat(((BlockedLazyDataset) d).blockReads()).isGreaterThanOrEqualTo(300);
        }
    }
}
