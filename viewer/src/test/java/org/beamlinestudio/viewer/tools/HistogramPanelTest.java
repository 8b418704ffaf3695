package org.beamlinestudio.viewer.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.event.ActionEvent;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.image.PixelReader;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.Stage;
import org.beamlinestudio.viewer.Colormaps;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class HistogramPanelTest {
    private static final int W = 100;
    private static final int H = 10;

    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private FloatImageView view;
    private HistogramPanel panel;

    @Start
    void start(Stage stage) {
        view = new FloatImageView();
        panel = new HistogramPanel(pool);
        panel.bindTo(view);
        HBox root = new HBox(view, panel);
        HBox.setHgrow(view, Priority.ALWAYS);
        panel.setPrefWidth(300);
        stage.setScene(new Scene(root, 900, 360));
        stage.show();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A ramp 0…99 along x, the same on every row. */
    private static float[] ramp() {
        float[] d = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                d[y * W + x] = x;
            }
        }
        return d;
    }

    private void showRamp(FxRobot robot) throws Exception {
        robot.interact(() -> view.setImage(ramp(), W, H, "ramp"));
        waitFor(() -> panel.histogramProperty().get() != null);
    }

    private static void waitFor(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static int expectedGrey(double v, double lo, double hi) {
        long g = Math.round(255 * (v - lo) / (hi - lo));
        return (int) Math.max(0, Math.min(255, g));
    }

    @Test
    void typedWindowMapsEachValueToItsGreyOnScreen(FxRobot robot) throws Exception {
        showRamp(robot);
        assertThat(panel.histogramProperty().get().total()).isEqualTo(W * H);
        TextField min = robot.lookup("#histogramMin").queryAs(TextField.class);
        TextField max = robot.lookup("#histogramMax").queryAs(TextField.class);
        robot.interact(() -> {
            min.setText("20");
            max.setText("70");
            max.fireEvent(new ActionEvent());
        });
        assertThat(view.fixedWindowProperty().get()).isEqualTo(new FloatImageView.Window(20, 70));

        PixelReader rendered = view.imageProperty().get().getPixelReader();
        Snapshot.Picture[] pic = new Snapshot.Picture[1];
        Point2D[] centres = new Point2D[W];
        robot.interact(() -> {
            pic[0] = Snapshot.capture(List.of(view));
            for (int x = 0; x < W; x++) {
                Point2D scene = view.overlay().localToScene(x + 0.5, H / 2.0 + 0.5);
                Point2D local = view.sceneToLocal(scene);
                centres[x] = new Point2D(local.getX() - view.getLayoutBounds().getMinX(),
                        local.getY() - view.getLayoutBounds().getMinY());
            }
        });
        for (int x = 0; x < W; x++) {
            int g = expectedGrey(x, 20, 70);
            int argb = 0xFF000000 | g << 16 | g << 8 | g;
            assertThat(rendered.getArgb(x, 5)).as("rendered value %d", x).isEqualTo(argb);
            int sx = (int) Math.floor(centres[x].getX());
            int sy = (int) Math.floor(centres[x].getY());
            assertThat(pic[0].argb()[sy * pic[0].width() + sx]).as("on screen value %d", x).isEqualTo(argb);
        }
        Screenshots.save(robot, robot.listTargetWindows().get(0).getScene(), "histogram-window-20-70.png");
    }

    @Test
    void draggingAHandleOrTheBandMovesTheWindow(FxRobot robot) throws Exception {
        showRamp(robot);
        robot.interact(() -> panel.windowProperty().set(new FloatImageView.Window(20, 70)));
        double[] x = new double[2];
        robot.interact(() -> {
            x[0] = panel.handleX(false);
            x[1] = panel.handleX(true);
        });
        Point2D high = panel.canvas().localToScreen(x[1], 60);
        robot.moveTo(high).press(MouseButton.PRIMARY).moveBy(30, 0).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        FloatImageView.Window afterHigh = view.fixedWindowProperty().get();
        assertThat(afterHigh.lo()).isEqualTo(20);
        assertThat(afterHigh.hi()).isGreaterThan(75);

        Point2D band = panel.canvas().localToScreen((x[0] + x[1]) / 2, 60);
        robot.moveTo(band).press(MouseButton.PRIMARY).moveBy(-20, 0).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        FloatImageView.Window afterBand = view.fixedWindowProperty().get();
        assertThat(afterBand.lo()).isLessThan(20);
        assertThat(afterBand.hi() - afterBand.lo()).isCloseTo(afterHigh.hi() - afterHigh.lo(), within(1e-6));
        // The fields follow the window.
        assertThat(Double.parseDouble(robot.lookup("#histogramMin").queryAs(TextField.class).getText()))
                .isCloseTo(afterBand.lo(), within(1e-3 * Math.max(1, Math.abs(afterBand.lo()))));
    }

    @Test
    void autoContrastUsesTheChosenPercentiles(FxRobot robot) throws Exception {
        showRamp(robot);
        // 1000 values, ten of each 0…99: the 10th percentile sits between 9 and 10, the 90th between 89 and 90.
        robot.interact(() -> panel.setAutoPercentiles(10, 90));
        robot.clickOn("#histogramAuto");
        waitFor(() -> view.fixedWindowProperty().get() != null);
        FloatImageView.Window w = view.fixedWindowProperty().get();
        assertThat(w.lo()).isCloseTo(9.9, within(1e-4));
        assertThat(w.hi()).isCloseTo(89.1, within(1e-4));
        robot.interact(() -> panel.setAutoPercentiles(0, 100));
        robot.clickOn("#histogramAuto");
        waitFor(() -> view.fixedWindowProperty().get().hi() == 99);
        assertThat(view.fixedWindowProperty().get().lo()).isEqualTo(0);
        assertThat(panel.autoPercentiles()).containsExactly(0, 100);
    }

    @Test
    void colormapInvertedAndLogReachTheView(FxRobot robot) throws Exception {
        showRamp(robot);
        robot.interact(() -> panel.windowProperty().set(new FloatImageView.Window(0, 99)));
        @SuppressWarnings("unchecked")
        ComboBox<String> maps = robot.lookup("#histogramColormap").queryAs(ComboBox.class);
        robot.interact(() -> maps.setValue("magma"));
        robot.clickOn("#histogramInverted");
        assertThat(view.colormapProperty().get()).isEqualTo("magma_r");
        PixelReader px = view.imageProperty().get().getPixelReader();
        assertThat(px.getArgb(0, 0)).isEqualTo(0xFFFCFDBF);
        assertThat(px.getArgb(99, 0)).isEqualTo(0xFF000004);
        assertThat(px.getArgb(50, 0)).isEqualTo(Colormaps.argb("magma_r", 50 / 99.0));
        // And back: a colormap set on the view shows in the controls.
        robot.interact(() -> view.colormapProperty().set("cividis"));
        assertThat(maps.getValue()).isEqualTo("cividis");
        assertThat(robot.lookup("#histogramInverted").queryAs(CheckBox.class).isSelected()).isFalse();
        robot.clickOn("#histogramLog");
        assertThat(view.logScaleProperty().get()).isTrue();
        waitFor(() -> panel.histogramProperty().get() != null && panel.histogramProperty().get().log());
        // The window 0…99 cannot be shown on a log scale: auto contrast of the positive values replaces it.
        waitFor(() -> view.fixedWindowProperty().get().lo() > 0);
        assertThat(view.fixedWindowProperty().get().lo()).isCloseTo(1, within(1e-4));
        assertThat(view.fixedWindowProperty().get().hi()).isCloseTo(99, within(1e-3));
        // Value 0 is left out of a log histogram.
        assertThat(panel.histogramProperty().get().total()).isEqualTo((W - 1) * H);
        Screenshots.save(robot, robot.listTargetWindows().get(0).getScene(), "histogram-cividis-log.png");
    }
}
