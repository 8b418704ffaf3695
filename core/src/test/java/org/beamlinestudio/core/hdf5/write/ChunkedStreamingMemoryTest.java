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
}
