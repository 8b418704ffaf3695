package org.beamlinestudio.viewer.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.stage.Stage;
import org.beamlinestudio.core.testing.ComputedDataset;
import org.beamlinestudio.core.testing.InMemoryDataset;
import org.beamlinestudio.core.testing.SpherePhantom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The isosurface view's controls and threading, headless (Monocle draws no 3-D; the mesh is checked instead). */
@ExtendWith(ApplicationExtension.class)
class IsosurfaceViewControlsTest {
    private static final double R = 20;
    private static final double RAMP = 4;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private IsosurfaceView view;

    @Start
    void start(Stage stage) {
        view = new IsosurfaceView(executor);
        stage.setScene(new Scene(view, 700, 560));
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static void waitFor(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private boolean shownAt(double threshold) {
        Isosurface s = view.isosurfaceProperty().get();
        return view.stateProperty().get() == IsosurfaceView.State.SHOWN && s != null
                && Math.abs(s.threshold() - threshold) < 1e-6;
    }

    @Test
    void startsAtTheOtsuSplitAndCountsTriangles(FxRobot robot) throws Exception {
        robot.interact(() -> view.show(SpherePhantom.dataset(64, 31.5, 31.5, 31.5, R, RAMP)));
        waitFor(() -> view.stateProperty().get() == IsosurfaceView.State.SHOWN);

        Slider slider = robot.lookup("#isoThreshold").queryAs(Slider.class);
        // Background 0, ball 1: the split lies between the two (inside the ramp).
        assertThat(slider.getValue()).isBetween(0.05, 0.95);
        assertThat(slider.getMin()).isEqualTo(0.0);
        assertThat(slider.getMax()).isEqualTo(1.0, within(1e-6));
        Isosurface s = view.isosurfaceProperty().get();
        assertThat(s.levelFactor()).isEqualTo(1);
        assertThat(robot.lookup("#isoTriangles").queryAs(Label.class).getText())
                .isEqualTo(String.format("%,d triangles", s.mesh().triangleCount()));
        assertThat(s.mesh().triangleCount()).isGreaterThan(5000);
    }

    @Test
    void latestThresholdWinsAndSetsTheSphereRadius(FxRobot robot) throws Exception {
        robot.interact(() -> view.show(SpherePhantom.dataset(64, 31.5, 31.5, 31.5, R, RAMP)));
        waitFor(() -> view.stateProperty().get() == IsosurfaceView.State.SHOWN);

        robot.interact(() -> {
            for (double t = 0.2; t < 0.7; t += 0.05) {
                view.thresholdProperty().set(t);
            }
            view.thresholdProperty().set(0.75);
        });
        waitFor(() -> shownAt(0.75));

        // The ramp puts the 0.75 level a quarter ramp inside the sphere: radius r - 1.
        double r = R - (0.75 - 0.5) * RAMP;
        assertThat(view.isosurfaceProperty().get().mesh().area()).isCloseTo(4 * Math.PI * r * r,
                within(0.02 * 4 * Math.PI * r * r));
    }

    @Test
    void bigVolumeIsMeshedFromACoarseLevelAtTheSameSize(FxRobot robot) throws Exception {
        robot.interact(() -> {
            view.setMaxVoxels(32L * 32 * 32);
            view.show(SpherePhantom.dataset(64, 31.5, 31.5, 31.5, R, RAMP));
        });
        waitFor(() -> view.stateProperty().get() == IsosurfaceView.State.SHOWN);
        robot.interact(() -> view.thresholdProperty().set(0.5));
        waitFor(() -> shownAt(0.5));

        Isosurface s = view.isosurfaceProperty().get();
        assertThat(s.levelFactor()).isEqualTo(2);
        double ball = 4.0 / 3 * Math.PI * R * R * R;
        assertThat(s.mesh().enclosedVolume()).isCloseTo(ball, within(0.04 * ball));
        assertThat(robot.lookup("#isoStatus").queryAs(Label.class).getText()).contains("1/2 level");
    }

    @Test
    void cancelStopsASlowRead(FxRobot robot) throws Exception {
        ComputedDataset slow = new ComputedDataset(16, 16, 16);
        slow.delayMsForIndex = i -> 3000;
        robot.interact(() -> view.show(slow));
        waitFor(() -> !robot.lookup("#isoCancel").queryAs(Button.class).isDisabled());

        robot.clickOn("#isoCancel");
        waitFor(() -> view.stateProperty().get() == IsosurfaceView.State.EMPTY);

        assertThat(robot.lookup("#isoStatus").queryAs(Label.class).getText()).isEqualTo("cancelled");
        Thread.sleep(3500);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.stateProperty().get()).isEqualTo(IsosurfaceView.State.EMPTY);
        assertThat(view.isosurfaceProperty().get()).isNull();
    }

    @Test
    void imageDatasetFailsNamingFileAndPath(FxRobot robot) throws Exception {
        InMemoryDataset image = new InMemoryDataset(java.nio.file.Path.of("/data/scan.h5"), "/entry/image",
                new long[] {8, 8}, new float[64]);
        robot.interact(() -> view.show(image));
        waitFor(() -> view.stateProperty().get() == IsosurfaceView.State.FAILED);

        assertThat(view.errorProperty().get()).contains("/data/scan.h5").contains("/entry/image").contains("3-D");
    }
}
