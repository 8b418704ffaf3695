package org.beamlinestudio.viewer.ortho;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.beamlinestudio.core.testing.ComputedDataset;
import org.beamlinestudio.core.testing.InMemoryDataset;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.beamlinestudio.viewer.FloatImageView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Zoom, pan, stale reads and the screenshot of a sphere phantom. */
@ExtendWith(ApplicationExtension.class)
class OrthoSliceViewInteractionTest {
    private final ExecutorService readers = Executors.newFixedThreadPool(2);
    private OrthoSliceView ortho;

    @Start
    void start(Stage stage) {
        ortho = new OrthoSliceView(readers);
        stage.setScene(new Scene(ortho, 900, 700));
        stage.show();
    }

    @AfterEach
    void stop() {
        readers.shutdownNow();
    }

    /** A 64 × 96 × 128 volume: a bright sphere (radius 24, centre (32, 48, 64)) in a dim gradient. */
    private static InMemoryDataset sphere() {
        int nz = 64;
        int ny = 96;
        int nx = 128;
        float[] v = new float[nz * ny * nx];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double r = Math.sqrt(Math.pow(z - 32, 2) + Math.pow(y - 48, 2) + Math.pow(x - 64, 2));
                    v[(z * ny + y) * nx + x] = (float) (r < 24 ? 1000 - 10 * r : x);
                }
            }
        }
        return new InMemoryDataset(Path.of("/data/sphere.h5"), "/exchange/data", new long[] {nz, ny, nx}, v);
    }

    private double scaleOf(Plane p) {
        return ortho.view(p).overlay().getLocalToSceneTransform().getMxx();
    }

    private Point2D screenPointOf(Plane plane, double col, double row) {
        Point2D[] p = new Point2D[1];
        WaitForAsyncUtils.waitForAsyncFx(2000, () -> p[0] = ortho.view(plane).overlay().localToScreen(col, row));
        return p[0];
    }

    @Test
    void wheelZoomsOnlyTheViewUnderTheMouseKeepingThePointUnderIt(FxRobot robot) throws Exception {
        robot.interact(() -> ortho.show(sphere()));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> ortho.view(Plane.XZ).data() != null
                && ortho.view(Plane.XY).data() != null && ortho.view(Plane.YZ).data() != null);
        WaitForAsyncUtils.waitForFxEvents();
        double xy = scaleOf(Plane.XY);
        double xz = scaleOf(Plane.XZ);
        Point2D target = screenPointOf(Plane.XY, 40.5, 30.5);
        robot.moveTo(target);
        // Three wheel notches up (deltaY > 0), fired as JavaFX delivers them: TestFX's scroll direction under
        // Monocle is the platform's, not JavaFX's.
        robot.interact(() -> {
            javafx.scene.Node cell = robot.lookup("#orthoXY").query();
            Point2D scene = cell.getScene().getRoot().screenToLocal(target);
            for (int i = 0; i < 3; i++) {
                javafx.event.Event.fireEvent(cell, new javafx.scene.input.ScrollEvent(
                        javafx.scene.input.ScrollEvent.SCROLL, scene.getX(), scene.getY(), target.getX(),
                        target.getY(), false, false, false, false, false, false, 0, 40, 0, 40,
                        javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                        javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        double zoomed = scaleOf(Plane.XY);
        assertThat(zoomed / xy).isGreaterThan(1.5);
        assertThat(scaleOf(Plane.XZ)).isEqualTo(xz);
        // The pixel under the mouse stays under it (to within a screen pixel).
        Point2D after = screenPointOf(Plane.XY, 40.5, 30.5);
        assertThat(after.distance(target)).isLessThan(1.5);

        // Shift drag pans by the drag distance and does not move the crosshair.
        OrthoSliceView.Crosshair before = ortho.crosshairProperty().get();
        robot.press(KeyCode.SHIFT);
        robot.drag(target, MouseButton.PRIMARY).moveBy(30, 20).release(MouseButton.PRIMARY);
        robot.release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        Point2D panned = screenPointOf(Plane.XY, 40.5, 30.5);
        assertThat(panned.getX() - target.getX()).isCloseTo(30, org.assertj.core.data.Offset.offset(2.0));
        assertThat(panned.getY() - target.getY()).isCloseTo(20, org.assertj.core.data.Offset.offset(2.0));
        assertThat(ortho.crosshairProperty().get()).isEqualTo(before);

        // Page Down over XY steps its slice (z) by one.
        robot.moveTo(panned);
        robot.type(KeyCode.PAGE_DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ortho.crosshairProperty().get().z()).isEqualTo(before.z() + 1);

        robot.interact(() -> {
            ortho.setPixelSize(0.65, "µm");
            ortho.colormapProperty().set("magma");
            ortho.windowProperty().set(new FloatImageView.Window(0, 1000));
            ortho.setCrosshair(32, 40, 70);
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> ortho.view(Plane.XZ).caption().contains("y = 40"));
        robot.moveTo(screenPointOf(Plane.YZ, 40.5, 30.5));
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(robot, ortho, "ortho.png");
    }

    @Test
    void aSlowStaleReadNeverReplacesTheLatestPlane(FxRobot robot) throws Exception {
        ComputedDataset volume = new ComputedDataset(6, 8, 10);
        robot.interact(() -> ortho.show(volume));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> ortho.view(Plane.XY).data() != null);
        volume.delayMsForIndex = z -> z == 1 ? 800 : 0; // only the XY read of z = 1 is slow
        robot.interact(() -> ortho.setCrosshair(1, 0, 0));
        Thread.sleep(100);
        robot.interact(() -> ortho.setCrosshair(2, 0, 0));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> ortho.view(Plane.XY).caption().contains("z = 2"));
        Thread.sleep(1200); // the slow read of z = 1 has finished by now
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ortho.view(Plane.XY).caption()).contains("z = 2");
        float[] d = ortho.view(Plane.XY).data();
        for (int i = 0; i < d.length; i++) {
            assertThat(d[i]).isEqualTo(ComputedDataset.value(2L * 8 * 10 + i));
        }
    }

    @Test
    void aVolumeOfTheWrongRankIsExplainedWithFileAndDataset(FxRobot robot) {
        robot.interact(() -> ortho.show(new ComputedDataset(20, 30)));
        assertThat(robot.lookup(".label").queryAllAs(javafx.scene.control.Label.class).stream()
                .map(javafx.scene.control.Label::getText)
                .filter(t -> t != null && t.contains("/entry/data") && t.contains("fake.h5") && t.contains("2 dimensions"))
                .count()).isEqualTo(3);
    }
}
