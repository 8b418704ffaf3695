package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.exec.JobState;
import org.beamlinestudio.core.exec.LocalExecutor;
import org.beamlinestudio.core.exec.PipelineRunner;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.tomography.TomographyPlugin;
import org.beamlinestudio.tomography.io.DataExchangeReader;
import org.beamlinestudio.tomography.stages.geometry.RowRangeStageFactory;
import org.beamlinestudio.tomography.ui.TomographySession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Batch mode on this workstation: one saved pipeline over a folder of scans gives one result per scan. */
@ExtendWith(ApplicationExtension.class)
class BatchRunDialogTest {
    @TempDir
    static Path dir;

    private final PluginRegistry registry = PluginRegistry.load();
    private final LocalExecutor local = new LocalExecutor(registry, ExecutionSettings.defaults().withCompute("java"));
    private final ExecutorService background = StudioApp.newComputeExecutor();
    private final List<JobHandle> jobs = new CopyOnWriteArrayList<>();
    private BatchRunDialog dialog;

    @Start
    void start(Stage stage) {
        dialog = new BatchRunDialog(List.of(local), dir.resolve("results"), background, jobs::add);
        stage.setScene(new Scene(dialog.root, 760, 460));
        stage.show();
    }

    @AfterEach
    void stop() {
        local.close();
        background.shutdownNow();
    }

    @Test
    void aFolderOfScansGivesOneResultPerScanEqualToASingleRun(FxRobot robot) throws Exception {
        Path synth = SharedData.require("tomography/synthetic/synth_dx.h5");
        Path scans = Files.createDirectories(dir.resolve("scans"));
        Files.copy(synth, scans.resolve("scan_2.h5"));
        Files.copy(synth, scans.resolve("scan_10.h5"));
        Files.writeString(scans.resolve("notes.txt"), "not a scan");

        Pipeline pipeline;
        try (OpenedSource src = new DataExchangeReader().open(synth)) {
            pipeline = TomographySession.withCenter(
                    TomographySession.perspectivePipeline(new TomographyPlugin(), src), 133.25);
        }
        List<Pipeline.StageSpec> stages = new ArrayList<>(pipeline.stages());
        stages.add(0, new Pipeline.StageSpec(RowRangeStageFactory.ID, true, Map.of("rowFrom", 6, "rowTo", 7)));
        pipeline = pipeline.withStages(stages).withOutput(new Pipeline.OutputSpec("recon.h5", "hdf5"));
        Path pipelineFile = dir.resolve("pipeline.json");
        PipelineJson.write(pipeline, pipelineFile);

        robot.interact(() -> {
            dialog.pipelineField.setText(pipelineFile.toString());
            dialog.addFolder(scans);
        });
        assertThat(dialog.scans.getItems()).extracting(p -> p.getFileName().toString())
                .containsExactly("scan_2.h5", "scan_10.h5");
        robot.clickOn("#batchSubmit");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> jobs.size() == 2);
        for (JobHandle j : jobs) {
            assertThat(j.completion().get(120, TimeUnit.SECONDS)).as(j.failure().orElse("")).isEqualTo(JobState.COMPLETED);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dialog.message.getText()).startsWith("Submitted 2 jobs for 2 scans");

        Path single = dir.resolve("single.h5");
        new PipelineRunner(registry, ExecutionSettings.defaults().withCompute("java")).run(
                pipeline.withOutput(new Pipeline.OutputSpec(single.toString(), "hdf5")), Progress.NONE,
                new Cancellation());
        float[] expected = read(single);
        for (String name : List.of("scan_2_recon.h5", "scan_10_recon.h5")) {
            Path out = dir.resolve("results").resolve(name);
            assertThat(out).exists();
            assertThat(read(out)).as(name).containsExactly(expected);
        }
    }

    @Test
    void nothingIsSubmittedWithoutAPipelineOrScans(FxRobot robot) {
        robot.clickOn("#batchSubmit");
        assertThat(dialog.message.getText()).startsWith("Choose a pipeline file");
        assertThat(jobs).isEmpty();
    }

    private static float[] read(Path h5) throws Exception {
        try (Hdf5File f = Hdf5File.open(h5)) {
            var ds = f.dataset("/exchange/data");
            long[] s = ds.shape();
            return ds.readFloats(new long[3], new int[] {(int) s[0], (int) s[1], (int) s[2]});
        }
    }
}
