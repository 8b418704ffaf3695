package org.beamlinestudio.core.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import org.beamlinestudio.core.data.BlockedLazyDataset;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.data.UncheckedDataFileException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixtures written by h5py in a temp folder: filters, integer types, byte order, links, fill values. */
class Hdf5FileFixturesTest {

    @TempDir
    static Path dir;

    static Path fixtures;
    static Path blosc;

    /** v(i, j, k) for the 3-d fixtures: exact in every type used below. */
    static double v(long i, long j, long k) {
        return (i * 31 + j * 7 + k) % 251 - 100;
    }

    private static final String SCRIPT = """
            import sys, h5py, numpy as np
            out = sys.argv[1]
            i, j, k = np.meshgrid(np.arange(13), np.arange(17), np.arange(29), indexing='ij')
            v = (i * 31 + j * 7 + k) % 251 - 100
            with h5py.File(out + '/other.h5', 'w') as o:
                o.create_dataset('/deep/values', data=np.arange(12, dtype='<f8').reshape(3, 4) / 4)
            with h5py.File(out + '/fixtures.h5', 'w') as f:
                f.attrs['title'] = 'fixture file'
                f.attrs['count'] = np.int32(42)
                f.attrs['matrix'] = np.arange(6, dtype='f8').reshape(2, 3)
                f.attrs['names'] = np.array([b'a', b'bc'])
                f.attrs['vlen'] = h5py.special_dtype(vlen=str)('héllo') if False else 'héllo'
                f.attrs['flag'] = True
                f.create_dataset('deflate_shuffle', data=v.astype('f4'), chunks=(4, 5, 8), compression='gzip',
                                 compression_opts=6, shuffle=True)
                f.create_dataset('lzf', data=v.astype('i2'), chunks=(3, 17, 29), compression='lzf')
                f.create_dataset('fletcher', data=v.astype('f8'), chunks=(13, 1, 29), fletcher32=True, compression='gzip')
                f.create_dataset('contiguous_u16', data=(v + 100).astype('u2'))
                f.create_dataset('int8', data=np.floor_divide(v, 2).astype('i1'), chunks=(13, 17, 29))
                f.create_dataset('big_endian_i4', data=(v * 1000).astype('>i4'))
                f.create_dataset('big_endian_f4_chunked', data=v.astype('>f4'), chunks=(5, 5, 5), compression='gzip')
                f.create_dataset('uint32', data=np.array([0, 1, 2**31, 2**32 - 1], dtype='u4'))
                f.create_dataset('uint64', data=np.array([0, 2**40, 2**63, 2**64 - 1], dtype='u8'), chunks=(2,))
                f.create_dataset('int64', data=np.array([-2**40, -1, 0, 2**50], dtype='i8'))
                f.create_dataset('scalar', data=np.float64(2.5))
                f.create_dataset('compact', data=np.arange(10, dtype='i4'), compact=True) if False else None
                sparse = f.create_dataset('sparse', shape=(8, 8), dtype='f4', chunks=(4, 4), fillvalue=7.0)
                sparse[0:4, 0:4] = 1.0
                f.create_dataset('text', data='not numbers')
                g = f.create_group('grp')
                g.attrs['NX_class'] = 'NXdata'
                g['soft'] = h5py.SoftLink('/deflate_shuffle')
                g['loop'] = h5py.SoftLink('/grp')
                g['dangling'] = h5py.SoftLink('/not/there')
                g['ext'] = h5py.ExternalLink('other.h5', '/deep/values')
                g['ext_group'] = h5py.ExternalLink('other.h5', '/deep')
                g['ext_missing'] = h5py.ExternalLink('gone.h5', '/x')
                g['self'] = g
            # compact layout via the low-level API
            with h5py.File(out + '/fixtures.h5', 'a') as f:
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                dcpl.set_layout(h5py.h5d.COMPACT)
                space = h5py.h5s.create_simple((10,))
                dsid = h5py.h5d.create(f.id, b'compact', h5py.h5t.STD_I32LE, space, dcpl=dcpl)
                dsid.write(h5py.h5s.ALL, h5py.h5s.ALL, np.arange(10, dtype='<i4') * 3)
            print('ok')
            """;

    /**
     * Blosc cannot be written without a plugin, so write deflate and patch the filter id in the
     * filter pipeline message (version 1 object header, no checksum) from 1 to 32001.
     */
    private static final String BLOSC = """
            import sys, struct, h5py, numpy as np
            out = sys.argv[1] + '/blosc.h5'
            with h5py.File(out, 'w') as f:
                d = f.create_dataset('/entry/data', data=np.arange(64, dtype='f4').reshape(8, 8), chunks=(4, 4),
                                     compression='gzip')
                addr = h5py.h5o.get_info(d.id).addr
            b = bytearray(open(out, 'rb').read())
            assert b[addr] == 1, 'expected a version 1 object header'
            nmsg = struct.unpack_from('<H', b, addr + 2)[0]
            pos = addr + 16
            patched = False
            for _ in range(nmsg):
                mtype, size = struct.unpack_from('<HH', b, pos)
                body = pos + 8
                if mtype == 0x000B:
                    assert b[body] == 1, 'expected a version 1 filter pipeline message'
                    assert struct.unpack_from('<H', b, body + 8)[0] == 1, 'expected deflate first'
                    struct.pack_into('<H', b, body + 8, 32001)
                    patched = True
                    break
                pos = body + size
            assert patched, 'no filter pipeline message found'
            open(out, 'wb').write(b)
            print('patched')
            """;

    /** Virtual datasets (jhdf cannot parse them) in old-style, compact and dense groups. */
    private static final String VDS = """
            import sys, h5py, numpy as np
            out = sys.argv[1]
            with h5py.File(out + '/vds_source.h5', 'w') as f:
                f['a'] = np.arange(10, dtype='f4')
            def fill(g, n):
                lay = h5py.VirtualLayout(shape=(10,), dtype='f4')
                lay[:] = h5py.VirtualSource('vds_source.h5', 'a', shape=(10,))
                g.create_virtual_dataset('vds', lay)
                g['f16'] = np.arange(4, dtype='f2')
                g['cmp'] = np.array([(1, 2.0)], dtype=[('x', 'i4'), ('y', 'f8')])
                g['empty'] = np.zeros((0, 5), dtype='f4')
                g.attrs['nothing'] = h5py.Empty('f4')
                for i in range(n):
                    g['ok%02d' % i] = np.arange(6, dtype='i2').reshape(2, 3) + i
            with h5py.File(out + '/vds_old.h5', 'w') as f:
                fill(f, 2)
            with h5py.File(out + '/vds_compact.h5', 'w', libver='latest') as f:
                fill(f.create_group('entry'), 1)
            with h5py.File(out + '/vds_dense.h5', 'w', libver='latest') as f:
                fill(f.create_group('entry'), 20)
            print('ok')
            """;

    @BeforeAll
    static void makeFixtures() throws Exception {
        PythonH5.run(dir, SCRIPT, dir.toString());
        PythonH5.run(dir, VDS, dir.toString());
        PythonH5.run(dir, BLOSC, dir.toString());
        fixtures = dir.resolve("fixtures.h5");
        blosc = dir.resolve("blosc.h5");
    }

    interface Formula {
        double at(long i, long j, long k);
    }

    private static void assertMatchesFormula(LazyDataset d, double scale, double offset) throws Exception {
        assertMatches(d, (i, j, k) -> v(i, j, k) * scale + offset);
    }

    private static void assertMatches(LazyDataset d, Formula fn) throws Exception {
        float[] all = d.readFloats(new long[] {0, 0, 0}, new int[] {13, 17, 29});
        int n = 0;
        for (int i = 0; i < 13; i++) {
            for (int j = 0; j < 17; j++) {
                for (int k = 0; k < 29; k++) {
                    assertThat(all[n++]).as("%s at %d,%d,%d", d.path(), i, j, k).isEqualTo((float) fn.at(i, j, k));
                }
            }
        }
        // an unaligned hyperslab crossing chunk borders
        float[] part = d.readFloats(new long[] {3, 4, 6}, new int[] {7, 9, 11});
        n = 0;
        for (int i = 3; i < 10; i++) {
            for (int j = 4; j < 13; j++) {
                for (int k = 6; k < 17; k++) {
                    assertThat(part[n++]).isEqualTo((float) fn.at(i, j, k));
                }
            }
        }
    }

    @Test
    void deflateShuffleLzfFletcherAndPlainLayoutsReadBackExactly() throws Exception {
        try (Hdf5File f = Hdf5File.open(fixtures)) {
            H5DatasetInfo ds = (H5DatasetInfo) f.node("/deflate_shuffle").orElseThrow();
            assertThat(ds.filters()).containsExactly("shuffle", "deflate(6)");
            assertThat(ds.chunkShape()).containsExactly(4, 5, 8);
            assertThat(ds.storageBytes()).isPositive().isLessThan(13 * 17 * 29 * 4);
            assertMatchesFormula(f.dataset("/deflate_shuffle"), 1, 0);
            assertThat(((H5DatasetInfo) f.node("/lzf").orElseThrow()).filters()).containsExactly("lzf");
            assertThat(f.dataset("/lzf").elementType()).isEqualTo(ElementType.INT16);
            assertMatchesFormula(f.dataset("/lzf"), 1, 0);
            assertThat(((H5DatasetInfo) f.node("/fletcher").orElseThrow()).filters()).containsExactly("deflate(4)", "fletcher32");
            assertMatchesFormula(f.dataset("/fletcher"), 1, 0);
            assertThat(((H5DatasetInfo) f.node("/contiguous_u16").orElseThrow()).layout()).isEqualTo("contiguous");
            assertMatchesFormula(f.dataset("/contiguous_u16"), 1, 100);
            assertThat(f.dataset("/int8").elementType()).isEqualTo(ElementType.INT8);
            assertMatches(f.dataset("/int8"), (i, j, k) -> Math.floorDiv((long) v(i, j, k), 2L));
            assertMatchesFormula(f.dataset("/big_endian_i4"), 1000, 0);
            assertMatchesFormula(f.dataset("/big_endian_f4_chunked"), 1, 0);
        }
    }

    @Test
    void wideAndUnsignedIntegersConvertCorrectly() throws Exception {
        try (Hdf5File f = Hdf5File.open(fixtures)) {
            assertThat(f.dataset("/uint32").elementType()).isEqualTo(ElementType.UINT32);
            assertThat(f.dataset("/uint32").readFloats(new long[] {0}, new int[] {4}))
                    .containsExactly(0f, 1f, 2147483648f, 4294967295f);
            assertThat(f.dataset("/uint64").elementType()).isEqualTo(ElementType.UINT64);
            assertThat(f.dataset("/uint64").readFloats(new long[] {0}, new int[] {4}))
                    .containsExactly(0f, (float) Math.pow(2, 40), (float) Math.pow(2, 63), (float) Math.pow(2, 64));
            assertThat(f.dataset("/int64").readFloats(new long[] {0}, new int[] {4}))
                    .containsExactly((float) -Math.pow(2, 40), -1f, 0f, (float) Math.pow(2, 50));
            LazyDataset scalar = f.dataset("/scalar");
            assertThat(scalar.shape()).isEmpty();
            assertThat(scalar.readFloats(new long[0], new int[0])).containsExactly(2.5f);
            H5DatasetInfo compact = (H5DatasetInfo) f.node("/compact").orElseThrow();
            assertThat(compact.layout()).isEqualTo("compact");
            assertThat(f.dataset("/compact").readFloats(new long[] {2}, new int[] {3})).containsExactly(6f, 9f, 12f);
        }
    }

    @Test
    void unwrittenChunksReadAsTheFillValue() throws Exception {
        try (Hdf5File f = Hdf5File.open(fixtures)) {
            float[] all = f.dataset("/sparse").readFloats(new long[] {0, 0}, new int[] {8, 8});
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    assertThat(all[i * 8 + j]).as("%d,%d", i, j).isEqualTo(i < 4 && j < 4 ? 1f : 7f);
                }
            }
        }
    }

    @Test
    void attributesBecomeJavaValues() throws Exception {
        try (Hdf5File f = Hdf5File.open(fixtures)) {
            H5Group root = f.root();
            assertThat(root.attribute("title").orElseThrow().value()).isEqualTo("fixture file");
            assertThat(root.attribute("count").orElseThrow().value()).isEqualTo(42);
            assertThat(root.attribute("count").orElseThrow().typeDescription()).isEqualTo("int32");
            H5Attribute matrix = root.attribute("matrix").orElseThrow();
            assertThat(matrix.shape()).containsExactly(2, 3);
            assertThat((double[]) matrix.value()).containsExactly(0, 1, 2, 3, 4, 5);
            assertThat(matrix.valueText()).isEqualTo("[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]");
            assertThat((String[]) root.attribute("names").orElseThrow().value()).containsExactly("a", "bc");
            assertThat(root.attribute("vlen").orElseThrow().value()).isEqualTo("héllo");
            assertThat(root.attribute("flag").orElseThrow().typeDescription()).isEqualTo("bool");
            H5DatasetInfo text = (H5DatasetInfo) f.node("/text").orElseThrow();
            assertThat(text.typeDescription()).isEqualTo("string");
            assertThatThrownBy(() -> f.dataset("/text")).isInstanceOf(DataFileException.class).hasMessageContaining("string");
        }
    }

    @Test
    void linksSoftExternalDanglingAndCycles() throws Exception {
        try (Hdf5File f = Hdf5File.open(fixtures)) {
            H5DatasetInfo soft = (H5DatasetInfo) f.node("/grp/soft").orElseThrow();
            assertThat(soft.link()).get().isEqualTo(new H5LinkInfo(H5LinkInfo.Kind.SOFT, null, "/deflate_shuffle"));
            assertThat(f.dataset("/grp/soft").readFloats(new long[] {12, 16, 28}, new int[] {1, 1, 1}))
                    .containsExactly((float) v(12, 16, 28));

            H5DatasetInfo ext = (H5DatasetInfo) f.node("/grp/ext").orElseThrow();
            assertThat(ext.link().orElseThrow().kind()).isEqualTo(H5LinkInfo.Kind.EXTERNAL);
            assertThat(ext.link().orElseThrow().targetFile()).isEqualTo("other.h5");
            assertThat(ext.shape()).containsExactly(3, 4);
            LazyDataset extData = f.dataset("/grp/ext");
            assertThat(extData.file().getFileName().toString()).isEqualTo("other.h5");
            assertThat(extData.readFloats(new long[] {2, 0}, new int[] {1, 4})).containsExactly(2f, 2.25f, 2.5f, 2.75f);
            assertThat(f.node("/grp/ext_group/values")).get().isInstanceOf(H5DatasetInfo.class);

            H5BrokenLink missing = (H5BrokenLink) f.node("/grp/ext_missing").orElseThrow();
            assertThat(missing.problem()).contains("gone.h5").contains("not found");
            H5BrokenLink dangling = (H5BrokenLink) f.node("/grp/dangling").orElseThrow();
            assertThat(dangling.problem()).contains("/not/there");
            H5BrokenLink loop = (H5BrokenLink) f.node("/grp/loop").orElseThrow();
            assertThat(loop.problem()).contains("cycle");
            H5BrokenLink self = (H5BrokenLink) f.node("/grp/self").orElseThrow();
            assertThat(self.problem()).contains("cycle");
            assertThat(f.node("/grp").orElseThrow().attribute("NX_class").orElseThrow().value()).isEqualTo("NXdata");
            // each dataset once, even where reached through several links
            List<String> paths = f.datasets().stream().map(H5DatasetInfo::path).toList();
            assertThat(paths).doesNotHaveDuplicates().contains("/deflate_shuffle", "/grp/ext").doesNotContain("/grp/soft");
            assertThat(f.largestImageDataset()).get().extracting(H5DatasetInfo::path).isEqualTo("/big_endian_f4_chunked");
        }
    }

    @Test
    void bloscIsNamedWithItsIdAndTheDatasetUpFrontAndWhenRead() throws Exception {
        try (Hdf5File f = Hdf5File.open(blosc)) {
            H5DatasetInfo info = (H5DatasetInfo) f.node("/entry/data").orElseThrow();
            assertThat(info.filters()).containsExactly("blosc");
            assertThat(info.problem()).get().asString().contains("blosc").contains("32001");
            assertThat(f.largestImageDataset()).isEmpty();
            assertThatThrownBy(() -> f.dataset("/entry/data"))
                    .isInstanceOf(DataFileException.class)
                    .hasMessageContaining(blosc.toString())
                    .hasMessageContaining("/entry/data")
                    .hasMessageContaining("blosc")
                    .hasMessageContaining("32001");
        }
    }

    @Test
    void bloscFailsAtReadTimeTooWhenNotCaughtUpFront() throws Exception {
        try (Hdf5File f = Hdf5File.open(blosc); io.jhdf.HdfFile raw = new io.jhdf.HdfFile(blosc)) {
            H5DatasetInfo info = (H5DatasetInfo) f.node("/entry/data").orElseThrow();
            H5DatasetInfo unchecked = new H5DatasetInfo(info.path(), info.attributes(), info.link(), info.shape(),
                    info.elementType(), info.typeDescription(), info.layout(), info.chunkShape(), info.filters(),
                    info.storageBytes(), java.util.Optional.empty());
            LazyDataset d = new Hdf5DatasetSource(blosc, raw.getDatasetByPath("/entry/data"), unchecked).lazy();
            assertThatThrownBy(() -> d.readFloats(new long[] {0, 0}, new int[] {2, 2}))
                    .isInstanceOf(DataFileException.class)
                    .hasMessageContaining(blosc.toString())
                    .hasMessageContaining("/entry/data")
                    .hasMessageContaining("blosc")
                    .hasMessageContaining("32001");
        }
    }

    @Test
    void concurrentReadersUnderEvictionGetCorrectValues() throws Exception {
        long saved = org.beamlinestudio.core.data.ChunkCache.budgetBytes();
        org.beamlinestudio.core.data.ChunkCache.setBudgetBytes(40_000); // a few blocks: constant eviction
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try (Hdf5File f = Hdf5File.open(fixtures)) {
            List<String> paths = List.of("/deflate_shuffle", "/lzf", "/contiguous_u16", "/big_endian_f4_chunked", "/fletcher");
            List<java.util.concurrent.Future<Integer>> jobs = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                jobs.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    int checked = 0;
                    for (int n = 0; n < 150; n++) {
                        String p = paths.get(r.nextInt(paths.size()));
                        double off = p.equals("/contiguous_u16") ? 100 : 0;
                        long[] o = {r.nextInt(13), r.nextInt(17), r.nextInt(29)};
                        int[] c = {1 + r.nextInt((int) (13 - o[0])), 1 + r.nextInt((int) (17 - o[1])), 1 + r.nextInt((int) (29 - o[2]))};
                        float[] v = f.dataset(p).readFloats(o, c);
                        int m = 0;
                        for (int i = 0; i < c[0]; i++) {
                            for (int j = 0; j < c[1]; j++) {
                                for (int k = 0; k < c[2]; k++) {
                                    if (v[m++] != (float) (v(o[0] + i, o[1] + j, o[2] + k) + off)) {
                                        throw new AssertionError(p + " wrong at " + (o[0] + i) + "," + (o[1] + j) + "," + (o[2] + k));
                                    }
                                    checked++;
                                }
                            }
                        }
                    }
                    return checked;
                }));
            }
            long total = 0;
            for (java.util.concurrent.Future<Integer> job : jobs) {
                total += job.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(total).isGreaterThan(8 * 150);
            assertThat(org.beamlinestudio.core.data.ChunkCache.usedBytes()).isLessThanOrEqualTo(40_000);
        } finally {
            pool.shutdownNow();
            org.beamlinestudio.core.data.ChunkCache.setBudgetBytes(saved);
        }
    }

    @Test
    void aVirtualDatasetIsReportedAndItsSiblingsStillRead() throws Exception {
        for (String name : List.of("vds_old.h5", "vds_compact.h5", "vds_dense.h5")) {
            try (Hdf5File f = Hdf5File.open(dir.resolve(name))) {
                String g = name.equals("vds_old.h5") ? "" : "/entry";
                H5DatasetInfo vds = (H5DatasetInfo) f.node(g + "/vds").orElseThrow(() -> new AssertionError(name));
                assertThat(vds.layout()).as(name).isEqualTo("virtual");
                assertThat(vds.problem()).get().asString().contains("virtual dataset");
                assertThatThrownBy(() -> f.dataset(g + "/vds")).isInstanceOf(DataFileException.class)
                        .hasMessageContaining(name).hasMessageContaining("/vds").hasMessageContaining("virtual");
                assertThat(f.dataset(g + "/ok00").readFloats(new long[] {1, 0}, new int[] {1, 3})).containsExactly(3f, 4f, 5f);
                H5DatasetInfo f16 = (H5DatasetInfo) f.node(g + "/f16").orElseThrow();
                assertThat(f16.typeDescription()).isEqualTo("float16");
                assertThat(f16.elementType()).isEqualTo(ElementType.OTHER);
                assertThat(((H5DatasetInfo) f.node(g + "/cmp").orElseThrow()).typeDescription())
                        .isEqualTo("compound{x: int32, y: float64}");
                LazyDataset empty = f.dataset(g + "/empty");
                assertThat(empty.shape()).containsExactly(0, 5);
                assertThat(empty.readFloats(new long[] {0, 0}, new int[] {0, 5})).isEmpty();
                H5Node holder = f.node(g.isEmpty() ? "/" : g).orElseThrow();
                assertThat(holder.attribute("nothing").orElseThrow().value()).isNull();
                if (name.equals("vds_dense.h5")) {
                    assertThat(((H5Group) holder).children()).hasSize(24);
                    assertThat(f.dataset("/entry/ok19").readFloats(new long[] {0, 0}, new int[] {1, 1})).containsExactly(19f);
                }
            }
        }
    }

    @Test
    void outOfRangeRequestsAreClearErrors() throws Exception {
        try (Hdf5File f = Hdf5File.open(fixtures)) {
            LazyDataset d = f.dataset("/deflate_shuffle");
            assertThatThrownBy(() -> d.readFloats(new long[] {0, 0, 20}, new int[] {1, 1, 10}))
                    .isInstanceOf(DataFileException.class)
                    .hasMessageContaining("/deflate_shuffle").hasMessageContaining("axis 2").hasMessageContaining("[13, 17, 29]");
            assertThatThrownBy(() -> d.readFloats(new long[] {0, 0}, new int[] {1, 1}))
                    .isInstanceOf(DataFileException.class).hasMessageContaining("rank 3");
            assertThatThrownBy(() -> d.readFloats(new long[] {-1, 0, 0}, new int[] {1, 1, 1}))
                    .isInstanceOf(DataFileException.class);
            assertThat(d.readFloats(new long[] {0, 0, 0}, new int[] {0, 5, 5})).isEmpty();
        }
    }

    @Test
    void asImgReversesAxesAndMatchesReadFloats() throws Exception {
        try (Hdf5File f = Hdf5File.open(fixtures)) {
            for (String p : List.of("/deflate_shuffle", "/contiguous_u16", "/big_endian_f4_chunked")) {
                LazyDataset d = f.dataset(p);
                RandomAccessibleInterval<FloatType> img = d.asImg();
                assertThat(img.numDimensions()).isEqualTo(3);
                assertThat(img.dimension(0)).isEqualTo(29);
                assertThat(img.dimension(1)).isEqualTo(17);
                assertThat(img.dimension(2)).isEqualTo(13);
                RandomAccess<FloatType> ra = img.randomAccess();
                Random r = new Random(7);
                double off = p.equals("/contiguous_u16") ? 100 : 0;
                for (int n = 0; n < 300; n++) {
                    int i = r.nextInt(13);
                    int j = r.nextInt(17);
                    int k = r.nextInt(29);
                    ra.setPosition(new long[] {k, j, i});
                    assertThat(ra.get().get()).as("%s at %d,%d,%d", p, i, j, k).isEqualTo((float) (v(i, j, k) + off));
                }
            }
        }
    }

    @Test
    void asImgOfAnUndecodableDatasetThrowsTheFileError() throws Exception {
        try (Hdf5File f = Hdf5File.open(fixtures)) {
            BlockedLazyDataset d = (BlockedLazyDataset) f.dataset("/deflate_shuffle");
            // 640-byte chunks are grouped 4×4×4 into one cache block
            assertThat(d.blockShape()).containsExactly(16, 20, 32);
            f.close();
            // after close the file channel is gone: reading a block not yet cached reports the file
            RandomAccess<FloatType> ra = d.asImg().randomAccess();
            ra.setPosition(new long[] {28, 16, 12});
            assertThatThrownBy(() -> ra.get().get()).isInstanceOf(UncheckedDataFileException.class)
                    .hasMessageContaining("fixtures.h5");
        }
    }
}
