package org.beamlinestudio.tomography.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.image.Image;
import javafx.scene.layout.TilePane;
import javafx.stage.Stage;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.tomography.TomographyPlugin;
import org.beamlinestudio.tomography.center.CenterSweep;
import org.beamlinestudio.tomography.preview.SinogramSource;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Center step alone in a window, on real scans opened by the plugin's own readers. */
@ExtendWith(ApplicationExtension.class)
class CenterStepTest {

    @TempDir
    Path dir;

    private Stage stage;
    private CenterTestContext context;
    private OpenedSource source;
    private TomographySession session;
    private CenterStep step;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void tearDown(FxRobot robot) {
        if (step != null) {
            robot.interact(step::close);
        }
        if (context != null) {
            context.pool.shutdownNow();
        }
        if (source != null) {
            source.close();
        }
    }

    private void open(FxRobot robot, String relative) throws Exception {
        open(robot, relative, SinogramSource.normalizedOnly());
    }

    private void open(FxRobot robot, String relative, SinogramSource sinograms) throws Exception {
        Path file = SharedData.require(relative);
        TomographyPlugin plugin = new TomographyPlugin();
        DatasetReader reader = plugin.readers().stream()
                .max(Comparator.comparingDouble(r -> r.probe(file).confidence())).orElseThrow();
        source = reader.open(file);
        context = new CenterTestContext(ExecutionSettings.defaults(), dir);
        robot.interact(() -> {
            session = new TomographySession(source, context, TomographySession.perspectivePipeline(plugin, source));
            step = new CenterStep(session, sinograms);
            stage.setScene(new Scene((javafx.scene.Parent) step.node(), 1260, 780));
            stage.show();
            step.activated();
        });
    }

    private static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private double estimateApplied(FxRobot robot) throws Exception {
        waitFor(60, () -> text(robot, "#centerRobust").endsWith("(Vo) — applied"));
        return session.centerProperty().get();
    }

    @Test
    void synthDxEstimateSliderPreviewGalleryAndClick(FxRobot robot) throws Exception {
        open(robot, "tomography/synthetic/synth_dx.h5");
        double c = estimateApplied(robot);
        String quick = text(robot, "#centerQuick");
        String robust = text(robot, "#centerRobust");
        System.out.println(quick + " | " + robust);
        assertThat(quick).matches("Quick estimate: \\d+\\.\\d\\d px \\(phase correlation.*");
        assertThat(robust).matches("Robust estimate: \\d+\\.\\d\\d px \\(Vo\\).*applied");
        assertThat(c).isCloseTo(133.25, within(0.5));
        assertThat(TomographySession.centerIn(session.pipelineProperty().get())).isEqualTo(c);

        // the full-resolution preview at the estimate, then the gallery around it
        FloatImageView preview = robot.lookup("#centerPreview").queryAs(FloatImageView.class);
        String atEstimate = String.format(Locale.ROOT, "center %.2f px", c);
        waitFor(30, () -> preview.imageProperty().get() != null && preview.caption().startsWith(atEstimate));
        assertThat(preview.caption()).contains("full resolution");
        int[] before = pixels(preview.imageProperty().get());
        TilePane gallery = robot.lookup("#centerGallery").queryAs(TilePane.class);
        waitFor(60, () -> gallery.getChildren().size() == 21);
        double[] expected = CenterSweep.candidates(Math.round(c * 4) / 4.0, 21, 0.5);
        for (int i = 0; i < 21; i++) {
            Node tile = robot.lookup("#candidate-" + i).query();
            assertThat(centerLabel(tile)).isEqualTo(String.format(Locale.ROOT, "%.2f", expected[i]));
            assertThat((Double) tile.getUserData()).isEqualTo(expected[i]);
        }
        long best = gallery.getChildren().stream().filter(n -> scoreLabel(n).contains("best")).count();
        assertThat(best).isEqualTo(1);
        FloatImageView overlay = robot.lookup("#centerOverlay").queryAs(FloatImageView.class);
        waitFor(10, () -> overlay.imageProperty().get() != null);
        Screenshots.save(robot, stage.getScene(), "center-step-synth_dx.png");

        // dragging the slider: previews follow (binned when the device needs it), full resolution on release
        Slider slider = robot.lookup("#centerSlider").queryAs(Slider.class);
        double moved = c + 4;
        robot.interact(() -> {
            slider.setValueChanging(true);
            slider.setValue(moved);
        });
        String atMoved = String.format(Locale.ROOT, "center %.2f px", moved);
        waitFor(30, () -> preview.caption().startsWith(atMoved));
        assertThat(session.centerProperty().get()).isEqualTo(moved);
        robot.interact(() -> slider.setValueChanging(false));
        waitFor(30, () -> preview.caption().startsWith(atMoved) && preview.caption().contains("full resolution"));
        int[] after = pixels(preview.imageProperty().get());
        assertThat(differing(before, after)).isGreaterThan(before.length / 20);
        assertThat(TomographySession.centerIn(session.pipelineProperty().get())).isEqualTo(moved);
        assertThat(text(robot, "#centerRobust")).endsWith(String.format(Locale.ROOT, "not applied (you chose %.2f px)", moved));
        Screenshots.save(robot, stage.getScene(), "center-step-synth_dx-moved.png");

        // the robust estimate was applied before; once the user chose, clicking a tile sets exactly its center
        robot.clickOn("#candidate-3");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(session.centerProperty().get()).isEqualTo(expected[3]);
        assertThat(TomographySession.centerIn(session.pipelineProperty().get())).isEqualTo(expected[3]);
        waitFor(30, () -> preview.caption().startsWith(String.format(Locale.ROOT, "center %.2f px", expected[3])));

        // dragging the axis in the overlay moves the center to where it is dropped (image column + ½ = its middle)
        javafx.scene.layout.Pane pane = overlay.overlay();
        javafx.geometry.Point2D from = pane.localToScreen(expected[3] + 0.5, 4);
        javafx.geometry.Point2D to = pane.localToScreen(125.0 + 0.5, 4);
        robot.moveTo(from).press(javafx.scene.input.MouseButton.PRIMARY).moveTo(to)
                .release(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        // the headless robot moves to whole screen pixels (~0.4 image px here), then the center snaps to 0.25 px
        assertThat(session.centerProperty().get()).isCloseTo(125.0, within(0.5));
        javafx.scene.shape.Line axis = robot.lookup("#centerAxis").queryAs(javafx.scene.shape.Line.class);
        assertThat(axis.getStartX()).isEqualTo(session.centerProperty().get() + 0.5);
        waitFor(30, () -> overlay.caption().startsWith(String.format(Locale.ROOT, "axis %.2f px",
                session.centerProperty().get())));
        Screenshots.save(robot, stage.getScene(), "center-step-synth_dx-dragged.png");
    }

    @Test
    void theSinogramIsFetchedAgainOnlyForANewRowOrNewPreprocessingAndAChosenCenterIsNotOverridden(FxRobot robot)
            throws Exception {
        java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<Integer> rows = new java.util.concurrent.CopyOnWriteArrayList<>();
        SinogramSource counting = (src, pipeline, row, cancel) -> {
            fetches.incrementAndGet();
            rows.add(row);
            return SinogramSource.normalizedOnly().sinogram(src, pipeline, row, cancel);
        };
        open(robot, "tomography/synthetic/synth_dx.h5", counting);
        double c = estimateApplied(robot);
        assertThat(fetches.get()).isEqualTo(1);
        FloatImageView preview = robot.lookup("#centerPreview").queryAs(FloatImageView.class);

        // the user types a center: previews follow, nothing is read again
        robot.interact(() -> robot.lookup("#centerSpinner").queryAs(javafx.scene.control.Spinner.class)
                .getValueFactory().setValue(c - 2.5));
        waitFor(30, () -> preview.caption().startsWith(String.format(Locale.ROOT, "center %.2f px", c - 2.5)));
        assertThat(session.centerProperty().get()).isEqualTo(c - 2.5);
        int[] ramLakTaper = pixels(preview.imageProperty().get());

        // another filter in the reconstruction stage: the preview is redone with it, from the same sinogram
        robot.interact(() -> {
            org.beamlinestudio.core.pipeline.Pipeline p = session.pipelineProperty().get();
            int i = TomographySession.reconstructionStageIndex(p);
            List<org.beamlinestudio.core.pipeline.Pipeline.StageSpec> stages = new java.util.ArrayList<>(p.stages());
            var fbp = stages.get(i);
            var params = new java.util.LinkedHashMap<>(fbp.params());
            params.put(org.beamlinestudio.tomography.stages.FbpStageFactory.FILTER, "hann");
            stages.set(i, new org.beamlinestudio.core.pipeline.Pipeline.StageSpec(fbp.stage(), fbp.enabled(), params));
            session.pipelineProperty().set(p.withStages(stages));
        });
        waitFor(30, () -> differing(ramLakTaper, pixels(preview.imageProperty().get())) > ramLakTaper.length / 20);
        assertThat(fetches.get()).isEqualTo(1);

        // another row: read again, estimated again, but the user's center stays and the estimate is only shown
        robot.interact(() -> session.previewRowProperty().set(3));
        waitFor(60, () -> text(robot, "#centerRobust").contains("not applied"));
        assertThat(fetches.get()).isEqualTo(2);
        assertThat(rows).containsExactly(session.rows() / 2, 3);
        assertThat(session.centerProperty().get()).isEqualTo(c - 2.5);
        assertThat(text(robot, "#centerRobust")).contains(String.format(Locale.ROOT, "you chose %.2f px", c - 2.5));
    }

    @Test
    void aSinogramThatCannotBeMadeIsReportedWithTheFileAndTheStage(FxRobot robot) throws Exception {
        SinogramSource broken = (src, pipeline, row, cancel) -> {
            throw new org.beamlinestudio.core.stage.StageException("tomography.sorting-stripes",
                    "window 0 is smaller than 3 columns");
        };
        open(robot, "tomography/synthetic/synth_dx.h5", broken);
        waitFor(30, () -> text(robot, "#centerStatus").startsWith("Failed"));
        String status = text(robot, "#centerStatus");
        System.out.println(status);
        assertThat(status).contains("synth_dx.h5").contains("row 8").contains("window 0 is smaller than 3 columns");
        assertThat(session.centerProperty().get()).isNaN();
    }

    @Test
    void closingStopsThePendingWork(FxRobot robot) throws Exception {
        open(robot, "tomography/synthetic/synth_dx.h5");
        robot.interact(step::close);
        Thread.sleep(1500);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(session.centerProperty().get()).isNaN();
        assertThat(robot.lookup("#centerGallery").queryAs(TilePane.class).getChildren()).isEmpty();
        assertThat(robot.lookup("#centerPreview").queryAs(FloatImageView.class).imageProperty().get()).isNull();
    }

    @Test
    void toothEstimateIs296(FxRobot robot) throws Exception {
        open(robot, "tomography/real/tooth.h5");
        double c = estimateApplied(robot);
        System.out.println(text(robot, "#centerQuick") + " | " + text(robot, "#centerRobust"));
        assertThat(c).isCloseTo(296.0, within(0.5));
        assertThat(TomographySession.centerIn(session.pipelineProperty().get())).isEqualTo(c);
        TilePane gallery = robot.lookup("#centerGallery").queryAs(TilePane.class);
        waitFor(90, () -> gallery.getChildren().size() == 21);
        FloatImageView preview = robot.lookup("#centerPreview").queryAs(FloatImageView.class);
        waitFor(30, () -> preview.imageProperty().get() != null);
        Screenshots.save(robot, stage.getScene(), "center-step-tooth.png");
    }

    private static String centerLabel(Node tile) {
        return ((javafx.scene.Parent) tile).getChildrenUnmodifiable().stream().filter(n -> "candidateCenter".equals(n.getId()))
                .map(n -> ((Label) n).getText()).findFirst().orElse("");
    }

    private static String scoreLabel(Node tile) {
        return ((javafx.scene.Parent) tile).getChildrenUnmodifiable().stream().filter(n -> "candidateScore".equals(n.getId()))
                .map(n -> ((Label) n).getText()).findFirst().orElse("");
    }

    private static int[] pixels(Image img) {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] p = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), p, 0, w);
        return p;
    }

    private static int differing(int[] a, int[] b) {
        int n = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                n++;
            }
        }
        return n + Math.abs(a.length - b.length);
    }
}
