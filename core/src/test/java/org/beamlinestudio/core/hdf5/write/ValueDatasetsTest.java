package org.beamlinestudio.core.hdf5.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.beamlinestudio.core.data.ElementType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scalar, string and short 1-D value datasets, read back by the reference implementation (h5py, h5dump). */
class ValueDatasetsTest {

    @TempDir
    Path tmp;

    private static final String READ = String.join("\n",
            "import sys, json, h5py",
            "f = h5py.File(sys.argv[1], 'r')",
            "def v(p):",
            "    d = f[p]",
            "    x = d[()]",
            "    if isinstance(x, bytes): x = x.decode('utf-8')",
            "    elif hasattr(x, 'tolist'): x = x.tolist()",
            "    return {'shape': list(d.shape), 'dtype': str(d.dtype), 'value': x}",
            "out = {p: v(p) for p in ['/xpcs/qmap/beam_center_x', '/entry/count', '/xpcs/rawdata_path',",
            "    '/entry/schema_version', '/entry/levels', '/entry/data/frames']}",
            "out['attr'] = f['/xpcs/qmap/beam_center_x'].attrs['units'].decode() if isinstance(",
            "    f['/xpcs/qmap/beam_center_x'].attrs['units'], bytes) else f['/xpcs/qmap/beam_center_x'].attrs['units']",
            "print(json.dumps(out))");

    private Path write() throws Exception {
        Path file = tmp.resolve("values.h5");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            w.createScalarDataset("/xpcs/qmap/beam_center_x", 64.25);
            w.setAttribute("/xpcs/qmap/beam_center_x", "units", "pixel");
            w.createScalarDataset("/entry/count", 2000L);
            w.createStringDataset("/xpcs/rawdata_path", "/data/raw/SIM_OU_02000f_128x128.h5 — µ");
            w.createValueDataset("/entry/schema_version", AttributeValue.fixedString("1.0", StringEncoding.ASCII));
            w.createValueDataset("/entry/levels", AttributeValue.int32Array(1, 2, 4, 8));
            w.createDataset("/entry/data/frames", ElementType.FLOAT32, new long[] {3}, Layout.contiguous())
                    .write(new long[] {0}, new int[] {3}, new float[] {1f, 2f, 3f});
            w.commit();
        }
        return file;
    }

    @Test
    void h5pyReadsScalarsStringsAndArraysBesideStreamedData() throws Exception {
        Path file = write();
        ExternalTools.assumeH5py();
        JsonNode out = new ObjectMapper().readTree(ExternalTools.python(READ, file.toString()));
        assertThat(out.at("/~1xpcs~1qmap~1beam_center_x/shape").size()).isZero();
        assertThat(out.at("/~1xpcs~1qmap~1beam_center_x/dtype").asText()).isEqualTo("float64");
        assertThat(out.at("/~1xpcs~1qmap~1beam_center_x/value").asDouble()).isEqualTo(64.25);
        assertThat(out.at("/~1entry~1count/dtype").asText()).isEqualTo("int64");
        assertThat(out.at("/~1entry~1count/value").asLong()).isEqualTo(2000);
        assertThat(out.at("/~1xpcs~1rawdata_path/shape").size()).isZero();
        assertThat(out.at("/~1xpcs~1rawdata_path/value").asText())
                .isEqualTo("/data/raw/SIM_OU_02000f_128x128.h5 — µ");
        assertThat(out.at("/~1entry~1schema_version/value").asText()).isEqualTo("1.0");
        assertThat(out.at("/~1entry~1levels/value").toString()).isEqualTo("[1,2,4,8]");
        assertThat(out.at("/~1entry~1data~1frames/value").toString()).isEqualTo("[1.0,2.0,3.0]");
        assertThat(out.at("/attr").asText()).isEqualTo("pixel");
    }

    @Test
    void h5dumpShowsAScalarDataspace() throws Exception {
        Path file = write();
        ExternalTools.assumeH5dump();
        ExternalTools.Result r = ExternalTools.run(List.of(ExternalTools.h5dump().toString(), "-d",
                "/xpcs/qmap/beam_center_x", file.toString()), 60);
        assertThat(r.exitCode).as(r.stderr).isZero();
        assertThat(r.stdout).contains("DATASPACE  SCALAR").contains("64.25");
    }

    @Test
    void aTakenNameIsRefusedNamingThePath() throws Exception {
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(tmp.resolve("x.h5"))) {
            w.createScalarDataset("/a/b", 1.0);
            assertThatThrownBy(() -> w.createScalarDataset("/a/b", 2.0)).hasMessageContaining("/a/b")
                    .hasMessageContaining("already exists");
            assertThatThrownBy(() -> w.createScalarDataset("/a/b/c", 2.0)).hasMessageContaining("/a/b");
            assertThatThrownBy(() -> w.dataset("/a/b")).hasMessageContaining("/a/b");
        }
    }
}
