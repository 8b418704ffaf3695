package org.beamlinestudio.ptychography.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.beamlinestudio.ptychography.io.CxiReader;
import org.beamlinestudio.ptychography.io.PtychoSource;
import org.beamlinestudio.ptychography.io.TestScans;
import org.beamlinestudio.ptychography.recon.EngineKind;
import org.beamlinestudio.ptychography.recon.PtychoResult;
import org.beamlinestudio.ptychography.results.PtychoResultReader;
import org.beamlinestudio.ptychography.results.StoredPtychoResult;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.perspective.PerspectiveProvider;
import org.beamlinestudio.viewer.plot.PlotView;
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

/**
 * The perspective on a small simulated CXI scan in a real window: positions, pattern browser, engine editor, Run
 * with live images and error curve, Pause/Continue, Stop, Save and reopen. The reconstructor is a stand-in
 * ({@link FakeReconstructor}); the engines are tested with the real engines in their own tests.
 */
@ExtendWith(ApplicationExtension.class)
class PtychographyPerspectiveTest {

    @TempDir
    static Path tmp;

    private TestScans.Sim sim;
    private TestPerspectiveContext context;
    private PtychoSource source;
    private PtychographyPerspective perspective;
    private PtychographyPerspective real;
    /** The scan the last run handed to the engines (after preprocessing). */
    private volatile org.beamlinestudio.ptychography.data.PtychoScan lastScan;

    @Start
    void start(Stage stage) throws Exception {
        sim = TestScans.simulate(5, 32, 6);
        Path cxi = tmp.resolve("sim-" + System.nanoTime() + ".cxi");
        TestScans.writeCxi(cxi, sim, false, 1, new int[] {40});
        context = new TestPerspectiveContext(Files.createDirectories(tmp.resolve("work-" + System.nanoTime())));
        source = new CxiReader().open(cxi);
        PerspectiveProvider provider = ServiceLoader.load(PerspectiveProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.techniqueId().equals("ptychography")).findFirst()
                .orElseThrow();
        real = (PtychographyPerspective) provider.create(source, context);
        perspective = new PtychographyPerspective(source, context, (scan, plan, options, device) -> {
            lastScan = scan;
            return new FakeReconstructor(scan, plan, options, sim, 15);
        });
        stage.setScene(new Scene((Parent) perspective.node(), 1280, 800));
        stage.show();
    }

    @AfterEach
    void stop(FxRobot robot) {
        if (perspective != null) {
            robot.interact(perspective::close);
        }
        if (real != null) {
            robot.interact(real::close);
        }
        if (context != null) {
            context.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    void scanPositionsPatternBrowserAndEngineEditor(FxRobot robot) throws Exception {
        FloatImageView pattern = robot.lookup("#ptychoPattern").queryAs(FloatImageView.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> pattern.imageProperty().get() != null);
        assertThat(pattern.imageWidth()).isEqualTo(32);
        assertThat(pattern.logScaleProperty().get()).isTrue();
        assertThat(pattern.data()[16 * 32 + 16]).isEqualTo(sim.patterns()[16 * 32 + 16]);

        PlotView pos = robot.lookup("#ptychoPositions").queryAs(PlotView.class);
        PlotView.Series points = pos.series().stream().filter(s -> s.name().equals("positions")).findFirst()
                .orElseThrow();
        assertThat(points.x()).hasSize(25);
        assertThat(points.x()[1] - points.x()[0]).isCloseTo(6 * sim.objectPixel() * 1e6,
                org.assertj.core.data.Offset.offset(1e-6));

        // browsing: pattern 7 is shown and highlighted
        robot.interact(() -> robot.lookup("#ptychoPatternIndex").queryAs(Slider.class).setValue(7));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> pattern.caption().startsWith("pattern 7 "));
        assertThat(pattern.data()[16 * 32 + 16]).isEqualTo(sim.patterns()[7 * 1024 + 16 * 32 + 16]);
        assertThat(pos.series().stream().anyMatch(s -> s.name().equals("pattern 7"))).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(robot, perspective.node(), "ptycho-scan.png");

        // engine editor: defaults, add, remove, bad value
        VBox rows = robot.lookup("#ptychoEngines").queryAs(VBox.class);
        assertThat(rows.getChildren()).hasSize(2);
        @SuppressWarnings("unchecked")
        ComboBox<EngineKind> first = robot.lookup("#ptychoEngine-0").queryAs(ComboBox.class);
        assertThat(first.getValue()).isEqualTo(EngineKind.DM);
        robot.interact(() -> robot.lookup("#ptychoEngineAdd").queryButton().fire());
        assertThat(rows.getChildren()).hasSize(3);
        robot.interact(() -> robot.lookup("#ptychoEngineRemove-2").queryButton().fire());
        assertThat(rows.getChildren()).hasSize(2);
        robot.interact(() -> robot.lookup("#ptychoIterations-1").queryAs(TextField.class).setText("x"));
        assertThat(robot.lookup("#ptychoEnginesProblem").queryLabeled().getText()).contains("Row 2")
                .contains("'x'");
        robot.interact(() -> robot.lookup("#ptychoIterations-1").queryAs(TextField.class).setText("20"));
        assertThat(robot.lookup("#ptychoEnginesProblem").queryLabeled().getText()).isEmpty();
    }

    @Test
    void runShowsLiveImagesPausesFinishesSavesAndReopens(FxRobot robot) throws Exception {
        robot.interact(() -> {
            robot.lookup("#ptychoIterations-0").queryAs(TextField.class).setText("60");
            robot.lookup("#ptychoParams-0").queryAs(TextField.class).setText("beta=0.9");
            robot.lookup("#ptychoIterations-1").queryAs(TextField.class).setText("40");
        });
        Button run = robot.lookup("#ptychoRun").queryButton();
        robot.interact(run::fire);
        assertThat(perspective.runningProperty().get()).isTrue();
        // live: an image arrives while the run is still going
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> perspective.shownProperty().get() != null
                && perspective.shownProperty().get().iteration() > 5);
        assertThat(perspective.runningProperty().get()).isTrue();
        FloatImageView phase = robot.lookup("#ptychoObjectPhase").queryAs(FloatImageView.class);
        assertThat(phase.imageWidth()).isEqualTo(sim.objectSize());

        robot.interact(() -> robot.lookup("#ptychoPause").queryButton().fire());
        assertThat(robot.lookup("#ptychoPause").queryButton().getText()).isEqualTo("Continue");
        Thread.sleep(400);
        int held = perspective.shownProperty().get().iteration();
        Thread.sleep(600);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(perspective.shownProperty().get().iteration()).isLessThanOrEqualTo(held + 1);
        assertThat(robot.lookup("#ptychoStatus").queryLabeled().getText()).contains("paused").contains("it/s");
        Screenshots.save(robot, perspective.node(), "ptycho-live-paused.png");
        robot.interact(() -> robot.lookup("#ptychoPause").queryButton().fire());

        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> perspective.resultProperty().get() != null);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> perspective.shownProperty().get().iteration() == 100);
        WaitForAsyncUtils.waitForFxEvents();
        PtychoResult result = perspective.resultProperty().get();
        assertThat(result.stoppedEarly()).isFalse();
        assertThat(result.plan().get(0).parameter("beta", 0)).isEqualTo(0.9);
        PlotView err = robot.lookup("#ptychoErrorPlot").queryAs(PlotView.class);
        assertThat(err.yScale()).isEqualTo(PlotView.Scale.LOG);
        assertThat(err.series().get(0).y()).hasSize(100);
        assertThat(err.series().get(0).y()[99]).isEqualTo(0.005);
        assertThat(robot.lookup("#ptychoProgress").queryAs(javafx.scene.control.ProgressBar.class).getProgress())
                .isEqualTo(1.0);
        assertThat(robot.lookup("#ptychoStatus").queryLabeled().getText()).startsWith("Done after 100 iterations");
        assertThat(robot.lookup("#ptychoSave").queryButton().isDisabled()).isFalse();
        // the finished phase is the simulation's: with the ramp removal off, the phase at a pixel equals the truth
        robot.interact(() -> robot.lookup("#ptychoRemoveRamp").queryAs(CheckBox.class).setSelected(false));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> phase.caption().contains("iteration 100")
                && !phase.caption().contains("ramp"));
        int s = sim.objectSize();
        int k = (s / 2 + 3) * s + s / 2 + 5;
        double truth = Math.atan2(sim.object()[2 * k + 1], sim.object()[2 * k]);
        assertThat((double) phase.data()[k]).isCloseTo(truth, org.assertj.core.data.Offset.offset(1e-5));
        robot.interact(() -> robot.lookup("#ptychoRemoveRamp").queryAs(CheckBox.class).setSelected(true));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> phase.caption().contains("ramp removed"));
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(robot, perspective.node(), "ptycho-finished.png");

        Path saved = tmp.resolve("result-" + System.nanoTime() + ".h5");
        assertThat(perspective.saveTo(saved).get(30, TimeUnit.SECONDS)).isEqualTo(saved);
        StoredPtychoResult back = PtychoResultReader.read(saved);
        assertThat(back.state().object()).isEqualTo(result.state().object());
        assertThat(back.plan()).isEqualTo(result.plan());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#ptychoStatus").queryLabeled().getText().startsWith("Saved"));

        // reopen: the plan returns to the editor and the images come from the file
        robot.interact(() -> robot.lookup("#ptychoIterations-0").queryAs(TextField.class).setText("7"));
        perspective.openResult(saved).get(30, TimeUnit.SECONDS);
        // the status is set in the same FX pulse as the editor's rows, so read the rows only after it
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#ptychoStatus").queryLabeled().getText().startsWith("Showing"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#ptychoIterations-0").queryAs(TextField.class).getText()).isEqualTo("60");
    }

    @Test
    void stopEndsTheRunEarlyAndKeepsWhatWasReached(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup("#ptychoIterations-0").queryAs(TextField.class).setText("5000"));
        robot.interact(() -> robot.lookup("#ptychoRun").queryButton().fire());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> perspective.shownProperty().get() != null
                && perspective.shownProperty().get().iteration() > 3);
        robot.interact(() -> robot.lookup("#ptychoStop").queryButton().fire());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> perspective.resultProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        PtychoResult r = perspective.resultProperty().get();
        assertThat(r.stoppedEarly()).isTrue();
        assertThat(r.state().iteration()).isBetween(4, 4999);
        assertThat(robot.lookup("#ptychoStatus").queryLabeled().getText()).startsWith("Stopped after");
        assertThat(robot.lookup("#ptychoRun").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#ptychoStop").queryButton().isDisabled()).isTrue();
    }

    @Test
    void theRegisteredPerspectiveRunsTheRealEngines(FxRobot robot) throws Exception {
        robot.interact(() -> {
            Stage stage = (Stage) perspective.node().getScene().getWindow();
            stage.setScene(new Scene((Parent) real.node(), 1280, 800));
        });
        robot.interact(() -> {
            robot.lookup("#ptychoIterations-0").queryAs(TextField.class).setText("12");
            robot.lookup("#ptychoIterations-1").queryAs(TextField.class).setText("4");
            @SuppressWarnings("unchecked")
            ComboBox<org.beamlinestudio.ptychography.recon.ProbeInit> init =
                    robot.lookup("#ptychoProbeInit").queryAs(ComboBox.class);
            init.setValue(org.beamlinestudio.ptychography.recon.ProbeInit.MEAN_PATTERN);
        });
        robot.interact(() -> robot.lookup("#ptychoRun").queryButton().fire());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> real.resultProperty().get() != null
                || robot.lookup("#ptychoStatus").queryLabeled().getText().startsWith("Failed"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> real.shownProperty().get() != null
                && real.shownProperty().get().iteration() == 16);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#ptychoStatus").queryLabeled().getText()).startsWith("Done after 16 iterations");
        PtychoResult r = real.resultProperty().get();
        List<org.beamlinestudio.ptychography.recon.IterationReport> h = r.state().history();
        assertThat(h).hasSize(16);
        assertThat(h.get(15).fourierError()).isLessThan(h.get(0).fourierError());
        PlotView err = robot.lookup("#ptychoErrorPlot").queryAs(PlotView.class);
        assertThat(err.series().get(0).y()).hasSize(16);
        Screenshots.save(robot, real.node(), "ptycho-real-engines.png");
    }

    /** A dark file: {@code /entry/instrument/detector/dark} of {@code size²} pixels, every one {@code value}. */
    private static Path darkFile(String name, int size, float value) throws Exception {
        Path f = tmp.resolve(name + "-" + System.nanoTime() + ".h5");
        float[] d = new float[size * size];
        java.util.Arrays.fill(d, value);
        try (var w = org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer.createOrReplace(f)) {
            w.createDataset("/entry/instrument/detector/dark", org.beamlinestudio.core.data.ElementType.FLOAT32,
                    new long[] {size, size}, org.beamlinestudio.core.hdf5.write.Layout.contiguous())
                    .write(new long[] {0, 0}, new int[] {size, size}, d);
            w.commit();
        }
        return f;
    }

    @Test
    void aDarkFrameChosenInThePreprocessingIsSubtractedFromThePatternsAndRecorded(FxRobot robot) throws Exception {
        Path wrong = darkFile("dark16", 16, 0.25f);
        Path dark = darkFile("dark32", 32, 0.25f);
        PreprocessingPane pane = robot.lookup("#ptychoPreprocessing").queryAs(PreprocessingPane.class);
        robot.interact(() -> {
            pane.setExpanded(true);
            pane.setDarkFile(wrong);
            robot.lookup("#ptychoIterations-0").queryAs(TextField.class).setText("4");
            robot.lookup("#ptychoIterations-1").queryAs(TextField.class).setText("2");
        });
        assertThat(robot.lookup("#ptychoPrepDark").queryLabeled().getText()).isEqualTo(String.valueOf(
                wrong.getFileName()));
        // a dark frame of another detector: the run says which file, which dataset, and both shapes
        robot.interact(() -> robot.lookup("#ptychoRun").queryButton().fire());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#ptychoStatus").queryLabeled().getText().startsWith("Failed"));
        assertThat(robot.lookup("#ptychoStatus").queryLabeled().getText()).contains(wrong.toString())
                .contains("/entry/instrument/detector/dark").contains("shape 16 × 16").contains("32 × 32");
        assertThat(robot.lookup("#ptychoRun").queryButton().isDisabled()).isFalse();

        robot.interact(() -> robot.lookup("#ptychoPrepDarkDataset").queryAs(TextField.class).setText("entry/dark"));
        robot.interact(() -> robot.lookup("#ptychoRun").queryButton().fire());
        assertThat(robot.lookup("#ptychoStatus").queryLabeled().getText()).contains("'entry/dark' is not a path");

        robot.interact(() -> {
            pane.setDarkFile(dark);
            robot.lookup("#ptychoPrepDarkDataset").queryAs(TextField.class).setText("");
        });
        Screenshots.save(robot, perspective.node(), "ptycho-dark-frame.png");
        robot.interact(() -> robot.lookup("#ptychoRun").queryButton().fire());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> perspective.resultProperty().get() != null);
        float[] constant = new float[32 * 32];
        java.util.Arrays.fill(constant, 0.25f);
        var prep = org.beamlinestudio.ptychography.prep.PatternPreprocessing.defaults();
        float[] expected = org.beamlinestudio.ptychography.io.PtychoScanLoader.load(source, prep.withDark(constant),
                (f, m) -> { }, new org.beamlinestudio.core.stage.Cancellation()).scan().intensities();
        float[] withoutDark = org.beamlinestudio.ptychography.io.PtychoScanLoader.load(source, prep, (f, m) -> { },
                new org.beamlinestudio.core.stage.Cancellation()).scan().intensities();
        assertThat(lastScan.intensities()).containsExactly(expected);
        assertThat(lastScan.intensities()).isNotEqualTo(withoutDark);

        Path saved = tmp.resolve("dark-result-" + System.nanoTime() + ".h5");
        assertThat(perspective.saveTo(saved).get(30, TimeUnit.SECONDS)).isEqualTo(saved);
        assertThat(PtychoResultReader.read(saved).provenance()).contains("subtracted: " + dark
                + ":/entry/instrument/detector/dark");
    }
}
