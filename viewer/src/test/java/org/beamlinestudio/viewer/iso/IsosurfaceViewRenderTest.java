package org.beamlinestudio.viewer.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.beamlinestudio.core.testing.SpherePhantom;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The isosurface of a sphere phantom rendered in a real (virtual) window: needs JavaFX 3-D, so it runs only under
 * Xvfb with -Dxvfb (scripts/test.sh's second step); the headless run leaves the "xvfb" tag out.
 */
@Tag("xvfb")
@ExtendWith(ApplicationExtension.class)
class IsosurfaceViewRenderTest {
    private static final int N = 64;
    private static final double R = 20;
    private static final double RAMP = 4;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private IsosurfaceView view;

    @Start
    void start(Stage stage) {
        view = new IsosurfaceView(executor);
        stage.setScene(new Scene(view, 800, 700));
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static void waitFor(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void showSphereAt(FxRobot robot, double threshold) throws Exception {
        robot.interact(() -> view.thresholdProperty().set(threshold));
        waitFor(() -> view.stateProperty().get() == IsosurfaceView.State.SHOWN && view.isosurfaceProperty().get() != null
                && Math.abs(view.isosurfaceProperty().get().threshold() - threshold) < 1e-6);
    }

    private WritableImage snapshot(FxRobot robot) {
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = view.subScene().snapshot(null, null));
        return img[0];
    }

    private static double luminance(Color c) {
        return 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
    }

    /** The sphere's expected silhouette diameter in pixels for the view's camera, image height h. */
    private double expectedDiameter(double h) {
        double radius = R * view.modelScale();
        double d = view.cameraDistanceProperty().get();
        double angle = Math.asin(radius / d);
        return h * Math.tan(angle) / Math.tan(Math.toRadians(IsosurfaceView.FIELD_OF_VIEW / 2));
    }

    /** Pixels along the centre row (horizontal) or column brighter than the background by half the shadow's lift. */
    private static int silhouette(WritableImage img, boolean horizontal) {
        PixelReader px = img.getPixelReader();
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        double bg = luminance(IsosurfaceView.background());
        int first = -1;
        int last = -1;
        int n = horizontal ? w : h;
        for (int i = 0; i < n; i++) {
            Color c = horizontal ? px.getColor(i, h / 2) : px.getColor(w / 2, i);
            if (luminance(c) > bg + 0.06) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        return first < 0 ? 0 : last - first + 1;
    }

    @Test
    void sphereRendersLitWithTheCameraGeometrysDiameter(FxRobot robot) throws Exception {
        assertThat(Platform.isSupported(ConditionalFeature.SCENE3D))
                .as("JavaFX 3-D (run under Xvfb with -Dxvfb, which sets -Dprism.forceGPU=true)").isTrue();
        robot.interact(() -> view.show(SpherePhantom.dataset(N, (N - 1) / 2.0, (N - 1) / 2.0, (N - 1) / 2.0, R, RAMP)));
        waitFor(() -> view.stateProperty().get() == IsosurfaceView.State.SHOWN);
        showSphereAt(robot, 0.5);

        WritableImage img = snapshot(robot);
        Screenshots.save(robot, view.subScene(), "isosurface-sphere.png");
        Screenshots.save(robot, "isosurface-view.png");

        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        Color centre = img.getPixelReader().getColor(w / 2, h / 2);
        double bg = luminance(IsosurfaceView.background());
        assertThat(luminance(centre)).as("centre pixel %s vs background", centre).isGreaterThan(bg + 0.25);
        double expected = expectedDiameter(h);
        assertThat((double) silhouette(img, true)).isCloseTo(expected, within(0.03 * expected));
        assertThat((double) silhouette(img, false)).isCloseTo(expected, within(0.03 * expected));
        // Shaded, not flat: the lit side (the light is up and left) is brighter than the far side.
        Color litSide = img.getPixelReader().getColor(w / 2 - (int) (0.3 * expected), h / 2 - (int) (0.3 * expected));
        Color farSide = img.getPixelReader().getColor(w / 2 + (int) (0.3 * expected), h / 2 + (int) (0.3 * expected));
        assertThat(luminance(litSide)).isGreaterThan(luminance(farSide) + 0.1);
    }

    @Test
    void higherThresholdShrinksTheSphereAndDragRotates(FxRobot robot) throws Exception {
        robot.interact(() -> view.show(SpherePhantom.dataset(N, (N - 1) / 2.0, (N - 1) / 2.0, (N - 1) / 2.0, R, RAMP)));
        waitFor(() -> view.stateProperty().get() == IsosurfaceView.State.SHOWN);
        showSphereAt(robot, 0.9);
        robot.drag(view.subScene()).moveBy(120, 40).drop();
        WaitForAsyncUtils.waitForFxEvents();

        WritableImage img = snapshot(robot);
        Screenshots.save(robot, view.subScene(), "isosurface-threshold-0.9.png");

        // The 0.9 level lies 0.4 ramp inside the sphere; a sphere looks the same however it is turned.
        double r = R - 0.4 * RAMP;
        double expected = expectedDiameter(img.getHeight()) * r / R;
        assertThat((double) silhouette(img, true)).isCloseTo(expected, within(0.04 * expected));
    }
}
