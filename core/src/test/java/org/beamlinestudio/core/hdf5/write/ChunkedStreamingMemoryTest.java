package org.beamlinestudio.core.hdf5.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import org.beamlinestudio.core.data.ElementType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chunked + compressed volume streamed in slabs thinner than the chunks: buffering stays at one chunk row. */
class ChunkedStreamingMemoryTest {

    static final int DEPTH = 32;
    static final int SIDE = 1024;
    static final int[] CHUNK = {4, 256, 256};

    @TempDir
    Path dir;

    static float value(long i, long j, long k) {
        return (float) Math.sin(i * 0.1 + j * 0.01) * 100f + k;
    }

    @Test
    void slabsThinnerThanChunksBufferAtMostOneChunkRow() throws Exception {
        Path file = dir.resolve("chunked.h5");
        long chunkRowBytes = 4L * CHUNK[0] * SIDE * SIDE;   // the chunks one slab cuts through
        long maxBuffered = 0;
        long maxRetained = 0;
        var mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = mem.getHeapMemoryUsage().getUsed();
        float[] slab = new float[SIDE * SIDE];
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            StreamingDataset d = w.createDataset("/exchange/data", ElementType.FLOAT32,
                    new long[] {DEPTH, SIDE, SIDE}, Layout.chunked(CHUNK).shuffle().deflate(1));
            for (int i = 0; i < DEPTH; i++) {
                for (int j = 0; j < SIDE; j++) {
                    for (int k = 0; k < SIDE; k++) {
                        slab[j * SIDE + k] = value(i, j, k);
                    }
                }
                d.write(new long[] {i, 0, 0}, new int[] {1, SIDE, SIDE}, slab);
                maxBuffered = Math.max(maxBuffered, w.bufferedBytes());
                if (i % 4 == 3) {
                    assertThat(w.bufferedBytes()).as("after slab %d every touched chunk is complete", i).isZero();
                    System.gc();
                    maxRetained = Math.max(maxRetained, mem.getHeapMemoryUsage().getUsed() - baseline);
                }
            }
            w.commit();
        }
        assertThat(maxBuffered).isEqualTo(chunkRowBytes);
        assertThat(maxRetained).isLessThan(64L << 20);
        long raw = 4L * DEPTH * SIDE * SIDE;
        assertThat(Files.size(file)).isLessThan(raw);

        try (HdfFile h = new HdfFile(file)) {
            Dataset d = h.getDatasetByPath("/exchange/data");
            float[][][] v = (float[][][]) d.getData(new long[] {29, 500, 250}, new int[] {3, 4, 20});
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    for (int k = 0; k < 20; k++) {
                        assertThat(v[i][j][k]).isEqualTo(value(29 + i, 500 + j, 250 + k));
                    }
                }
            }
        }
    }

    @Test
    void writesAcrossChunksSpillBeyondTheBufferLimitAndStayExact() throws Exception {
        Path file = dir.resolve("spill.h5");
        int n = 64;
        long chunkBytes = 4L * 16 * 16 * 16;
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            w.setChunkBufferLimit(3 * chunkBytes);
            StreamingDataset d = w.createDataset("/v", ElementType.FLOAT32, new long[] {n, n, n},
                    Layout.chunked(16, 16, 16).deflate(2));
            // sinogram-style order on projection-shaped chunks: every slab touches a whole plane of chunks
            for (int j = 0; j < n; j++) {
                float[] slab = new float[n * n];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < n; k++) {
                        slab[i * n + k] = i * 10_000f + j * 100f + k;
                    }
                }
                d.write(new long[] {0, j, 0}, new int[] {n, 1, n}, slab);
                assertThat(w.bufferedBytes()).isLessThanOrEqualTo(3 * chunkBytes);
                if (j == 20) {
                    assertThat(w.spilledChunks()).isGreaterThan(0);
                    assertThat(dir.resolve(".spill.h5.spill")).exists();
                }
            }
            w.commit();
        }
        assertThat(dir.resolve(".spill.h5.spill")).doesNotExist();
        assertThat(dir.resolve(".spill.h5.partial")).doesNotExist();
        try (HdfFile h = new HdfFile(file)) {
            float[] v = (float[]) h.getDatasetByPath("/v").getDataFlat();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    for (int k = 0; k < n; k++) {
                        float expected = i * 10_000f + j * 100f + k;
                        if (v[(i * n + j) * n + k] != expected) {
                            throw new AssertionError("[" + i + "," + j + "," + k + "] " + v[(i * n + j) * n + k]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void abortRemovesTheSpillFileToo() throws Exception {
        Path file = dir.resolve("aborted.h5");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            w.setChunkBufferLimit(0);
            StreamingDataset d = w.createDataset("/v", ElementType.FLOAT32, new long[] {8, 8}, Layout.chunked(4, 4));
            d.write(new long[] {0, 0}, new int[] {1, 8}, new float[8]);
            assertThat(w.spilledChunks()).isEqualTo(2);
            assertThat(w.bufferedBytes()).isZero();
        }
        try (var s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
    }
}
