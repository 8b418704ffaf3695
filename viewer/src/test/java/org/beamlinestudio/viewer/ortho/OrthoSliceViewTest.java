package org.beamlinestudio.viewer.ortho;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.beamlinestudio.core.testing.InMemoryDataset;
import org.beamlinestudio.viewer.FloatImageView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class OrthoSliceViewTest {
    // Axes (z, y, x) = (8, 10, 12): every plane has a different size, so a swapped axis shows.
    private static final int NZ = 8;
    private static final int NY = 10;
    private static final int NX = 12;

    private final ExecutorService reader = Executors.newSingleThreadExecutor();
    private OrthoSliceView ortho;
    private InMemoryDataset volume;

    @Start
    void start(Stage stage) {
        ortho = new OrthoSliceView(reader);
        stage.setScene(new Scene(ortho, 900, 700));
        stage.show();
    }

    @AfterEach
    void stop() {
        reader.shutdownNow();
    }

    private static float v(long z, long y, long x) {
        return 10000f * z + 100f * y + x;
    }

    private void showVolume(FxRobot robot) {
        volume = InMemoryDataset.indexed(Path.of("/data/vol.h5"), "/exchange/data", NZ, NY, NX);
        robot.interact(() -> ortho.show(volume));
    }

    private static void waitFor(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** True when the plane's view shows exactly the plane through (z, y, x). */
    private boolean shows(Plane plane, long z, long y, long x) {
        FloatImageView view = ortho.view(plane);
        float[] d = view.data();
        if (d == null) {
            return false;
        }
        long[] at = {z, y, x};
        int cols = plane == Plane.YZ ? NY : NX;
        int rows = plane == Plane.XY ? NY : NZ;
        if (view.imageWidth() != cols || view.imageHeight() != rows) {
            return false;
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                long[] p = at.clone();
                p[plane.columnAxis()] = c;
                p[plane.rowAxis()] = r;
                if (d[r * cols + c] != v(p[0], p[1], p[2])) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void setCrosshairShowsThePlanesThroughThatPoint(FxRobot robot) throws Exception {
        showVolume(robot);
        waitFor(() -> shows(Plane.XY, NZ / 2, 0, 0));
        robot.interact(() -> ortho.setCrosshair(3, 5, 7));
        waitFor(() -> shows(Plane.XY, 3, 0, 0) && shows(Plane.XZ, 0, 5, 0) && shows(Plane.YZ, 0, 0, 7));
        assertThat(ortho.crosshairProperty().get()).isEqualTo(new OrthoSliceView.Crosshair(3, 5, 7));
        // Spot values a scientist would read: XZ row z=2, column x=9 is voxel (2, 5, 9); YZ row z=6, column y=1.
        assertThat(ortho.view(Plane.XZ).data()[2 * NX + 9]).isEqualTo(20509f);
        assertThat(ortho.view(Plane.YZ).data()[6 * NY + 1]).isEqualTo(60107f);
        assertThat(ortho.view(Plane.XY).caption()).contains("z = 3");
    }

    @Test
    void clickingInXyMovesTheCrosshairAndTheOtherViewsFollow(FxRobot robot) throws Exception {
        showVolume(robot);
        robot.interact(() -> ortho.setCrosshair(3, 5, 7));
        waitFor(() -> shows(Plane.XY, 3, 0, 0) && shows(Plane.XZ, 0, 5, 0) && shows(Plane.YZ, 0, 0, 7));

        robot.clickOn(screenPointOf(robot, Plane.XY, 2, 4));
        waitFor(() -> new OrthoSliceView.Crosshair(3, 4, 2).equals(ortho.crosshairProperty().get()));
        waitFor(() -> shows(Plane.XZ, 0, 4, 0) && shows(Plane.YZ, 0, 0, 2));
        assertThat(shows(Plane.XY, 3, 0, 0)).as("the XY plane stays at z = 3").isTrue();

        // Clicking in YZ at (column y = 8, row z = 6) moves z and y, keeps x = 2: XY re-reads slice 6.
        robot.clickOn(screenPointOf(robot, Plane.YZ, 8, 6));
        waitFor(() -> new OrthoSliceView.Crosshair(6, 8, 2).equals(ortho.crosshairProperty().get()));
        waitFor(() -> shows(Plane.XY, 6, 0, 0) && shows(Plane.XZ, 0, 8, 0));
    }

    @Test
    void readoutNamesIndicesValueAndPhysicalPosition(FxRobot robot) throws Exception {
        showVolume(robot);
        robot.interact(() -> {
            ortho.setPixelSize(0.65, "µm");
            ortho.setCrosshair(3, 5, 7);
        });
        waitFor(() -> shows(Plane.XY, 3, 0, 0) && shows(Plane.XZ, 0, 5, 0) && shows(Plane.YZ, 0, 0, 7));
        robot.moveTo(screenPointOf(robot, Plane.XY, 2, 4));
        waitFor(() -> ortho.readoutProperty().get().contains("30402"));
        String text = ortho.readoutProperty().get();
        assertThat(text).contains("z 3, y 4, x 2").contains("30402");
        // Physical position: 3 × 0.65 = 1.95, 4 × 0.65 = 2.6, 2 × 0.65 = 1.3 µm.
        assertThat(text).contains("(z 1.95 µm, y 2.6 µm, x 1.3 µm)");
        robot.interact(() -> ortho.setPixelSize(Double.NaN, null));
        robot.moveTo(screenPointOf(robot, Plane.XZ, 9, 2));
        waitFor(() -> ortho.readoutProperty().get().contains("20509"));
        assertThat(ortho.readoutProperty().get()).doesNotContain("µm");
    }

    @Test
    void aWindowChangeRemapsAllThreeViewsAndTheyShareIt(FxRobot robot) throws Exception {
        showVolume(robot);
        robot.interact(() -> ortho.setCrosshair(3, 5, 7));
        waitFor(() -> shows(Plane.XY, 3, 0, 0) && shows(Plane.XZ, 0, 5, 0) && shows(Plane.YZ, 0, 0, 7));
        // Voxel (3, 5, 7) = 30507 is in all three planes: XY (x 7, y 5), XZ (x 7, z 3), YZ (y 5, z 3).
        robot.interact(() -> ortho.windowProperty().set(new FloatImageView.Window(0, 80000)));
        int[] grey = pixelsAtCrosshairVoxel();
        int expected = Math.round(30507f / 80000 * 255);
        for (int g : grey) {
            assertThat(g & 0xFF).isEqualTo(expected);
        }
        robot.interact(() -> ortho.windowProperty().set(new FloatImageView.Window(30000, 31000)));
        int expectedNarrow = Math.round(507f / 1000 * 255);
        for (int g : pixelsAtCrosshairVoxel()) {
            assertThat(g & 0xFF).isEqualTo(expectedNarrow);
        }
        robot.interact(() -> ortho.colormapProperty().set("viridis"));
        for (Plane p : Plane.values()) {
            assertThat(ortho.view(p).colormapProperty().get()).isEqualTo("viridis");
        }
    }

    @Test
    void layoutChooserShowsOneViewOrAllThree(FxRobot robot) throws Exception {
        showVolume(robot);
        waitFor(() -> ortho.view(Plane.XY).data() != null);
        robot.interact(() -> robot.lookup("#orthoLayout").queryComboBox().setValue("XZ"));
        assertThat(robot.lookup("#orthoXZ").tryQuery()).isPresent();
        assertThat(ortho.lookup("#orthoXY")).isNull();
        robot.interact(() -> robot.lookup("#orthoLayout").queryComboBox().setValue("XY + XZ + YZ"));
        assertThat(ortho.lookup("#orthoXY")).isNotNull();
        assertThat(ortho.lookup("#orthoYZ")).isNotNull();
    }

    /** The rendered ARGB of voxel (3, 5, 7) in XY, XZ and YZ. */
    private int[] pixelsAtCrosshairVoxel() {
        return new int[] {
            ortho.view(Plane.XY).imageProperty().get().getPixelReader().getArgb(7, 5),
            ortho.view(Plane.XZ).imageProperty().get().getPixelReader().getArgb(7, 3),
            ortho.view(Plane.YZ).imageProperty().get().getPixelReader().getArgb(5, 3),
        };
    }

    private Point2D screenPointOf(FxRobot robot, Plane plane, int col, int row) {
        Point2D[] p = new Point2D[1];
        robot.interact(() -> p[0] = ortho.view(plane).overlay().localToScreen(col + 0.5, row + 0.5));
        return p[0];
    }
}
