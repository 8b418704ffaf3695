package org.beamlinestudio.tomography.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Spinner;
import javafx.stage.Stage;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.tomography.TomographyPlugin;
import org.beamlinestudio.tomography.io.DataExchangeReader;
import org.beamlinestudio.tomography.preview.PipelineRowPreview;
import org.beamlinestudio.tomography.stages.MinusLogStageFactory;
import org.beamlinestudio.tomography.stages.NormalizeStageFactory;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.beamlinestudio.viewer.testing.TestPerspectiveContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Preprocess step on synth_dx.h5 (361 angles × 16 rows × 256 columns) with the perspective's pipeline. */
@ExtendWith(ApplicationExtension.class)
class PreprocessStepTest {
    @TempDir
    static Path dir;

    private TestPerspectiveContext context;
    private OpenedSource source;
    private TomographySession session;
    private PreprocessStep step;

    @Start
    void start(Stage stage) throws Exception {
        TomographyPlugin plugin = new TomographyPlugin();
        source = new DataExchangeReader().open(SharedData.require("tomography/synthetic/synth_dx.h5"));
        context = new TestPerspectiveContext(dir);
        PluginRegistry registry = context.registry;
        session = new TomographySession(source, context, TomographySession.perspectivePipeline(plugin, source));
        step = new PreprocessStep(session, new PipelineRowPreview(registry, "java"));
        stage.setScene(new Scene((javafx.scene.Parent) step.node(), 1100, 640));
        stage.show();
        step.activated();
    }

    @AfterEach
    void stop() {
        context.close();
        if (source != null) {
            source.close();
        }
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aSelectedStageShowsItsInputAndOutputAndDisablingItUpdatesTheSession(FxRobot robot) throws Exception {
        FloatImageView before = robot.lookup("#previewBefore").queryAs(FloatImageView.class);
        FloatImageView after = robot.lookup("#previewAfter").queryAs(FloatImageView.class);
        assertThat(session.previewRowProperty().get()).isEqualTo(8);
        // Stage 1, normalisation: raw counts in, transmission (≤ about 1) out.
        waitFor(() -> after.data() != null && after.caption().contains("Flat/dark"));
        assertThat(before.imageWidth()).isEqualTo(256);
        assertThat(before.imageHeight()).isEqualTo(361);
        assertThat(max(before.data())).as("raw counts").isGreaterThan(100);
        // Transmission: 1 in air beside the sample, less through it (zingers and the dead column 170 aside).
        assertThat(median(after.data())).as("median transmission").isBetween(0.3, 1.01);
        assertThat(median(before.data())).as("median raw counts").isGreaterThan(100);
        assertThat(before.caption()).contains("before Flat/dark normalisation");
        Screenshots.save(robot, step.node(), "preprocess-normalize.png");

        // Stage 2, −log: transmission in, line integrals out.
        robot.clickOn("2. −log");
        waitFor(() -> after.caption().startsWith("after −log"));
        assertThat(median(before.data())).isBetween(0.3, 1.01);
        assertThat(maxDiff(before.data(), after.data())).isGreaterThan(0.5);

        // Disable −log with its box: the session's pipeline follows, and the preview shows it passing through.
        robot.clickOn("#stageEnabled-1");
        Pipeline p = session.pipelineProperty().get();
        assertThat(p.stages().get(1)).isEqualTo(new Pipeline.StageSpec(MinusLogStageFactory.ID, false, Map.of()));
        assertThat(p.stages().get(0).stage()).isEqualTo(NormalizeStageFactory.ID);
        waitFor(() -> after.caption().startsWith("disabled"));
        assertThat(after.data()).isEqualTo(before.data());

        // Another row through the spinner: the session's preview row follows.
        @SuppressWarnings("unchecked")
        Spinner<Integer> row = robot.lookup("#previewRow").queryAs(Spinner.class);
        robot.interact(() -> row.getValueFactory().setValue(3));
        assertThat(session.previewRowProperty().get()).isEqualTo(3);
        Screenshots.save(robot, step.node(), "preprocess-minuslog-disabled.png");
    }

    @Test
    void aFailingStageShowsItsErrorInPlaceOfTheImage(FxRobot robot) throws Exception {
        FloatImageView after = robot.lookup("#previewAfter").queryAs(FloatImageView.class);
        robot.interact(() -> {
            Pipeline p = session.pipelineProperty().get();
            List<Pipeline.StageSpec> stages = new java.util.ArrayList<>(p.stages());
            stages.set(0, new Pipeline.StageSpec(NormalizeStageFactory.ID, true,
                    Map.of(NormalizeStageFactory.FLAT_SOURCE, NormalizeStageFactory.AIR_COLUMNS,
                            NormalizeStageFactory.AIR_FROM, 250, NormalizeStageFactory.AIR_TO, 300)));
            session.pipelineProperty().set(p.withStages(stages));
        });
        waitFor(() -> after.data() == null && robot.lookup(n -> n instanceof javafx.scene.control.Label l
                && l.getText() != null && l.getText().startsWith("This stage failed")).tryQuery().isPresent());
        javafx.scene.control.Label error = robot.lookup(n -> n instanceof javafx.scene.control.Label l
                && l.getText() != null && l.getText().startsWith("This stage failed")).queryAs(
                javafx.scene.control.Label.class);
        System.out.println("shown: " + error.getText());
        assertThat(error.getText()).contains(NormalizeStageFactory.ID).contains("250–300");
        Screenshots.save(robot, step.node(), "preprocess-stage-error.png");
    }

    private static double max(float[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (float v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static double median(float[] a) {
        float[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
