package org.beamlinestudio.core.hdf5.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import org.beamlinestudio.core.data.ElementType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-node group and chunk B-trees, chunk buffering rules, concurrent writers. */
class IndexStructuresTest {

    @TempDir
    Path dir;

    @Test
    void groupWithHundredsOfMembersNeedsSeveralSymbolNodesAndATwoLevelBTree() throws Exception {
        Path file = dir.resolve("members.h5");
        TreeSet<String> expected = new TreeSet<>();
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            // 2 000 members: 250 symbol nodes of 8, 8 B-tree leaves of 32, one level-1 root
            for (int i = 0; i < 2000; i++) {
                String name = (i % 3 == 0 ? "scan_" : i % 3 == 1 ? "Ångström_" : "z") + i;
                expected.add(name);
                if (i % 10 == 0) {
                    w.createGroup("/many/" + name);
                    w.setAttribute("/many/" + name, "index", i);
                } else {
                    w.createDataset("/many/" + name, ElementType.INT32, new long[] {1}, Layout.contiguous())
                            .write(new long[] {0}, new int[] {1}, new int[] {i});
                }
            }
            w.commit();
        }
        try (HdfFile h = new HdfFile(file)) {
            Group many = (Group) h.getByPath("/many");
            assertThat(new TreeSet<>(many.getChildren().keySet())).isEqualTo(expected);
            assertThat(((int[]) h.getDatasetByPath("/many/scan_1998").getData())[0]).isEqualTo(1998);
            assertThat(((int[]) h.getDatasetByPath("/many/Ångström_1999").getData())[0]).isEqualTo(1999);
            assertThat(h.getByPath("/many/z1970").getAttribute("index").getData()).isEqualTo(1970);
        }
        ExternalTools.assumeH5py();
        String out = ExternalTools.python(String.join("\n",
                "import sys, h5py",
                "f = h5py.File(sys.argv[1], 'r')",
                "g = f['/many']",
                "print(len(g), int(g['scan_1998'][0]), int(g['Ångström_1999'][0]), int(g['z1970'].attrs['index']))"),
                file.toString());
        assertThat(out.trim()).isEqualTo("2000 1998 1999 1970");
    }

    @Test
    void thousandsOfChunksBuildAThreeLevelChunkBTree() throws Exception {
        Path file = dir.resolve("chunks.h5");
        int n = 130;
        // 65 x 65 = 4 225 chunks: 67 leaves of 64, 2 level-1 nodes, a level-2 root
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(i);
        }
        Collections.shuffle(rows, new Random(3));
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            StreamingDataset d = w.createDataset("/d", ElementType.FLOAT64, new long[] {n, n},
                    Layout.chunked(2, 2).deflate(1));
            for (int i : rows) {
                double[] row = new double[n];
                for (int j = 0; j < n; j++) {
                    row[j] = i * 1000.0 + j + 0.125;
                }
                d.write(new long[] {i, 0}, new int[] {1, n}, row);
            }
            assertThat(w.bufferedBytes()).isZero();
            w.commit();
        }
        try (HdfFile h = new HdfFile(file)) {
            double[][] v = (double[][]) h.getDatasetByPath("/d").getData();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertThat(v[i][j]).isEqualTo(i * 1000.0 + j + 0.125);
                }
            }
        }
        ExternalTools.assumeH5py();
        String out = ExternalTools.python(String.join("\n",
                "import sys, h5py, numpy as np",
                "d = h5py.File(sys.argv[1], 'r')['/d']",
                "i, j = np.meshgrid(np.arange(130), np.arange(130), indexing='ij')",
                "print(bool(np.array_equal(d[()], i * 1000.0 + j + 0.125)), d.id.get_num_chunks())"), file.toString());
        assertThat(out.trim()).isEqualTo("True 4225");
    }

    @Test
    void chunkAlignedSlabsKeepNothingBuffered() throws Exception {
        Path file = dir.resolve("aligned.h5");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            StreamingDataset d = w.createDataset("/proj", ElementType.FLOAT32, new long[] {40, 64, 64},
                    Layout.chunked(4, 64, 64).shuffle().deflate(5));
            float[] slab = new float[4 * 64 * 64];
            for (int s = 36; s >= 0; s -= 4) {
                for (int p = 0; p < slab.length; p++) {
                    slab[p] = s * 10_000f + p;
                }
                d.write(new long[] {s, 0, 0}, new int[] {4, 64, 64}, slab);
                assertThat(w.bufferedBytes()).isZero();
            }
            // a half-written chunk stays buffered, exactly one chunk's worth
            StreamingDataset e = w.createDataset("/partial", ElementType.FLOAT32, new long[] {8, 64, 64},
                    Layout.chunked(4, 64, 64));
            e.write(new long[] {0, 0, 0}, new int[] {2, 64, 64}, new float[2 * 64 * 64]);
            assertThat(w.bufferedBytes()).isEqualTo(4L * 64 * 64 * 4);
            w.commit();
        }
        try (HdfFile h = new HdfFile(file)) {
            float[][][] v = (float[][][]) h.getDatasetByPath("/proj").getData(new long[] {8, 0, 0}, new int[] {4, 64, 64});
            assertThat(v[3][63][63]).isEqualTo(8 * 10_000f + (3 * 64 * 64 + 63 * 64 + 63));
            float[][][] p = (float[][][]) h.getDatasetByPath("/partial").getData();
            assertThat(p[7][63][63]).isZero();
        }
    }

    @Test
    void pendingChunkMayBeOverwrittenButACompletedOneNot() throws Exception {
        Path file = dir.resolve("rewrite.h5");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            StreamingDataset d = w.createDataset("/d", ElementType.INT32, new long[] {4, 4}, Layout.chunked(2, 4).deflate(2));
            d.write(new long[] {0, 0}, new int[] {1, 4}, new int[] {1, 1, 1, 1});
            d.write(new long[] {0, 1}, new int[] {1, 2}, new int[] {9, 9});        // overwrite while pending
            d.write(new long[] {1, 0}, new int[] {1, 4}, new int[] {2, 2, 2, 2});  // completes chunk 0
            assertThatThrownBy(() -> d.write(new long[] {1, 3}, new int[] {2, 1}, new int[] {5, 5}))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already compressed");
            d.write(new long[] {3, 0}, new int[] {1, 4}, new int[] {3, 4, 5, 6});   // chunk 1 left incomplete
            w.commit();
        }
        try (HdfFile h = new HdfFile(file)) {
            int[][] v = (int[][]) h.getDatasetByPath("/d").getData();
            assertThat(v[0]).containsExactly(1, 9, 9, 1);
            assertThat(v[1]).containsExactly(2, 2, 2, 2);
            assertThat(v[2]).containsExactly(0, 0, 0, 0);
            assertThat(v[3]).containsExactly(3, 4, 5, 6);
        }
    }

    @Test
    void edgeChunksAndUntouchedChunksReadBackAsWrittenOrZero() throws Exception {
        Path file = dir.resolve("edges.h5");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            StreamingDataset d = w.createDataset("/d", ElementType.UINT16, new long[] {5, 7}, Layout.chunked(2, 3));
            d.write(new long[] {4, 0}, new int[] {1, 7}, new short[] {1, 2, 3, 4, 5, 6, (short) 65535});
            StreamingDataset none = w.createDataset("/none", ElementType.FLOAT32, new long[] {3, 3}, Layout.chunked(2, 2));
            assertThat(none.path()).isEqualTo("/none");
            w.commit();
        }
        try (HdfFile h = new HdfFile(file)) {
            int[][] v = (int[][]) h.getDatasetByPath("/d").getData();
            assertThat(v[4]).containsExactly(1, 2, 3, 4, 5, 6, 65535);
            assertThat(v[0]).containsOnly(0);
            // jhdf reports a chunked dataset without any stored chunk as having no data
            assertThat(h.getDatasetByPath("/none").getDimensionsAsLong()).containsExactly(3, 3);
        }
        ExternalTools.assumeH5py();
        String out = ExternalTools.python(String.join("\n",
                "import sys, h5py",
                "f = h5py.File(sys.argv[1], 'r')",
                "print(f['/none'][()].tolist(), f['/d'][4].tolist(), int(f['/d'][()].sum()))"), file.toString());
        assertThat(out.trim()).isEqualTo("[[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]] [1, 2, 3, 4, 5, 6, 65535] 65556");
    }

    @Test
    void concurrentWritersOfDisjointSlabs() throws Exception {
        Path file = dir.resolve("threads.h5");
        int slabs = 64;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            StreamingDataset c = w.createDataset("/contig", ElementType.FLOAT32, new long[] {slabs, 32, 32}, Layout.contiguous());
            StreamingDataset k = w.createDataset("/chunk", ElementType.FLOAT32, new long[] {slabs, 32, 32},
                    Layout.chunked(2, 16, 32).deflate(1));
            List<Future<?>> fs = new ArrayList<>();
            for (int s = 0; s < slabs; s++) {
                int i = s;
                fs.add(pool.submit(() -> {
                    float[] data = new float[32 * 32];
                    for (int p = 0; p < data.length; p++) {
                        data[p] = i * 1024f + p;
                    }
                    c.write(new long[] {i, 0, 0}, new int[] {1, 32, 32}, data);
                    k.write(new long[] {i, 0, 0}, new int[] {1, 32, 32}, data);
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            w.commit();
        } finally {
            pool.shutdown();
        }
        try (HdfFile h = new HdfFile(file)) {
            float[] a = (float[]) h.getDatasetByPath("/contig").getDataFlat();
            float[] b = (float[]) h.getDatasetByPath("/chunk").getDataFlat();
            for (int p = 0; p < a.length; p++) {
                assertThat(a[p]).isEqualTo((float) p);
                assertThat(b[p]).isEqualTo((float) p);
            }
        }
    }
}
