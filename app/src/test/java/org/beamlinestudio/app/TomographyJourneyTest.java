package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beamlinestudio.app.StudioWindowTest.drag;
import static org.beamlinestudio.app.StudioWindowTest.snapshot;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.DragEvent;
import javafx.stage.Stage;
import org.beamlinestudio.core.cli.StudioCli;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.core.tiff.TiffImages;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.tiff.TiffStack;
import org.beamlinestudio.tomography.demo.DemoScan;
import org.beamlinestudio.tomography.ui.TomographyPerspectiveProvider;
import org.beamlinestudio.tomography.ui.TomographySession;
import org.beamlinestudio.viewer.FloatImageView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The journey a scientist makes, through the whole shell with the real tomography perspective: drop a scan →
 * automatic center → move the slider and see the preview change → pick a gallery candidate → reconstruct a few
 * slices → export a float32 TIFF stack, which must equal the headless CLI's run of the exported pipeline.
 * Also: cancelling a reconstruction leaves nothing and the app keeps working. Screenshots of every step go to
 * {@code target/screenshots/journey-*.png}.
 */
@ExtendWith(ApplicationExtension.class)
class TomographyJourneyTest {
    @TempDir
    static Path dir;

    private static String previousHome;
    private final ExecutorService io = StudioApp.newIoExecutor();
    private final ExecutorService compute = StudioApp.newComputeExecutor();
    private StudioWindow window;

    @BeforeAll
    static void privateHome() {
        // Presets, work files and settings of this test stay in its temporary folder.
        previousHome = System.getProperty("studio.home");
        System.setProperty("studio.home", dir.resolve("home").toString());
    }

    @AfterAll
    static void restoreHome() {
        if (previousHome == null) {
            System.clearProperty("studio.home");
        } else {
            System.setProperty("studio.home", previousHome);
        }
    }

    @Start
    void start(Stage stage) {
        SettingsStore store = new SettingsStore(dir.resolve("config-" + System.nanoTime() + "/settings.json"));
        window = new StudioWindow(stage, new StudioWindow.Context(store, new DataOpener(),
                CompletableFuture.completedFuture(PluginRegistry.load()), io, compute,
                List.of(new TomographyPerspectiveProvider()), List.of()));
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
    }

    @AfterEach
    void stop(FxRobot robot) {
        robot.interact(() -> window.shutdown());
        io.shutdownNow();
        compute.shutdownNow();
    }

    @Test
    void synthDxFromDropToExportMatchesTheHeadlessRun(FxRobot robot) throws Exception {
        journey(robot, SharedData.require("tomography/synthetic/synth_dx.h5"), "synth_dx", 133.25, 6, 9);
    }

    @Test
    void toothFromDropToExportMatchesTheHeadlessRun(FxRobot robot) throws Exception {
        journey(robot, SharedData.require("tomography/real/tooth.h5"), "tooth", 296, 0, 1);
    }

    @Test
    void cancellingAReconstructionLeavesNoOutputAndTheAppStaysUsable(FxRobot robot) throws Exception {
        // Big enough (64 slices of 512², 720 angles) that the run is still going when Cancel is pressed.
        Path scan = dir.resolve("cancel-scan.h5");
        DemoScan.write(scan, new DemoScan.Spec(720, 64, 512, 255.5, false), Progress.NONE);
        drop(robot, scan);
        // The center typed into the reconstruction stage's form (Preprocess step), as a scientist who knows it
        // would; then the whole volume on plain Java, which checks for cancel between slices.
        robot.clickOn("#step-preprocess");
        robot.interact(() -> robot.lookup("#stageList").queryListView().getSelectionModel().select(2));
        TextField centerField = robot.lookup("#param-centerOfRotation").queryAs(TextField.class);
        robot.interact(() -> {
            centerField.setText("255.5");
            centerField.fireEvent(new javafx.event.ActionEvent());
        });
        ToggleButton centerButton = robot.lookup("#step-center").queryAs(ToggleButton.class);
        waitFor(10, () -> centerButton.getText().contains("255.5"));
        robot.interact(() -> robot.lookup("#step-reconstruct").queryAs(ToggleButton.class).fire());
        robot.interact(() -> robot.lookup("#reconWhole").queryAs(javafx.scene.control.ButtonBase.class).fire());
        javafx.scene.control.ComboBox<Object> device = robot.lookup("#reconDevice").queryComboBox();
        waitFor(30, () -> device.getItems().stream().anyMatch(i -> i.toString().contains("id=java")));
        robot.interact(() -> device.setValue(device.getItems().stream()
                .filter(i -> i.toString().contains("id=java")).findFirst().orElseThrow()));
        Path work = dir.resolve("home").resolve("data");
        Label message = robot.lookup("#reconMessage").queryAs(Label.class);
        robot.interact(() -> robot.lookup("#reconStart").queryButton().fire());
        Button cancel = robot.lookup("#reconCancel").queryButton();
        waitFor(30, () -> !cancel.isDisabled() || message.getText().contains("first"));
        assertThat(cancel.isDisabled()).as(message.getText()).isFalse();
        FloatImageView slices = robot.lookup("#reconSlices").queryAs(FloatImageView.class);
        waitFor(60, () -> slices.imageProperty().get() != null);
        robot.interact(cancel::fire);
        waitFor(60, () -> message.getText().toLowerCase().contains("cancel"));
        waitFor(30, () -> !robot.lookup("#reconStart").queryButton().isDisabled());
        assertThat(outputsUnder(work, "cancel-scan_recon_")).as("no output under a final name after cancel").isEmpty();
        snapshot(robot, "journey-cancelled.png");

        // Still usable: a run of a few rows started next completes.
        robot.clickOn("#reconRange");
        Spinner<Integer> from = robot.lookup("#reconFrom").queryAs(Spinner.class);
        Spinner<Integer> to = robot.lookup("#reconTo").queryAs(Spinner.class);
        robot.interact(() -> {
            to.getValueFactory().setValue(3);
            from.getValueFactory().setValue(0);
        });
        robot.interact(() -> robot.lookup("#reconStart").queryButton().fire());
        waitFor(120, () -> robot.lookup("#step-reconstruct").queryAs(ToggleButton.class).getText().contains("✓"));
        assertThat(outputsUnder(work, "cancel-scan_recon_")).hasSize(1);
    }

    private void journey(FxRobot robot, Path scan, String name, double trueCenter, int rowFrom, int rowTo)
            throws Exception {
        // 1. Drop: the tomography perspective opens on its Data step.
        drop(robot, scan);
        waitFor(30, () -> !robot.lookup("#dataFacts").queryAll().isEmpty());
        assertThat(robot.lookup("#step-data").queryAs(ToggleButton.class).isSelected()).isTrue();
        FloatImageView sinogram = robot.lookup("#dataSinogram").queryAs(FloatImageView.class);
        waitFor(30, () -> sinogram.imageProperty().get() != null);
        snapshot(robot, "journey-" + name + "-1-data.png");

        // 2. Preprocess: before/after of the selected stage.
        robot.clickOn("#step-preprocess");
        FloatImageView after = robot.lookup("#previewAfter").queryAs(FloatImageView.class);
        waitFor(30, () -> after.imageProperty().get() != null);
        snapshot(robot, "journey-" + name + "-2-preprocess.png");

        // 3. Center: the automatic estimate lands within 0.5 px of the known axis.
        robot.clickOn("#step-center");
        Spinner<Double> spinner = robot.lookup("#centerSpinner").queryAs(Spinner.class);
        Label robust = robot.lookup("#centerRobust").queryAs(Label.class);
        waitFor(60, () -> robust.getText().matches(".*\\d+\\.\\d\\d.*") && spinner.getValue() != null
                && Math.abs(spinner.getValue() - trueCenter) <= 0.5);
        double estimate = spinner.getValue();
        assertThat(estimate).isCloseTo(trueCenter, org.assertj.core.data.Offset.offset(0.5));

        //    The slider moves the center and the live preview follows.
        FloatImageView preview = robot.lookup("#centerPreview").queryAs(FloatImageView.class);
        waitFor(30, () -> preview.data() != null && preview.caption().contains(fmt(estimate)));
        float[] atEstimate = preview.data().clone();
        Slider slider = robot.lookup("#centerSlider").queryAs(Slider.class);
        robot.interact(() -> slider.setValue(estimate + 4));
        waitFor(30, () -> preview.data() != null && preview.caption().contains(fmt(estimate + 4)));
        assertThat(spinner.getValue()).isEqualTo(estimate + 4);
        assertThat(Arrays.equals(preview.data(), atEstimate)).as("preview changed with the center").isFalse();
        snapshot(robot, "journey-" + name + "-3-center-moved.png");

        //    The gallery: 21 candidates around the estimate; clicking one picks exactly its center.
        waitFor(60, () -> robot.lookup("#centerGallery").lookup("#candidate-20").tryQuery().isPresent());
        Node tile = robot.lookup("#candidate-9").query();
        double picked = (Double) tile.getUserData();
        assertThat(picked).isNotEqualTo(estimate + 4);
        robot.clickOn(tile);
        waitFor(10, () -> spinner.getValue() == picked);
        snapshot(robot, "journey-" + name + "-3-center-gallery.png");

        // 4. Reconstruct a few slices with the picked center.
        robot.clickOn("#step-reconstruct");
        robot.clickOn("#reconRange");
        Spinner<Integer> from = robot.lookup("#reconFrom").queryAs(Spinner.class);
        Spinner<Integer> to = robot.lookup("#reconTo").queryAs(Spinner.class);
        robot.interact(() -> {
            to.getValueFactory().setValue(rowTo);
            from.getValueFactory().setValue(rowFrom);
        });
        robot.clickOn("#reconStart");
        ToggleButton reconButton = robot.lookup("#step-reconstruct").queryAs(ToggleButton.class);
        Label reconMessage = robot.lookup("#reconMessage").queryAs(Label.class);
        waitFor(180, () -> reconButton.getText().contains("✓") || reconMessage.getText().contains("failed"));
        assertThat(reconButton.getText()).as(reconMessage.getText()).contains("✓");
        snapshot(robot, "journey-" + name + "-4-reconstruct.png");

        // 5. Export a float32 TIFF stack into a folder of our choice.
        robot.clickOn("#step-export");
        Path dest = dir.resolve(name + "-export-" + System.nanoTime());
        TextField destination = robot.lookup("#exportDestination").queryAs(TextField.class);
        robot.interact(() -> destination.setText(dest.toString()));
        Label check = robot.lookup("#exportCheck").queryAs(Label.class);
        waitFor(20, () -> check.getText().startsWith("Ready"));
        robot.clickOn("#exportStart");
        Button open = robot.lookup("#exportOpen").queryButton();
        waitFor(60, () -> !open.isDisabled());
        snapshot(robot, "journey-" + name + "-5-export.png");

        // The files exist, are float32, and equal the headless CLI's run of the pipeline they record.
        List<Path> tiffs = TiffStack.tiffsIn(dest);
        int slices = rowTo - rowFrom + 1;
        assertThat(tiffs).hasSize(slices);
        for (Path t : tiffs) {
            assertThat(TiffImages.header(t).type()).as("sample type of %s", t).isEqualTo(ElementType.FLOAT32);
        }
        Pipeline recorded = PipelineJson.fromJson(Files.readString(dest.resolve(TiffStack.SIDECAR)), dest);
        assertThat(TomographySession.centerIn(recorded)).isEqualTo(picked);
        Path cliOut = dir.resolve(name + "-cli-" + System.nanoTime() + ".h5");
        Path pipelineFile = dir.resolve(name + "-pipeline-" + System.nanoTime() + ".json");
        PipelineJson.write(recorded.withOutput(new Pipeline.OutputSpec(cliOut.toString(), "hdf5")), pipelineFile);
        StringWriter err = new StringWriter();
        int rc = StudioCli.execute(new String[] {"run", pipelineFile.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(rc).as(err.toString()).isZero();
        try (Hdf5File h5 = Hdf5File.open(cliOut)) {
            LazyDataset cli = h5.dataset("/exchange/data");
            long[] shape = cli.shape();
            assertThat(shape[0]).isEqualTo(slices);
            int h = (int) shape[1];
            int w = (int) shape[2];
            double maxDiff = 0;
            double maxAbs = 0;
            for (int k = 0; k < slices; k++) {
                TiffImages.Header header = TiffImages.header(tiffs.get(k));
                assertThat(header.width()).isEqualTo(w);
                float[] exported = TiffImages.readRows(tiffs.get(k), header, 0, h);
                float[] headless = cli.readFloats(new long[] {k, 0, 0}, new int[] {1, h, w});
                for (int i = 0; i < headless.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(exported[i] - headless[i]));
                    maxAbs = Math.max(maxAbs, Math.abs(headless[i]));
                }
            }
            assertThat(maxAbs).as("a reconstruction, not zeros").isGreaterThan(1e-4);
            assertThat(maxDiff).as("exported vs headless CLI").isLessThanOrEqualTo(1e-5);
        }

        // A finished export opens in the app again.
        int tabsBefore = window.fileTabs().size();
        robot.clickOn(open);
        waitFor(30, () -> window.fileTabs().size() == tabsBefore + 1
                && window.fileTabs().get(tabsBefore).phaseProperty().get() == FileTab.Phase.READY);
        snapshot(robot, "journey-" + name + "-6-reopened.png");
    }

    private void drop(FxRobot robot, Path scan) throws Exception {
        robot.interact(() -> window.onDragDropped(drag(DragEvent.DRAG_DROPPED, List.of(scan.toFile()))));
        waitFor(60, () -> robot.lookup("#step-data").tryQuery().isPresent());
    }

    /** Files or folders under {@code root} whose (visible) name starts with {@code prefix}: finished outputs. */
    private static List<Path> outputsUnder(Path root, String prefix) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    private static String fmt(double center) {
        return String.format(java.util.Locale.ROOT, "%.2f", center);
    }

    private static void waitFor(long seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
