package org.beamlinestudio.viewer.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.beamlinestudio.core.render.Camera;
import org.beamlinestudio.core.render.JavaVolumeRenderer;
import org.beamlinestudio.core.render.OpacityPoint;
import org.beamlinestudio.core.render.RenderMode;
import org.beamlinestudio.core.render.RenderedImage;
import org.beamlinestudio.core.render.TransferFunction;
import org.beamlinestudio.core.testing.InMemoryDataset;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The volume view in a real window: rotate by drag, mode, clip sliders, transfer function editing. */
@ExtendWith(ApplicationExtension.class)
class VolumeViewTest {

    private final ExecutorService io = Executors.newFixedThreadPool(2);
    private final JavaVolumeRenderer renderer = new JavaVolumeRenderer(2);
    private VolumeView view;

    @Start
    void start(Stage stage) {
        view = new VolumeView(io, renderer, 64L << 20);
        stage.setScene(new Scene(view, 980, 640));
        stage.show();
    }

    @AfterEach
    void stop() {
        view.close();
        renderer.close();
        io.shutdownNow();
    }

    /**
     * 48 × 56 × 64 (z, y, x): a dim slab-shaped body (100) with a bright ball (1000, radius 8) near
     * the back (z = 36) and off to the right, and a medium bar (500) along x near the front: a
     * shape whose projection changes with every rotation.
     */
    static InMemoryDataset scene() {
        int nz = 48;
        int ny = 56;
        int nx = 64;
        float[] v = new float[nz * ny * nx];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    float val = 0;
                    if (z > 6 && z < 42 && y > 8 && y < 48 && x > 4 && x < 60) {
                        val = 100;
                    }
                    if (z >= 10 && z < 14 && y >= 20 && y < 26 && x >= 8 && x < 56) {
                        val = 500;
                    }
                    double d = Math.sqrt(Math.pow(z - 36, 2) + Math.pow(y - 30, 2) + Math.pow(x - 44, 2));
                    if (d < 8) {
                        val = 1000;
                    }
                    v[(z * ny + y) * nx + x] = val;
                }
            }
        }
        return new InMemoryDataset(Path.of("/data/scene.h5"), "/exchange/data", new long[] {nz, ny, nx}, v);
    }

    private void showAndWait(FxRobot robot) throws Exception {
        robot.interact(() -> view.show(scene()));
        awaitRest();
    }

    private void awaitRest() throws Exception {
        WaitForAsyncUtils.sleep(VolumeView.REST_DELAY_MS + 100, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.stateProperty().get() == VolumeView.State.AT_REST);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static int differingPixels(RenderedImage a, RenderedImage b) {
        int n = 0;
        for (int i = 0; i < Math.min(a.argb().length, b.argb().length); i++) {
            if (a.argb()[i] != b.argb()[i]) {
                n++;
            }
        }
        return n;
    }

    @Test
    void draggingRotatesTheCameraAndChangesTheImage(FxRobot robot) throws Exception {
        showAndWait(robot);
        RenderedImage before = view.shownImageProperty().get();
        assertThat(before.width()).as("full-size image at rest").isGreaterThan(500);
        assertThat(robot.lookup("#volumeDevice").queryAs(Label.class).getText()).contains("Plain Java");
        Screenshots.save(robot, view, "volume-view-mip-front.png");

        Point2D centre = robot.lookup("#volumeImage").query().localToScreen(300, 300);
        robot.moveTo(centre).press(MouseButton.PRIMARY).moveBy(40, 0).moveBy(40, 10).moveBy(40, 10)
                .release(MouseButton.PRIMARY);
        awaitRest();
        Camera cam = view.cameraProperty().get();
        assertThat(cam.yawDegrees()).as("yaw after a 120 px drag to the right").isGreaterThan(20);
        assertThat(cam.pitchDegrees()).isGreaterThan(2);
        RenderedImage after = view.shownImageProperty().get();
        assertThat(after.width()).isEqualTo(before.width());
        assertThat(differingPixels(before, after)).as("pixels changed by the rotation")
                .isGreaterThan(before.argb().length / 10);
        assertThat(view.statusText()).contains("level 0");
        Screenshots.save(robot, view, "volume-view-mip-rotated.png");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shadedDvrWithAColormapAndTheBrightPresetShowsTheBall(FxRobot robot) throws Exception {
        showAndWait(robot);
        robot.interact(() -> {
            view.cameraProperty().set(new Camera(35, 25, 1.3, 0, 0));
            robot.lookup("#volumePerspective").queryAs(javafx.scene.control.CheckBox.class).setSelected(true);
            ((ChoiceBox<RenderMode>) robot.lookup("#volumeMode").queryAs(ChoiceBox.class)).setValue(RenderMode.SHADED);
            ((ChoiceBox<String>) robot.lookup("#volumeColormap").queryAs(ChoiceBox.class)).setValue("inferno");
            ((ChoiceBox<TransferFunction.Preset>) robot.lookup("#volumePreset").queryAs(ChoiceBox.class))
                    .setValue(TransferFunction.Preset.BRIGHT);
        });
        awaitRest();
        RenderedImage img = view.shownImageProperty().get();
        float maxOpacity = 0;
        int opaque = 0;
        for (float a : img.values()) {
            maxOpacity = Math.max(maxOpacity, a);
            if (a > 0.5f) {
                opaque++;
            }
        }
        // Only the ball (1000) is above the preset's half window: a compact opaque disc, not the whole body.
        assertThat(maxOpacity).isGreaterThan(0.9f);
        assertThat(opaque).isBetween(200, img.values().length / 4);
        assertThat(view.cameraProperty().get().perspective()).isTrue();
        Screenshots.save(robot, view, "volume-view-dvr.png");
    }

    @Test
    void theZClipSliderRemovesTheBallBehindTheMiddle(FxRobot robot) throws Exception {
        showAndWait(robot);
        assertThat(maxValue(view.shownImageProperty().get())).isGreaterThan(900f);
        robot.interact(() -> robot.lookup("#clipZMax").queryAs(Slider.class).setValue(0.5));
        awaitRest();
        // The ball sits at z = 28 … 44 of 48: clipped at z = 24 only the bar (500) and the body remain.
        assertThat(maxValue(view.shownImageProperty().get())).isBetween(450f, 510f);
        robot.interact(() -> robot.lookup("#clipZMin").queryAs(Slider.class).setValue(0.7));
        assertThat(robot.lookup("#clipZMax").queryAs(Slider.class).getValue()).as("max follows min").isEqualTo(0.7);
        robot.interact(() -> robot.lookup("#clipZMax").queryAs(Slider.class).setValue(1));
        awaitRest();
        assertThat(maxValue(view.shownImageProperty().get())).as("only the back: the ball again").isGreaterThan(900f);
        Screenshots.save(robot, view, "volume-view-clipped.png");
    }

    @Test
    void draggingAnOpacityPointChangesTheRamp(FxRobot robot) throws Exception {
        showAndWait(robot);
        TransferFunctionEditor editor = view.editor();
        TransferFunction before = view.transferFunctionProperty().get();
        OpacityPoint last = before.points().get(before.points().size() - 1);
        Point2D p = editor.localToScreen(editor.xOf(last.position()), editor.yOf(last.opacity()));
        robot.moveTo(p).press(MouseButton.PRIMARY).moveBy(-30, -20).moveBy(-10, -10).release(MouseButton.PRIMARY);
        TransferFunction after = view.transferFunctionProperty().get();
        OpacityPoint moved = after.points().get(after.points().size() - 1);
        assertThat(after.points()).hasSameSizeAs(before.points());
        assertThat(moved.opacity()).as("dragged up").isGreaterThan(last.opacity() + 0.1);
        assertThat(moved.position()).as("dragged left").isLessThan(last.position() - 0.05);
        awaitRest();
        Screenshots.save(robot, view, "volume-view-edited-ramp.png");
    }

    @Test
    void loadingCanBeCancelled(FxRobot robot) throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        InMemoryDataset inner = scene();
        // A dataset whose reads wait, like a slow network file system.
        org.beamlinestudio.core.data.LazyDataset slow = new org.beamlinestudio.core.data.LazyDataset() {
            @Override
            public Path file() {
                return inner.file();
            }

            @Override
            public String path() {
                return inner.path();
            }

            @Override
            public long[] shape() {
                return inner.shape();
            }

            @Override
            public org.beamlinestudio.core.data.ElementType elementType() {
                return inner.elementType();
            }

            @Override
            public long[] chunkShape() {
                return null;
            }

            @Override
            public float[] readFloats(long[] offset, int[] count) throws org.beamlinestudio.core.data.DataFileException {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return inner.readFloats(offset, count);
            }

            @Override
            public net.imglib2.RandomAccessibleInterval<net.imglib2.type.numeric.real.FloatType> asImg() {
                return inner.asImg();
            }
        };
        robot.interact(() -> view.show(slow));
        assertThat(view.stateProperty().get()).isEqualTo(VolumeView.State.LOADING);
        assertThat(robot.lookup("#volumeCancel").query().isVisible()).isTrue();
        robot.clickOn("#volumeCancel");
        release.countDown();
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.statusText()).contains("cancelled");
        assertThat(view.shownImageProperty().get()).as("nothing rendered from a cancelled load").isNull();
        assertThat(robot.lookup("#volumeCancel").query().isVisible()).isFalse();
    }

    @Test
    void aFlatDatasetGivesAMessageNamingIt(FxRobot robot) {
        InMemoryDataset flat = new InMemoryDataset(Path.of("/data/img.h5"), "/entry/image", new long[] {4, 5},
                new float[20]);
        robot.interact(() -> view.show(flat));
        assertThat(view.stateProperty().get()).isEqualTo(VolumeView.State.FAILED);
        assertThat(view.statusText()).contains("img.h5").contains("/entry/image").contains("3 axes");
    }

    private static float maxValue(RenderedImage img) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : img.values()) {
            if (v > m) {
                m = v;
            }
        }
        return m;
    }
}
