package org.beamlinestudio.ptychography.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.data.PtychoScan;
import org.beamlinestudio.ptychography.io.TestScans;
import org.beamlinestudio.ptychography.recon.EngineKind;
import org.beamlinestudio.ptychography.recon.EngineStep;
import org.beamlinestudio.ptychography.recon.IterationReport;
import org.beamlinestudio.ptychography.recon.ProbeInit;
import org.beamlinestudio.ptychography.recon.PtychoResult;
import org.beamlinestudio.ptychography.recon.PtychoState;
import org.beamlinestudio.ptychography.recon.ReconstructionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtychoResultRoundTripTest {

    @TempDir
    Path dir;

    static ComplexField random(int h, int w, Random r) {
        float[] d = new float[2 * h * w];
        for (int k = 0; k < d.length; k++) {
            d[k] = (float) r.nextGaussian();
        }
        return new ComplexField(h, w, d);
    }

    static PtychoResult result(Path source) {
        TestScans.Sim s = TestScans.simulate(3, 16, 4);
        boolean[] mask = new boolean[256];
        java.util.Arrays.fill(mask, true);
        PtychoScan scan = new PtychoScan(source, "/entry_1/data_1/data", s.n(), 16, 16, s.patterns(), mask, s.y(),
                s.x(), 1.239841984e-6 / s.energyEv(), s.distance(), s.pixel(), s.pixel(), Optional.empty());
        Random r = new Random(7);
        List<IterationReport> hist = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            hist.add(new IterationReport(i, i <= 3 ? EngineKind.DM : EngineKind.ML, 1.0 / i,
                    i <= 3 ? Double.NaN : 2.5 / i, 10 + i));
        }
        double[] py = new double[s.n()];
        double[] px = new double[s.n()];
        for (int i = 0; i < s.n(); i++) {
            py[i] = 2 + (i / 3) * 4.25;
            px[i] = 2 + (i % 3) * 3.75;
        }
        PtychoState st = new PtychoState(5, random(30, 34, r), List.of(random(16, 16, r), random(16, 16, r)), py, px,
                hist);
        List<EngineStep> plan = List.of(new EngineStep(EngineKind.DM, 3, Map.of("beta", 0.9), 0),
                EngineStep.of(EngineKind.ML, 2));
        ReconstructionOptions opts = ReconstructionOptions.defaults().withProbeModes(2)
                .withProbeInit(ProbeInit.APERTURE, 1e-6, 0).withPositionRefinement(2, 3);
        return new PtychoResult(scan, plan, opts, ComputeDevices.javaDevice(), st, scan.objectPixelSize(), true);
    }

    @Test
    void everyArrayComesBackBitForBitWithThePlanAndProvenance() throws Exception {
        Path input = dir.resolve("input.cxi");
        TestScans.writeCxi(input, TestScans.simulate(3, 16, 4), false, 1, new int[] {});
        PtychoResult res = result(input);
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
        PtychoResult res = result(null);
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
