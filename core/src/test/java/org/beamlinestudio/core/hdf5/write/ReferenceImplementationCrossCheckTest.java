package org.beamlinestudio.core.hdf5.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HDF5 reference library (through h5py and h5dump) reads the writer's files and agrees with
 * what was written. Skipped, with a reason, where /usr/bin/python3 + h5py or h5dump are missing.
 */
class ReferenceImplementationCrossCheckTest {

    @TempDir
    static Path dir;
    static Path file;

    @BeforeAll
    static void writeSample() throws Exception {
        file = dir.resolve("sample.h5");
        SampleFile.write(file, 99);
    }

    /** h5py recomputes every expected value with numpy and reports exact equality per dataset. */
    private static final String CHECK_SCRIPT = String.join("\n",
            "import sys, json, h5py, numpy as np",
            "f = h5py.File(sys.argv[1], 'r')",
            "out = {}",
            "def conv(v):",
            "    if isinstance(v, bytes): return v.decode('utf-8')",
            "    if isinstance(v, np.ndarray): return [conv(x) for x in v.tolist()]",
            "    if isinstance(v, np.generic): return v.item()",
            "    return v",
            "def attrs(o): return {k: conv(v) for k, v in o.attrs.items()}",
            "i, j, k = np.meshgrid(np.arange(6), np.arange(10), np.arange(12), indexing='ij')",
            "vol_expected = (i * 1000.0 + j * 10.0 + k * 0.5 - 7.25).astype(np.float32)",
            "i, j, k = np.meshgrid(np.arange(7), np.arange(9), np.arange(11), indexing='ij')",
            "ch_expected = ((i * 97 + j * 13 + k) * 0.25 - 3.0).astype(np.float32)",
            "i, j = np.meshgrid(np.arange(5), np.arange(33), indexing='ij')",
            "counts_expected = ((i * 331 + j * 7919) % 65536).astype(np.uint16)",
            "i, j = np.meshgrid(np.arange(4), np.arange(5), indexing='ij')",
            "labels_expected = ((i * 5 + j) * 1000003 - 10000000).astype(np.int32)",
            "i, j = np.meshgrid(np.arange(10), np.arange(10), indexing='ij')",
            "mask_expected = np.where(i < 4, (i + j) % 2 + 1, 0).astype(np.uint8)",
            "weights_expected = np.arange(17) / 3.0",
            "checks = {'/entry/data/volume': vol_expected, '/entry/data/chunked': ch_expected,",
            "          '/entry/data/counts': counts_expected, '/entry/data/labels': labels_expected,",
            "          '/entry/data/mask': mask_expected, '/process/weights': weights_expected}",
            "for path, exp in checks.items():",
            "    d = f[path]",
            "    a = d[()]",
            "    out[path] = {'shape': list(d.shape), 'dtype': str(d.dtype), 'chunks': d.chunks and list(d.chunks),",
            "                 'compression': d.compression, 'shuffle': d.shuffle,",
            "                 'equal': bool(a.dtype == exp.dtype and np.array_equal(a, exp)), 'sum': float(a.astype(np.float64).sum())}",
            "out['attrs'] = {p: attrs(f[p]) for p in ['/', '/entry', '/process', '/entry/data/volume']}",
            "names = []",
            "f.visit(names.append)",
            "out['names'] = sorted(names)",
            "print(json.dumps(out))");

    @Test
    void h5pyReadsEveryValueAndAttribute() throws Exception {
        ExternalTools.assumeH5py();
        JsonNode out = new ObjectMapper().readTree(ExternalTools.python(CHECK_SCRIPT, file.toString()));

        for (String path : List.of("/entry/data/volume", "/entry/data/chunked", "/entry/data/counts",
                "/entry/data/labels", "/entry/data/mask", "/process/weights")) {
            assertThat(out.get(path).get("equal").asBoolean()).as("h5py values of %s", path).isTrue();
        }
        JsonNode vol = out.get("/entry/data/volume");
        assertThat(vol.get("shape").toString()).isEqualTo("[6,10,12]");
        assertThat(vol.get("dtype").asText()).isEqualTo("float32");
        assertThat(vol.get("chunks").isNull()).isTrue();
        double volumeSum = 0;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 10; j++) {
                for (int k = 0; k < 12; k++) {
                    volumeSum += SampleFile.volume(i, j, k);
                }
            }
        }
        assertThat(vol.get("sum").asDouble()).isEqualTo(volumeSum);
        JsonNode ch = out.get("/entry/data/chunked");
        assertThat(ch.get("chunks").toString()).isEqualTo("[3,4,5]");
        assertThat(ch.get("compression").asText()).isEqualTo("gzip");
        assertThat(ch.get("shuffle").asBoolean()).isTrue();
        assertThat(out.get("/entry/data/counts").get("dtype").asText()).isEqualTo("uint16");
        assertThat(out.get("/entry/data/mask").get("dtype").asText()).isEqualTo("uint8");
        assertThat(out.get("/entry/data/mask").get("sum").asDouble()).isEqualTo(60.0);

        JsonNode root = out.get("attrs").get("/");
        assertThat(root.get("title").asText()).isEqualTo(SampleFile.TITLE);
        assertThat(root.get("version").asInt()).isEqualTo(3);
        assertThat(out.get("attrs").get("/entry").get("NX_class").asText()).isEqualTo("NXentry");
        JsonNode process = out.get("attrs").get("/process");
        assertThat(process.get("pipeline").asText()).isEqualTo(SampleFile.JSON);
        assertThat(process.get("pipeline_fixed").asText()).isEqualTo(SampleFile.FIXED_JSON);
        JsonNode va = out.get("attrs").get("/entry/data/volume");
        assertThat(va.get("int32").asInt()).isEqualTo(-42);
        assertThat(va.get("int32s").toString()).isEqualTo("[1,-2,3,2147483647]");
        assertThat(va.get("int64").asLong()).isEqualTo(1L << 40);
        assertThat(va.get("int64s").toString()).isEqualTo("[-9223372036854775808,0,9223372036854775807]");
        assertThat((float) va.get("f32").asDouble()).isEqualTo(1.5f);
        assertThat((float) va.get("f32s").get(1).asDouble()).isEqualTo(-2.5e-7f);
        assertThat(va.get("f64").asDouble()).isEqualTo(Math.PI);
        assertThat(va.get("f64s").get(1).asDouble()).isEqualTo(-1e300);
        assertThat(va.get("names").toString()).isEqualTo("[\"alpha\",\"βeta\",\"\"]");
        assertThat(va.get("fixed_names").toString()).isEqualTo("[\"x\",\"yy\",\"zzz\"]");
        assertThat(va.get("units").asText()).isEqualTo("counts");

        assertThat(out.get("names").toString()).isEqualTo("[\"entry\",\"entry/data\",\"entry/data/chunked\","
                + "\"entry/data/counts\",\"entry/data/labels\",\"entry/data/mask\",\"entry/data/volume\","
                + "\"entry/sample\",\"entry/sample/empty\",\"process\",\"process/weights\"]");
    }

    @Test
    void h5dumpShowsTheExpectedStructure() {
        ExternalTools.assumeH5dump();
        ExternalTools.Result r = ExternalTools.run(List.of(ExternalTools.h5dump().toString(), "-H", "-p", file.toString()), 60);
        assertThat(r.exitCode).as("h5dump -H -p failed: %s", r.stderr).isZero();
        assertThat(r.stderr).isEmpty();
        String h = r.stdout;
        assertThat(h).contains("GROUP \"/\" {", "GROUP \"entry\" {", "GROUP \"data\" {", "GROUP \"empty\" {",
                "GROUP \"process\" {");
        assertThat(h).containsSubsequence("DATASET \"volume\" {", "DATATYPE  H5T_IEEE_F32LE",
                "DATASPACE  SIMPLE { ( 6, 10, 12 ) / ( 6, 10, 12 ) }", "CONTIGUOUS", "SIZE 2880");
        assertThat(h).containsSubsequence("DATASET \"chunked\" {", "DATATYPE  H5T_IEEE_F32LE",
                "DATASPACE  SIMPLE { ( 7, 9, 11 ) / ( 7, 9, 11 ) }", "CHUNKED ( 3, 4, 5 )",
                "PREPROCESSING SHUFFLE", "COMPRESSION DEFLATE { LEVEL 4 }");
        assertThat(h).containsSubsequence("DATASET \"counts\" {", "H5T_STD_U16LE", "CHUNKED ( 2, 8 )",
                "COMPRESSION DEFLATE { LEVEL 6 }");
        assertThat(h).containsSubsequence("DATASET \"labels\" {", "H5T_STD_I32LE");
        assertThat(h).containsSubsequence("DATASET \"mask\" {", "H5T_STD_U8LE");
        assertThat(h).containsSubsequence("DATASET \"weights\" {", "H5T_IEEE_F64LE", "SIMPLE { ( 17 ) / ( 17 ) }");
        assertThat(h).containsSubsequence("ATTRIBUTE \"pipeline\" {", "STRSIZE H5T_VARIABLE;", "CSET H5T_CSET_UTF8;",
                "DATASPACE  SCALAR");
        assertThat(h).containsSubsequence("ATTRIBUTE \"NX_class\" {", "STRSIZE 7;", "STRPAD H5T_STR_NULLPAD;",
                "CSET H5T_CSET_ASCII;");
        assertThat(h).containsSubsequence("ATTRIBUTE \"int64s\" {", "H5T_STD_I64LE", "SIMPLE { ( 3 ) / ( 3 ) }");
    }

    @Test
    void h5dumpPrintsTheWrittenValues() {
        ExternalTools.assumeH5dump();
        ExternalTools.Result all = ExternalTools.run(List.of(ExternalTools.h5dump().toString(), file.toString()), 60);
        assertThat(all.exitCode).as("full h5dump failed: %s", all.stderr).isZero();
        ExternalTools.Result r = ExternalTools.run(List.of(ExternalTools.h5dump().toString(), "-d", "/entry/data/labels",
                "-w", "0", file.toString()), 60);
        assertThat(r.exitCode).isZero();
        StringBuilder row0 = new StringBuilder("(0,0):");
        for (int j = 0; j < 5; j++) {
            row0.append(' ').append(SampleFile.labels(0, j)).append(j < 4 ? "," : "");
        }
        assertThat(r.stdout).contains(row0.toString());
    }

    @Test
    void referenceLibraryCanModifyTheFile() throws Exception {
        ExternalTools.assumeH5py();
        Path copy = dir.resolve("modified.h5");
        java.nio.file.Files.copy(file, copy);
        String out = ExternalTools.python(String.join("\n",
                "import sys, h5py, numpy as np",
                "with h5py.File(sys.argv[1], 'r+') as f:",
                "    f['/entry/data'].create_dataset('added', data=np.arange(5))",
                "    for n in range(12): f['/entry'].create_group('g%02d' % n)",
                "    f['/entry/data/chunked'][0, 0, 0] = 42",
                "with h5py.File(sys.argv[1], 'r') as f:",
                "    print(len(f['/entry']), int(f['/entry/data/added'][4]), float(f['/entry/data/chunked'][0, 0, 0]),",
                "          float(f['/entry/data/chunked'][6, 8, 10]))"), copy.toString());
        assertThat(out.trim()).isEqualTo("14 4 42.0 " + (double) SampleFile.chunked(6, 8, 10));
    }
}
