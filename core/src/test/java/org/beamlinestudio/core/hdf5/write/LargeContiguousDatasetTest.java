package org.beamlinestudio.core.hdf5.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import org.beamlinestudio.core.data.ElementType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset larger than the test JVM's whole heap, written slab by slab and sampled back. */
class LargeContiguousDatasetTest {

    static final int SLABS = 300;
    static final int ROWS = 1000;
    static final int COLS = 1000;

    @TempDir
    Path dir;

    static float value(long i, long j, long k) {
        return (float) (i * 1_000_000L + j * 1000L + k);
    }

    @Test
    void datasetLargerThanTheHeapIsWrittenWithSlabBoundedMemory() throws Exception {
        long datasetBytes = 4L * SLABS * ROWS * COLS;
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        // The whole point: the dataset cannot fit the heap, so it cannot have been held in memory.
        assertThat(Runtime.getRuntime().maxMemory()).isLessThan(datasetBytes);

        Path file = dir.resolve("big.h5");
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < SLABS; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(7));
        float[] slab = new float[ROWS * COLS];
        System.gc();
        long baseline = mem.getHeapMemoryUsage().getUsed();
        long maxRetained = 0;
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            StreamingDataset d = w.createDataset("/exchange/data", ElementType.FLOAT32,
                    new long[] {SLABS, ROWS, COLS}, Layout.contiguous());
            w.setAttribute("/exchange", "note", "written slab by slab");
            int n = 0;
            for (int i : order) {
                for (int j = 0; j < ROWS; j++) {
                    for (int k = 0; k < COLS; k++) {
                        slab[j * COLS + k] = value(i, j, k);
                    }
                }
                d.write(new long[] {i, 0, 0}, new int[] {1, ROWS, COLS}, slab);
                if (++n % 60 == 0) {
                    System.gc();
                    maxRetained = Math.max(maxRetained, mem.getHeapMemoryUsage().getUsed() - baseline);
                }
            }
            w.commit();
        }
        System.out.printf("1.2 GB contiguous: max heap retained between writes %.1f MB (heap max %d MB)%n",
                maxRetained / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
        // Nothing beyond a slab-sized buffer or so survives between writes.
        assertThat(maxRetained).as("heap retained while writing a %d MB dataset", datasetBytes >> 20)
                .isLessThan(64L << 20);
        assertThat(Files.size(file)).isGreaterThan(datasetBytes);

        Random rnd = new Random(11);
        try (HdfFile h = new HdfFile(file)) {
            Dataset d = h.getDatasetByPath("/exchange/data");
            assertThat(d.getDimensionsAsLong()).containsExactly(SLABS, ROWS, COLS);
            for (int s = 0; s < 40; s++) {
                long i = rnd.nextInt(SLABS);
                long j = rnd.nextInt(ROWS);
                long k = rnd.nextInt(COLS - 64);
                float[][][] got = (float[][][]) d.getData(new long[] {i, j, k}, new int[] {1, 1, 64});
                for (int x = 0; x < 64; x++) {
                    assertThat(got[0][0][x]).as("[%d,%d,%d]", i, j, k + x).isEqualTo(value(i, j, k + x));
                }
            }
            float[][][] last = (float[][][]) d.getData(new long[] {SLABS - 1, ROWS - 2, 0}, new int[] {1, 2, COLS});
            assertThat(last[0][1][COLS - 1]).isEqualTo(value(SLABS - 1, ROWS - 1, COLS - 1));
            assertThat(last[0][0][0]).isEqualTo(value(SLABS - 1, ROWS - 2, 0));
        }
    }

    @Test
    void offsetsBeyondFourGigabytesWork() throws Exception {
        // 5 GB dataset in a sparse file: only the first and last slabs are written.
        Path file = dir.resolve("sparse.h5");
        long slabs = 1250;
        float[] slab = new float[ROWS * COLS];
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            w.createDataset("/small", ElementType.INT32, new long[] {3}, Layout.contiguous())
                    .write(new long[] {0}, new int[] {3}, new int[] {7, 8, 9});
            StreamingDataset d = w.createDataset("/huge", ElementType.FLOAT32, new long[] {slabs, ROWS, COLS},
                    Layout.contiguous());
            for (long i : new long[] {0, slabs - 1}) {
                for (int p = 0; p < slab.length; p++) {
                    slab[p] = value(i, p / COLS, p % COLS);
                }
                d.write(new long[] {i, 0, 0}, new int[] {1, ROWS, COLS}, slab);
            }
            // the metadata written after the data lies beyond 5 GB as well
            w.createDataset("/after", ElementType.FLOAT64, new long[] {2}, Layout.contiguous())
                    .write(new long[] {0}, new int[] {2}, new double[] {1.25, -2.5});
            w.commit();
        }
        assertThat(Files.size(file)).isGreaterThan(5_000_000_000L);
        try (HdfFile h = new HdfFile(file)) {
            assertThat((int[]) h.getDatasetByPath("/small").getData()).containsExactly(7, 8, 9);
            assertThat((double[]) h.getDatasetByPath("/after").getData()).containsExactly(1.25, -2.5);
            float[][][] end = (float[][][]) h.getDatasetByPath("/huge")
                    .getData(new long[] {slabs - 1, ROWS - 1, COLS - 8}, new int[] {1, 1, 8});
            assertThat(end[0][0][7]).isEqualTo(value(slabs - 1, ROWS - 1, COLS - 1));
        }
        ExternalTools.assumeH5py();
        String out = ExternalTools.python(String.join("\n",
                "import sys, h5py",
                "f = h5py.File(sys.argv[1], 'r')",
                "d = f['/huge']",
                "print(d.shape, int(d[0, 3, 4]), int(d[1249, 999, 999]), int(d[600, 5, 5]), list(f['/small'][:]))"),
                file.toString());
        assertThat(out.trim()).isEqualTo("(1250, 1000, 1000) " + (long) value(0, 3, 4) + " "
                + (long) value(1249, 999, 999) + " 0 [7, 8, 9]");
    }
}
