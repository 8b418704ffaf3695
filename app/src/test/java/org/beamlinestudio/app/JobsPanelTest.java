package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beamlinestudio.app.StudioWindowTest.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.stage.Stage;
import org.beamlinestudio.core.exec.Executor;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.ExecutorProvider;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.exec.JobState;
import org.beamlinestudio.core.exec.LocalExecutor;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.tomography.TomographyPlugin;
import org.beamlinestudio.tomography.demo.DemoScan;
import org.beamlinestudio.tomography.stages.FbpStageFactory;
import org.beamlinestudio.viewer.SliceView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Jobs panel with real local runs of the tomography pipeline on synth_dx.h5 (through the shell's
 * LocalExecutor and jobSubmitted), Open result, Cancel, and remote jobs (a fake with a log tail, and one
 * resumed at start-up).
 */
@ExtendWith(ApplicationExtension.class)
class JobsPanelTest {
    @TempDir
    static Path dir;

    private final ExecutorService io = StudioApp.newIoExecutor();
    private final ExecutorService compute = StudioApp.newComputeExecutor();
    private final PluginRegistry registry = PluginRegistry.of(List.of(new TomographyPlugin()));
    private StudioWindow window;

    /** A remote job as a Slurm executor would report it: a state, a log tail, a place. */
    static final class RemoteJob implements JobHandle {
        private final String id;
        private final JobState state;
        private final String failure;
        private final CompletableFuture<JobState> done = new CompletableFuture<>();

        RemoteJob(String id, JobState state, String failure) {
            this.id = id;
            this.state = state;
            this.failure = failure;
            if (state.isFinal()) {
                done.complete(state);
            }
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String title() {
            return "tooth.h5 → tooth_recon/ (" + id + ")";
        }

        @Override
        public JobState state() {
            return state;
        }

        @Override
        public double progress() {
            return 0.4;
        }

        @Override
        public String message() {
            return "reconstructing rows 200–400";
        }

        @Override
        public Optional<Instant> started() {
            return Optional.of(Instant.now().minusSeconds(75));
        }

        @Override
        public Optional<Instant> finished() {
            return state.isFinal() ? Optional.of(Instant.now()) : Optional.empty();
        }

        @Override
        public Optional<Path> result() {
            return Optional.empty();
        }

        @Override
        public Optional<String> failure() {
            return Optional.ofNullable(failure);
        }

        @Override
        public String logTail() {
            return "slurmstepd: job " + id + " on node c042\nrow 400 / 1000 reconstructed\n";
        }

        @Override
        public String where() {
            return "cluster: hpc-login";
        }

        @Override
        public void cancel() {
        }

        @Override
        public CompletableFuture<JobState> completion() {
            return done;
        }

        @Override
        public void addListener(Consumer<JobHandle> listener) {
        }
    }

    @Start
    void start(Stage stage) {
        SettingsStore store = new SettingsStore(dir.resolve("config-" + System.nanoTime() + "/settings.json"));
        ExecutorProvider remote = new ExecutorProvider() {
            @Override
            public List<Executor> executors() {
                return List.of();
            }

            @Override
            public List<JobHandle> resumeJobs() {
                return List.of(new RemoteJob("8812", JobState.FAILED, "out of memory on node c017: ask for more memory"));
            }
        };
        window = new StudioWindow(stage, new StudioWindow.Context(store, new DataOpener(),
                CompletableFuture.completedFuture(registry), io, compute, List.of(), List.of(remote)));
        stage.show();
    }

    @AfterEach
    void stop() {
        io.shutdownNow();
        compute.shutdownNow();
    }

    static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The tomography plugin's default pipeline on synth_dx.h5, with a TIFF output. */
    private Pipeline pipeline(Path out, boolean reconstruct) throws Exception {
        return pipeline(SharedData.require("tomography/synthetic/synth_dx.h5"), out, reconstruct);
    }

    private Pipeline pipeline(Path scan, Path out, boolean reconstruct) throws Exception {
        try (OpenedSource src = registry.chooseReader(scan).winner().orElseThrow().open(scan)) {
            Pipeline p = new TomographyPlugin().defaultPipeline(src).orElseThrow();
            if (reconstruct) {
                List<Pipeline.StageSpec> stages = new ArrayList<>(p.stages());
                stages.add(new Pipeline.StageSpec(FbpStageFactory.ID, true, Map.of(FbpStageFactory.CENTER, 133.25)));
                p = p.withStages(stages);
            }
            return p.withOutput(new Pipeline.OutputSpec(out.toString(), "tiff"));
        }
    }

    private JobsPanel.JobRow row(JobHandle job) {
        return window.jobsPanel().rows().stream().filter(r -> r.job() == job).findFirst().orElseThrow();
    }

    @Test
    void aLocalRunIsFollowedToItsResultAndASecondIsCancelledFromThePanel(FxRobot robot) throws Exception {
        // Resumed at start-up, off the FX thread: the remote job's failure is in its message.
        waitFor(10, () -> window.jobsPanel().rows().size() == 1);
        JobsPanel.JobRow resumed = window.jobsPanel().rows().get(0);
        assertThat(resumed.state()).isEqualTo(JobState.FAILED);
        assertThat(resumed.message()).contains("out of memory on node c017");
        assertThat(window.jobsVisible()).isFalse();

        Path out = dir.resolve("synth_sino");
        Executor local = window.executors().get(0);
        assertThat(local.id()).isEqualTo("local");
        JobHandle job = local.submit(pipeline(out, false));
        List<JobState> seen = new CopyOnWriteArrayList<>();
        robot.interact(() -> {
            window.jobSubmitted(job);
            JobsPanel.JobRow r = row(job);
            seen.add(r.state());
            r.stateProperty().addListener((obs, o, n) -> seen.add(n));
        });
        assertThat(window.jobsVisible()).isTrue();
        waitFor(60, () -> row(job).state() == JobState.COMPLETED);
        assertThat(seen).containsSubsequence(JobState.RUNNING, JobState.COMPLETED);
        assertThat(row(job).progress()).isEqualTo(1.0);
        assertThat(row(job).elapsed()).matches("\\d+:\\d\\d");
        assertThat(job.result()).contains(out);
        assertThat(out.resolve("pipeline.json")).exists();

        robot.interact(() -> window.jobsPanel().table().getSelectionModel().select(row(job)));
        waitFor(10, () -> window.jobsPanel().logText().contains("Result: " + out));
        robot.clickOn("#jobOpenResult");
        waitFor(10, () -> window.fileTabs().size() == 1);
        FileTab result = window.fileTabs().get(0);
        assertThat(result.file()).isEqualTo(out);
        waitFor(20, () -> result.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        // Normalize + minus-log streamed along rows: one sinogram (angle × column) per detector row.
        assertThat(result.sliceView().datasetProperty().get().shape()).containsExactly(16, 361, 256);

        // A reconstruction of all rows, one row per chunk (so it checks for cancel between rows), on
        // plain Java: cancelled from the panel while it runs, it leaves nothing behind. The scan is big enough
        // (32 slices of 512², 720 angles: several seconds) that the run cannot end before the click.
        Path bigScan = dir.resolve("big-scan.h5");
        DemoScan.write(bigScan, new DemoScan.Spec(720, 32, 512, 255.5, false), Progress.NONE);
        Path out2 = dir.resolve("synth_recon");
        LocalExecutor rowByRow = new LocalExecutor(registry, new ExecutionSettings("java", 1 << 16));
        JobHandle slow = rowByRow.submit(pipeline(bigScan, out2, true));
        robot.interact(() -> window.jobSubmitted(slow));
        waitFor(30, () -> row(slow).state() == JobState.RUNNING);
        assertThat(robot.lookup("#jobCancel").query().isDisabled()).isFalse();
        snapshot(robot, "jobs-panel-running.png");
        robot.clickOn("#jobCancel");
        waitFor(30, () -> slow.state().isFinal());
        assertThat(slow.state()).as(slow.message() + " " + slow.failure().orElse("")).isEqualTo(JobState.CANCELLED);
        waitFor(10, () -> row(slow).state() == JobState.CANCELLED);
        assertThat(out2).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("synth_recon"));
        }
        assertThat(robot.lookup("#jobCancel").query().isDisabled()).isTrue();
        assertThat(robot.lookup("#jobOpenResult").query().isDisabled()).isTrue();
        assertThat(window.statusText()).isNotNull();
        assertThat(window.jobsStatusText()).isEqualTo("No job running");
    }

    @Test
    void aRemoteJobShowsWhereItRunsItsLogTailAndTheRunningCount(FxRobot robot) throws Exception {
        RemoteJob running = new RemoteJob("9001", JobState.RUNNING, null);
        robot.interact(() -> window.jobSubmitted(running));
        waitFor(10, () -> window.jobsPanel().logText().contains("row 400 / 1000 reconstructed"));
        JobsPanel.JobRow r = row(running);
        assertThat(r.state()).isEqualTo(JobState.RUNNING);
        assertThat(r.elapsed()).isEqualTo("1:15");
        assertThat(window.jobsStatusText()).isEqualTo("1 job running");
        assertThat(robot.lookup("cluster: hpc-login").tryQuery()).isPresent();
        assertThat(robot.lookup("#jobCancel").query().isDisabled()).isFalse();
        assertThat(robot.lookup("#jobOpenResult").query().isDisabled()).isTrue();
        snapshot(robot, "jobs-panel-remote.png");

        // The resumed failed job: its failure is in the log area too.
        robot.interact(() -> window.jobsPanel().table().getSelectionModel().select(
                window.jobsPanel().rows().stream().filter(x -> x.job().id().equals("8812")).findFirst().orElseThrow()));
        waitFor(10, () -> window.jobsPanel().logText().contains("FAILED: out of memory on node c017"));

        robot.interact(() -> window.setJobsVisible(false));
        assertThat(window.jobsVisible()).isFalse();
        robot.press(javafx.scene.input.KeyCode.CONTROL).press(javafx.scene.input.KeyCode.J)
                .release(javafx.scene.input.KeyCode.J).release(javafx.scene.input.KeyCode.CONTROL);
        waitFor(5, window::jobsVisible);
    }
}
