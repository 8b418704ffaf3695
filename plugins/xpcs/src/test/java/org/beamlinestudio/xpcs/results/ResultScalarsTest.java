package org.beamlinestudio.xpcs.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.xpcs.io.Aps8idiMetadata;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our result file carries the same scalar datasets as the facility's (read with h5py), with the same values. */
class ResultScalarsTest {

    private static final String DIR = "xpcs/sim_ou_128/";
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Every scalar dataset of a file as {path: number or text}. */
    private static final String SCALARS = String.join("\n",
            "import sys, json, h5py",
            "out = {}",
            "def visit(name, obj):",
            "    if isinstance(obj, h5py.Dataset) and obj.shape == ():",
            "        v = obj[()]",
            "        out['/' + name] = v.decode() if isinstance(v, bytes) else (v.item() if hasattr(v, 'item') else v)",
            "h5py.File(sys.argv[1], 'r').visititems(visit)",
            "print(json.dumps(out))");

    @TempDir
    Path tmp;

    private static JsonNode scalars(Path file) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "skipped: " + PYTHON + " (with h5py) not found");
        Path out = Files.createTempFile("scalars", ".json");
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", SCALARS, file.toString())
                    .redirectOutput(out.toFile()).redirectErrorStream(false).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            Assumptions.assumeFalse(err.contains("No module named 'h5py'"), "skipped: h5py not importable");
            assertThat(p.exitValue()).as(err).isZero();
            return new ObjectMapper().readTree(Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void theFacilityFilesScalarsAreWrittenWithTheirValues() throws Exception {
        Path peerFile = SharedData.require(DIR + "peer_result/SIM_OU_02000f_128x128_results.hdf");
        JsonNode peer = scalars(peerFile);
        XpcsResults peerResult = XpcsResults.read(peerFile);
        Aps8idiMetadata meta = Aps8idiMetadata.read(SharedData.require(DIR + "raw/SIM_OU_02000f_128x128_metadata.hdf"));
        Path out = tmp.resolve("ours.hdf");
        XpcsResultWriter.write(out, peerResult.multiTau(), peerResult.qmap().orElseThrow(), Map.of(), "{}",
                "raw/SIM_OU_02000f_128x128.h5", new ResultScalars(peer.get("/xpcs/qmap/beam_center_x").asDouble(),
                        peer.get("/xpcs/qmap/beam_center_y").asDouble(), meta, peer.get("/entry/start_time").asText()));
        JsonNode ours = scalars(out);

        assertThat(peer.size()).isGreaterThanOrEqualTo(11);
        for (Iterator<Map.Entry<String, JsonNode>> it = peer.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertThat(ours.has(e.getKey())).as("scalar dataset %s (ours: %s)", e.getKey(), ours).isTrue();
            if (e.getKey().equals("/xpcs/rawdata_path")) {
                assertThat(ours.get(e.getKey()).asText()).isEqualTo("raw/SIM_OU_02000f_128x128.h5");
            } else if (e.getValue().isNumber()) {
                assertThat(ours.get(e.getKey()).asDouble()).as(e.getKey())
                        .isCloseTo(e.getValue().asDouble(), within(1e-9 * Math.abs(e.getValue().asDouble())));
            } else {
                assertThat(ours.get(e.getKey()).asText()).as(e.getKey()).isEqualTo(e.getValue().asText());
            }
        }
        // and the reader still finds the raw-data path and the frame time
        XpcsResults back = XpcsResults.read(out);
        assertThat(back.rawdataPath()).contains("raw/SIM_OU_02000f_128x128.h5");
        assertThat(back.multiTau().delaySeconds()[0]).isCloseTo(1e-3, within(1e-12));
    }
}
