package org.beamlinestudio.journeys.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beamlinestudio.journeys.CliRun.studio;

import java.nio.file.Files;
import java.nio.file.Path;
import org.beamlinestudio.core.exec.slurm.ClusterProfiles;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.journeys.CliRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same journey from a terminal: add a profile, submit a pipeline and wait for it, list the job,
 * and measure the cluster's latency and overhead with {@code studio bench slurm} (more repeats:
 * {@code -Dslurm.bench.repeat=5}).
 */
class ClusterCliJourneyTest {

    static TestCluster cluster;
    static String previousHome;

    @TempDir
    static Path home;

    @BeforeAll
    static void up() throws Exception {
        cluster = TestCluster.up();
        previousHome = System.getProperty("studio.home");
        System.setProperty("studio.home", home.toString());
    }

    @AfterAll
    static void restoreHome() {
        if (previousHome == null) {
            System.clearProperty("studio.home");
        } else {
            System.setProperty("studio.home", previousHome);
        }
    }

    @Test
    void submitWaitListAndBenchFromTheCommandLine() throws Exception {
        Path scan = SharedData.require("tomography/synthetic/synth_dx.h5");
        Path profileFile = home.resolve("cli-rest.json");
        Files.writeString(profileFile, ClusterProfiles.toJson(cluster.rest("cli-rest", "")));
        CliRun add = studio("cluster", "add", profileFile.toString());
        assertThat(add.code()).as(add.err()).isZero();
        assertThat(studio("cluster", "profiles").out()).contains("cli-rest").contains("rest http://127.0.0.1:");
        CliRun ping = studio("cluster", "ping", "--profile", "cli-rest");
        assertThat(ping.code()).as(ping.err()).isZero();

        Path pipelineFile = home.resolve("pipeline.json");
        Files.writeString(pipelineFile, PipelineJson.toJson(SlurmJourneyTest.pipeline(scan, home.resolve("cli.h5"))));
        CliRun submit = studio("cluster", "submit", "--profile", "cli-rest", pipelineFile.toString(), "--wait");
        assertThat(submit.code()).as(submit.err()).isZero();
        assertThat(submit.out()).containsPattern("Submitted Slurm job \\d+ to cli-rest").contains("Result: ");
        assertThat(submit.err()).contains("[RUNNING").contains("[COMPLETED");
        String jobId = submit.out().replaceAll("(?s).*Submitted Slurm job (\\d+).*", "$1");
        assertThat(studio("cluster", "jobs").out()).contains(jobId).contains("COMPLETED");

        CliRun bench = studio("bench", "slurm", "--profile", "cli-rest", "--repeat", System.getProperty("slurm.bench.repeat", "1"), pipelineFile.toString());
        assertThat(bench.code()).as(bench.err()).isZero();
        assertThat(bench.out()).contains("\"state\":\"COMPLETED\"").contains("submit_to_running_ms");
        System.out.println("SLURM-BENCH " + bench.out().trim());
    }
}
