package org.beamlinestudio.core.hdf5.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes the sample file and reads every value and attribute back with jhdf. */
class StreamingHdf5WriterRoundTripTest {

    @TempDir
    static Path dir;
    static Path file;

    @BeforeAll
    static void writeSample() throws Exception {
        file = dir.resolve("sample.h5");
        SampleFile.write(file, 1234);
    }

    @Test
    void committedFileReplacesNothingAndLeavesNoTemporary() throws Exception {
        assertThat(file).exists();
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("sample.h5");
        }
        byte[] head = new byte[8];
        try (var in = Files.newInputStream(file)) {
            assertThat(in.read(head)).isEqualTo(8);
        }
        assertThat(head).containsExactly(Hdf5Format.SIGNATURE);
    }

    @Test
    void groupsAreNested() {
        try (HdfFile h = new HdfFile(file)) {
            assertThat(h.getChildren().keySet()).containsExactlyInAnyOrder("entry", "process");
            Group entry = (Group) h.getByPath("/entry");
            assertThat(entry.getChildren().keySet()).containsExactlyInAnyOrder("data", "sample");
            Group empty = (Group) h.getByPath("/entry/sample/empty");
            assertThat(empty.getChildren()).isEmpty();
            Group data = (Group) h.getByPath("/entry/data");
            assertThat(data.getChildren().keySet())
                    .containsExactlyInAnyOrder("volume", "chunked", "counts", "labels", "mask");
            assertThat(((Group) h.getByPath("/process")).getChildren().keySet()).containsExactly("weights");
        }
    }

    @Test
    void contiguousVolumeMatchesExactly() {
        try (HdfFile h = new HdfFile(file)) {
            Dataset d = h.getDatasetByPath("/entry/data/volume");
            assertThat(d.getDimensionsAsLong()).containsExactly(SampleFile.VOLUME_SHAPE);
            assertThat(d.getJavaType()).isEqualTo(float.class);
            float[][][] v = (float[][][]) d.getData();
            long mismatches = 0;
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 10; j++) {
                    for (int k = 0; k < 12; k++) {
                        if (Float.compare(v[i][j][k], SampleFile.volume(i, j, k)) != 0) {
                            mismatches++;
                        }
                    }
                }
            }
            assertThat(mismatches).isZero();
            float[][][] slab = (float[][][]) d.getData(new long[] {3, 2, 5}, new int[] {2, 3, 4});
            assertThat(slab[1][2][3]).isEqualTo(SampleFile.volume(4, 4, 8));
        }
    }

    @Test
    void chunkedDeflateShuffleVolumeMatchesExactly() {
        try (HdfFile h = new HdfFile(file)) {
            Dataset d = h.getDatasetByPath("/entry/data/chunked");
            assertThat(d.getDimensionsAsLong()).containsExactly(SampleFile.CHUNKED_SHAPE);
            assertThat(d.getFilters()).extracting(f -> f.getName()).containsExactly("shuffle", "deflate");
            float[][][] v = (float[][][]) d.getData();
            for (int i = 0; i < 7; i++) {
                for (int j = 0; j < 9; j++) {
                    for (int k = 0; k < 11; k++) {
                        assertThat(v[i][j][k]).as("[%d,%d,%d]", i, j, k).isEqualTo(SampleFile.chunked(i, j, k));
                    }
                }
            }
        }
    }

    @Test
    void integerAndDoubleDatasetsMatchExactly() {
        try (HdfFile h = new HdfFile(file)) {
            Dataset counts = h.getDatasetByPath("/entry/data/counts");
            // jhdf widens uint16 to int
            int[][] c = (int[][]) counts.getData();
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 33; j++) {
                    assertThat(c[i][j]).isEqualTo(SampleFile.counts(i, j));
                }
            }
            int[][] l = (int[][]) h.getDatasetByPath("/entry/data/labels").getData();
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 5; j++) {
                    assertThat(l[i][j]).isEqualTo(SampleFile.labels(i, j));
                }
            }
            Object m = h.getDatasetByPath("/entry/data/mask").getData();
            for (int i = 0; i < 10; i++) {
                for (int j = 0; j < 10; j++) {
                    int value = m instanceof short[][] ? ((short[][]) m)[i][j] : ((int[][]) m)[i][j];
                    assertThat(value).as("mask[%d,%d]", i, j).isEqualTo(SampleFile.mask(i, j));
                }
            }
            double[] w = (double[]) h.getDatasetByPath("/process/weights").getData();
            for (int i = 0; i < SampleFile.WEIGHTS; i++) {
                assertThat(w[i]).isEqualTo(SampleFile.weights(i));
            }
        }
    }

    @Test
    void attributesMatchExactly() {
        try (HdfFile h = new HdfFile(file)) {
            assertThat(attr(h, "title")).isEqualTo(SampleFile.TITLE);
            assertThat(attr(h, "version")).isEqualTo(3);
            Node entry = h.getByPath("/entry");
            assertThat(attr(entry, "NX_class")).isEqualTo("NXentry");
            assertThat(attr(entry, "default")).isEqualTo("data");
            Node process = h.getByPath("/process");
            assertThat(attr(process, "pipeline")).isEqualTo(SampleFile.JSON);
            assertThat(((String) attr(process, "pipeline")).length()).isGreaterThan(5000);
            assertThat(attr(process, "pipeline_fixed")).isEqualTo(SampleFile.FIXED_JSON);

            Node vol = h.getByPath("/entry/data/volume");
            Map<String, Attribute> a = vol.getAttributes();
            assertThat(a.keySet()).containsExactlyInAnyOrder("units", "int32", "int32s", "int64", "int64s",
                    "f32", "f32s", "f64", "f64s", "names", "fixed_names");
            assertThat(attr(vol, "units")).isEqualTo("counts");
            assertThat(attr(vol, "int32")).isEqualTo(-42);
            assertThat(a.get("int32").isScalar()).isTrue();
            assertThat((int[]) attr(vol, "int32s")).containsExactly(1, -2, 3, Integer.MAX_VALUE);
            assertThat(attr(vol, "int64")).isEqualTo(1L << 40);
            assertThat((long[]) attr(vol, "int64s")).containsExactly(Long.MIN_VALUE, 0, Long.MAX_VALUE);
            assertThat(attr(vol, "f32")).isEqualTo(1.5f);
            assertThat((float[]) attr(vol, "f32s")).containsExactly(0.1f, -2.5e-7f, Float.MAX_VALUE);
            assertThat(attr(vol, "f64")).isEqualTo(Math.PI);
            assertThat((double[]) attr(vol, "f64s")).containsExactly(Math.E, -1e300, 0.0);
            assertThat((String[]) attr(vol, "names")).containsExactly("alpha", "βeta", "");
            assertThat((String[]) attr(vol, "fixed_names")).containsExactly("x", "yy", "zzz");
        }
    }

    static Object attr(Node n, String name) {
        Attribute a = n.getAttribute(name);
        assertThat(a).as("attribute %s of %s", name, n.getPath()).isNotNull();
        return a.getData();
    }
}
