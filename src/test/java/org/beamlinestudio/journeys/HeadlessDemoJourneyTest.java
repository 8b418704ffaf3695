package org.beamlinestudio.journeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beamlinestudio.journeys.CliRun.studio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.beamlinestudio.core.cli.StudioCli;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job without a display, as a new user or a cluster node meets it: {@code studio demo}
 * writes the demo scan, runs the tomography plugin's default pipeline on it (OpenCL when present),
 * and says where the result went; the provenance saved with the result re-runs it bit for bit.
 */
class HeadlessDemoJourneyTest {

    @TempDir
    Path home;

    @BeforeEach
    void isolateTheUsersFolders() {
        System.setProperty("studio.home", home.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("studio.home");
    }

    @Test
    void theDemoRunsHeadlessAndItsProvenanceReproducesItExactly() throws Exception {
        Path first = home.resolve("first");
        CliRun demo = studio("demo", "--output", first.toString());

        assertThat(demo.code()).as(demo.err()).isZero();
        Path scan = home.resolve("data/demo/tomography-demo.h5");
        assertThat(demo.out()).contains("Demo dataset: " + scan).contains("Demo result written to " + first);
        List<Path> sinograms = tiffs(first);
        assertThat(sinograms).hasSize(32);

        CliRun info = studio("info", scan.toString());
        assertThat(info.code()).isZero();
        assertThat(info.out()).contains("data  180×32×256 float32").contains("center_of_rotation");

        // The provenance written beside the result is itself a runnable pipeline.
        Path provenance = first.resolve("pipeline.json");
        Pipeline recorded = PipelineJson.read(provenance);
        assertThat(recorded.software().plugins()).containsKey("tomography");
        assertThat(recorded.input().sha256First1MiB()).hasSize(64);
        Path second = home.resolve("second");
        CliRun rerun = studio("run", provenance.toString(), "--output", second.toString(), "--device", "java");
        assertThat(rerun.code()).as(rerun.err()).isZero();

        List<Path> again = tiffs(second);
        assertThat(again).hasSameSizeAs(sinograms);
        for (int i = 0; i < sinograms.size(); i++) {
            assertThat(Files.readAllBytes(again.get(i))).as("sinogram %d re-run from provenance", i)
                    .isEqualTo(Files.readAllBytes(sinograms.get(i)));
        }
    }

    @Test
    void aSecondDemoReusesTheDemoScanAndNeverOverwritesAResult() throws Exception {
        Path out = home.resolve("result");
        assertThat(studio("demo", "--output", out.toString()).code()).isZero();
        Path scan = home.resolve("data/demo/tomography-demo.h5");
        long written = Files.getLastModifiedTime(scan).toMillis();

        CliRun again = studio("demo", "--output", out.toString());

        assertThat(again.code()).isEqualTo(StudioCli.EXIT_RUN_FAILED);
        assertThat(again.err()).contains(out + " already exists");
        assertThat(Files.getLastModifiedTime(scan).toMillis()).isEqualTo(written);
        assertThat(tiffs(out)).hasSize(32);
    }

    private static List<Path> tiffs(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".tiff")).sorted().toList();
        }
    }
}
