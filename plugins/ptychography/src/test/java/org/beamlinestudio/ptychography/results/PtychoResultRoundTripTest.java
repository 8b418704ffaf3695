package org.beamlinestudio.ptychography.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.beamlinestudio.ptychography.io.TestScans;
import org.beamlinestudio.ptychography.recon.PtychoResult;
import org.beamlinestudio.ptychography.recon.PtychoState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtychoResultRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void everyArrayComesBackBitForBitWithThePlanAndProvenance() throws Exception {
        Path input = dir.resolve("input.cxi");
        TestScans.writeCxi(input, TestScans.simulate(3, 16, 4), false, 1, new int[] {});
        PtychoResult res = TestResults.sample(input);
        Path out = dir.resolve("result.h5");
        PtychoResultWriter.write(out, res, "ptychography.cxi", Map.of("crop", "16"));
        try (Stream<Path> files = Files.list(dir)) {
            // atomic: no partial or spill file left beside it
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("input.cxi",
                    "result.h5");
        }
        assertThat(PtychoResultReader.isResult(out)).isTrue();
        assertThat(PtychoResultReader.isResult(input)).isFalse();
        StoredPtychoResult back = PtychoResultReader.read(out);
        PtychoState a = res.state();
        PtychoState b = back.state();
        assertThat(b.object()).isEqualTo(a.object());
        assertThat(b.probeModes()).containsExactlyElementsOf(a.probeModes());
        assertThat(b.positionY()).containsExactly(a.positionY());
        assertThat(b.positionX()).containsExactly(a.positionX());
        assertThat(b.iteration()).isEqualTo(5);
        assertThat(b.history()).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(b.history().get(i).fourierError()).isEqualTo(a.history().get(i).fourierError());
            assertThat(b.history().get(i).engine()).isEqualTo(a.history().get(i).engine());
            assertThat(b.history().get(i).millis()).isEqualTo(a.history().get(i).millis());
            assertThat(Double.doubleToLongBits(b.history().get(i).negLogLikelihood()))
                    .isEqualTo(Double.doubleToLongBits(a.history().get(i).negLogLikelihood()));
        }
        assertThat(back.objectPixelSize()).containsExactly(res.objectPixelSize());
        assertThat(back.plan()).isEqualTo(res.plan());
        assertThat(back.stoppedEarly()).isTrue();
        assertThat(back.device()).isEqualTo("java");
        JsonNode p = new ObjectMapper().readTree(back.provenance());
        assertThat(p.path("input").path("path").asText()).isEqualTo(input.toAbsolutePath().toString());
        assertThat(p.path("input").path("dataset").asText()).isEqualTo("/entry_1/data_1/data");
        assertThat(p.path("input").path("sha256_first_mib").asText()).hasSize(64);
        assertThat(p.path("options").path("probe_modes").asInt()).isEqualTo(2);
        assertThat(p.path("options").path("probe_init").asText()).isEqualTo("APERTURE");
        assertThat(p.path("preprocessing").path("crop").asText()).isEqualTo("16");
        assertThat(p.path("software").path("java").asText()).isNotEmpty();
    }

    @Test
    void writingTheSameResultTwiceGivesTheSameArrays() throws Exception {
        PtychoResult res = TestResults.sample(null);
        Path a = dir.resolve("a.h5");
        Path b = dir.resolve("b.h5");
        PtychoResultWriter.write(a, res, null, Map.of());
        PtychoResultWriter.write(b, res, null, Map.of());
        StoredPtychoResult ra = PtychoResultReader.read(a);
        StoredPtychoResult rb = PtychoResultReader.read(b);
        assertThat(ra.state().object()).isEqualTo(rb.state().object());
        // replacing keeps one file under the name
        PtychoResultWriter.write(a, res, null, Map.of());
        assertThat(PtychoResultReader.read(a).state().object()).isEqualTo(res.state().object());
    }
}
