package org.beamlinestudio.journeys.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.Hdf5Sink;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.exec.JobState;
import org.beamlinestudio.core.exec.PipelineRunner;
import org.beamlinestudio.core.exec.slurm.ClusterProfile;
import org.beamlinestudio.core.exec.slurm.ClusterProfiles;
import org.beamlinestudio.core.exec.slurm.JobRecords;
import org.beamlinestudio.core.exec.slurm.SecretSource;
import org.beamlinestudio.core.exec.slurm.SlurmException;
import org.beamlinestudio.core.exec.slurm.SlurmExecutor;
import org.beamlinestudio.core.exec.slurm.SlurmExecutorProvider;
import org.beamlinestudio.core.exec.slurm.SlurmJob;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.pipeline.InputFingerprint;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.testing.SharedData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A reconstruction goes to a real (single-node, localhost) Slurm cluster over slurmrestd and over
 * SSH, is followed to its end, and comes back equal to the same pipeline run here; cancel, failure,
 * a client restart, staging without a shared file system, a job array and the errors a user meets.
 */
class SlurmJourneyTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    static TestCluster cluster;
    static Path scan;
    static float[] localSlices;
    static long localMillis;

    @TempDir
    static Path tmp;

    final List<SlurmExecutor> open = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        scan = SharedData.require("tomography/synthetic/synth_dx.h5");
        cluster = TestCluster.up();
        Path out = tmp.resolve("local.h5");
        long t0 = System.nanoTime();
        new PipelineRunner(PluginRegistry.load(), ExecutionSettings.defaults().withCompute("java"))
                .run(pipeline(scan, out), Progress.NONE, new Cancellation());
        localMillis = (System.nanoTime() - t0) / 1_000_000;
        localSlices = readVolume(out);
    }

    @AfterEach
    void closeExecutors() {
        open.forEach(SlurmExecutor::close);
    }

    /** synth_dx.h5: normalise, −log, rows 6–9, FBP at the true centre 133.25 px, HDF5 out. */
    static Pipeline pipeline(Path input, Path out) throws Exception {
        return new Pipeline(1, "tomography", InputFingerprint.of(input, "tomography.dataexchange", "/exchange/data"),
                List.of(new Pipeline.StageSpec("tomography.rows", true, Map.of("rowFrom", 6, "rowTo", 9)),
                        new Pipeline.StageSpec("tomography.normalize", true, Map.of()),
                        new Pipeline.StageSpec("tomography.minuslog", true, Map.of()),
                        new Pipeline.StageSpec("tomography.fbp", true, Map.of("centerOfRotation", 133.25))),
                new Pipeline.OutputSpec(out.toString(), "hdf5"), null);
    }

    static float[] readVolume(Path h5) throws Exception {
        try (Hdf5File f = Hdf5File.open(h5)) {
            var d = f.dataset(Hdf5Sink.DATASET);
            long[] s = d.shape();
            assertThat(s).containsExactly(4, 256, 256);
            return d.readFloats(new long[] {0, 0, 0}, new int[] {(int) s[0], (int) s[1], (int) s[2]});
        }
    }

    private SlurmExecutor executor(ClusterProfile p, Path records) {
        SlurmExecutor e = SlurmExecutor.open(p, new JobRecords(records), PluginRegistry.load());
        open.add(e);
        return e;
    }

    private static List<JobState> statesSeen(JobHandle job) {
        List<JobState> seen = Collections.synchronizedList(new ArrayList<>());
        job.addListener(j -> {
            if (seen.isEmpty() || seen.get(seen.size() - 1) != j.state()) {
                seen.add(j.state());
            }
        });
        return seen;
    }

    private static JobState await(JobHandle job) throws Exception {
        return job.completion().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void awaitState(JobHandle job, JobState state) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (job.state() != state && !job.state().isFinal() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(job.state()).as(job.message()).isEqualTo(state);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rest", "ssh"})
    void aReconstructionRunsOnTheClusterAndEqualsTheLocalOne(String transport, @TempDir Path records) throws Exception {
        ClusterProfile p = "rest".equals(transport) ? cluster.rest("recon-rest", "") : cluster.ssh("recon-ssh", "", true, null);
        SlurmExecutor ex = executor(p, records);
        Instant t0 = Instant.now();
        JobHandle job = ex.submit(pipeline(scan, tmp.resolve("ignored.h5")));
        List<JobState> seen = statesSeen(job);
        awaitState(job, JobState.RUNNING);
        Instant running = Instant.now();
        assertThat(await(job)).as(job.failure().orElse("") + "\n" + job.logTail()).isEqualTo(JobState.COMPLETED);
        Instant done = Instant.now();

        assertThat(seen).contains(JobState.RUNNING).endsWith(JobState.COMPLETED);
        Path result = job.result().orElseThrow();
        assertThat(result).as("opened in place on the shared file system").startsWith(cluster.state);
        float[] remote = readVolume(result);
        assertThat(remote).as("the cluster's reconstruction equals this workstation's").containsExactly(localSlices);
        assertThat(job.where()).contains(p.name()).contains(job.id());
        System.out.printf("SLURM-BENCH %s: submission→RUNNING %d ms, remote run (submit→result) %d ms, local run %d ms,"
                        + " overhead %d ms%n", transport, Duration.between(t0, running).toMillis(),
                Duration.between(t0, done).toMillis(), localMillis, Duration.between(t0, done).toMillis() - localMillis);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rest", "ssh"})
    void aCancelledJobEndsCancelledAndLeavesNoResult(String transport, @TempDir Path records) throws Exception {
        // The node waits before starting studio: the job is surely RUNNING when it is cancelled.
        ClusterProfile p = "rest".equals(transport) ? cluster.rest("cancel-rest", "sleep 30 && ")
                : cluster.ssh("cancel-ssh", "sleep 30 && ", true, null);
        SlurmJob job = executor(p, records).submitBatch(pipeline(scan, tmp.resolve("c.h5")), List.of());
        awaitState(job, JobState.RUNNING);
        job.cancel();
        assertThat(await(job)).isEqualTo(JobState.CANCELLED);
        assertThat(job.result()).isEmpty();
        try (var files = Files.list(Path.of(job.jobDir().orElseThrow(), "results"))) {
            assertThat(files.toList()).as("no result under the final name").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rest", "ssh"})
    void aJobWithABadInputFailsAndSaysWhy(String transport, @TempDir Path records) throws Exception {
        ClusterProfile p = "rest".equals(transport) ? cluster.rest("fail-rest", "") : cluster.ssh("fail-ssh", "", true, null);
        Pipeline good = pipeline(scan, tmp.resolve("f.h5"));
        // There, but not HDF5: only the node's run finds out.
        Path missing = Files.writeString(tmp.resolve("not-a-scan-" + transport + ".h5"), "this is not HDF5\n");
        Pipeline bad = new Pipeline(1, "tomography", new Pipeline.PipelineInput(missing.toString(),
                "tomography.dataexchange", "/exchange/data", -1, ""), good.stages(), good.output(), null);
        JobHandle job = executor(p, records).submit(bad);
        assertThat(await(job)).isEqualTo(JobState.FAILED);
        assertThat(job.failure().orElseThrow()).contains("exit code 3").contains(missing.toString()); // 3: the CLI's "run failed"
        assertThat(job.logTail()).contains("studio run:").contains(missing.toString());
        assertThat(job.result()).isEmpty();
    }

    @Test
    void aRestartedClientFollowsItsJobToTheEnd(@TempDir Path records, @TempDir Path config) throws Exception {
        ClusterProfile p = cluster.rest("restart-rest", "sleep 2 && ");
        new ClusterProfiles(config).save(p);
        SlurmExecutor first = executor(p, records);
        JobHandle job = first.submit(pipeline(scan, tmp.resolve("r.h5")));
        awaitState(job, JobState.RUNNING);
        String id = job.id();
        first.close(); // the app quits while the job runs

        SlurmExecutorProvider restarted = new SlurmExecutorProvider(new ClusterProfiles(config), new JobRecords(records));
        List<JobHandle> resumed = restarted.resumeJobs();
        restarted.executors().forEach(e -> open.add((SlurmExecutor) e));
        assertThat(resumed).extracting(JobHandle::id).containsExactly(id);
        JobHandle again = resumed.get(0);
        assertThat(restarted.resumeJobs()).as("resuming twice follows each job once").containsExactly(again);
        assertThat(await(again)).as(again.failure().orElse("")).isEqualTo(JobState.COMPLETED);
        assertThat(readVolume(again.result().orElseThrow())).containsExactly(localSlices);
        assertThat(Files.readString(records.resolve("restart-rest").resolve(id + ".json"))).contains("\"COMPLETED\"");
    }

    @Test
    void withoutASharedFileSystemTheInputIsStagedByChecksumAndTheResultFetched(@TempDir Path records,
                                                                             @TempDir Path localWork) throws Exception {
        ClusterProfile p = cluster.ssh("staged-ssh", "", false, localWork);
        SlurmExecutor ex = executor(p, records);
        JobHandle job = ex.submit(pipeline(scan, tmp.resolve("s.h5")));
        assertThat(await(job)).as(job.failure().orElse("") + "\n" + job.logTail()).isEqualTo(JobState.COMPLETED);

        Path staged;
        try (var walk = Files.walk(Path.of(p.remoteDataDir()))) {
            staged = walk.filter(f -> f.getFileName().toString().equals("synth_dx.h5")).findFirst().orElseThrow();
        }
        assertThat(sha256(staged)).isEqualTo(sha256(scan));
        Path result = job.result().orElseThrow();
        assertThat(result).startsWith(localWork);
        assertThat(readVolume(result)).containsExactly(localSlices);

        // A second run finds the identical input already there and does not upload it again.
        long before = Files.getLastModifiedTime(staged).toMillis();
        JobHandle second = ex.submit(pipeline(scan, tmp.resolve("s2.h5")));
        assertThat(await(second)).isEqualTo(JobState.COMPLETED);
        assertThat(Files.getLastModifiedTime(staged).toMillis()).isEqualTo(before);
    }

    private static String sha256(Path f) throws Exception {
        var md = java.security.MessageDigest.getInstance("SHA-256");
        return java.util.HexFormat.of().formatHex(md.digest(Files.readAllBytes(f)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rest (shared files)", "ssh (staged, fetched)"})
    void threeFilesRunAsOneJobArrayWithThreeResults(String how, @TempDir Path records, @TempDir Path inputs,
                                                    @TempDir Path localWork) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String n : List.of("a.h5", "b.h5", "c.h5")) {
            files.add(Files.copy(scan, inputs.resolve(n)));
        }
        ClusterProfile p = how.startsWith("rest") ? cluster.rest("batch-rest", "")
                : cluster.ssh("batch-ssh", "", false, localWork);
        SlurmJob job = executor(p, records).submitBatch(pipeline(scan, tmp.resolve("recon.h5")), files);
        assertThat(await(job)).as(job.failure().orElse("") + "\n" + job.logTail()).isEqualTo(JobState.COMPLETED);
        Path dir = job.result().orElseThrow();
        assertThat(dir).startsWith(p.sharedFileSystem() ? cluster.state : localWork);
        try (var list = Files.list(dir)) {
            assertThat(list.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactly("a_recon.h5", "b_recon.h5", "c_recon.h5");
        }
        assertThat(readVolume(dir.resolve("c_recon.h5"))).containsExactly(localSlices);
    }

    @Test
    void aBadTokenIsReportedAsRejectedWithWhatToDo(@TempDir Path secrets) throws Exception {
        Path bad = secrets.resolve("token");
        Files.writeString(bad, "not-a-jwt");
        Files.setPosixFilePermissions(bad, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        ClusterProfile p = cluster.rest("badtoken-rest", "").withToken(SecretSource.file(bad.toString()));
        assertThatThrownBy(() -> executor(p, secrets).ping()).isInstanceOf(SlurmException.class)
                .hasMessageContaining("rejected the token for user " + p.user())
                .hasMessageContaining("scontrol token");
    }

    @Test
    void anUnreachableHostIsNamedWithItsPort(@TempDir Path records) {
        ClusterProfile rest = cluster.rest("down-rest", "");
        ClusterProfile restDown = new ClusterProfile("down-rest", "rest", "http://127.0.0.1:9", null, null, null,
                rest.user(), null, null, null, null, null, null, null, rest.remoteWorkDir(), null, true, null, null,
                null, null, rest.token(), null, 0.2);
        assertThatThrownBy(() -> executor(restDown, records).ping()).isInstanceOf(SlurmException.class)
                .hasMessageContaining("cannot reach the cluster down-rest at 127.0.0.1:9");
        ClusterProfile ssh = cluster.ssh("down-ssh", "", true, null);
        ClusterProfile sshDown = new ClusterProfile("down-ssh", "ssh", null, null, "127.0.0.1", 9, ssh.user(), null,
                null, null, null, null, null, null, ssh.remoteWorkDir(), null, true, null, ssh.identityFile(),
                ssh.knownHostsFile(), true, null, null, 0.2);
        assertThatThrownBy(() -> executor(sshDown, records).ping()).isInstanceOf(SlurmException.class)
                .hasMessageContaining("cannot reach the cluster down-ssh at 127.0.0.1:9");
    }

    @Test
    void anUnknownHostKeyIsRefusedByDefault(@TempDir Path records) throws Exception {
        ClusterProfile ssh = cluster.ssh("hostkey-ssh", "", true, null);
        Path empty = Files.createFile(records.resolve("known_hosts"));
        ClusterProfile unknown = new ClusterProfile("hostkey-ssh", "ssh", null, null, ssh.host(), ssh.sshPort(),
                ssh.user(), null, null, null, null, null, null, null, ssh.remoteWorkDir(), null, true, null,
                ssh.identityFile(), empty.toString(), null, null, null, 0.2);
        assertThatThrownBy(() -> executor(unknown, records).ping()).isInstanceOf(SlurmException.class)
                .hasMessageContaining("host key of 127.0.0.1:" + ssh.sshPort() + " is unknown");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rest", "ssh"})
    void anUnknownPartitionFailsTheSubmissionNamingIt(String transport, @TempDir Path records) throws Exception {
        ClusterProfile p = "rest".equals(transport) ? cluster.rest("part-rest", "") : cluster.ssh("part-ssh", "", true, null);
        ClusterProfile wrong = new ClusterProfile(p.name(), p.transport(), p.restUrl(), null, p.host(), p.sshPort(),
                p.user(), "nosuchpartition", null, null, null, null, null, p.remoteCommand(), p.remoteWorkDir(),
                p.remoteDataDir(), true, null, p.identityFile(), p.knownHostsFile(), null, p.token(), null, 0.2);
        JobHandle job = executor(wrong, records).submit(pipeline(scan, tmp.resolve("p.h5")));
        assertThat(await(job)).isEqualTo(JobState.FAILED);
        assertThat(job.failure().orElseThrow()).containsIgnoringCase("invalid partition");
    }
}
