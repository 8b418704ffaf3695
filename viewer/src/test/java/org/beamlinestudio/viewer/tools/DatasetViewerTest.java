package org.beamlinestudio.viewer.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.beamlinestudio.core.testing.InMemoryDataset;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.ortho.Plane;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class DatasetViewerTest {
    // (z, y, x) = (8, 24, 32); value = 1000 z + 10 y + x: a ramp along x in every XY plane.
    private static final int NZ = 8;
    private static final int NY = 24;
    private static final int NX = 32;

    @TempDir
    Path dir;

    private final ExecutorService io = Executors.newFixedThreadPool(2);
    private DatasetViewer viewer;

    @Start
    void start(Stage stage) {
        viewer = new DatasetViewer(io);
        stage.setScene(new Scene(viewer, 1240, 780));
        stage.show();
    }

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    private static InMemoryDataset volume() {
        float[] v = new float[NZ * NY * NX];
        for (int z = 0; z < NZ; z++) {
            for (int y = 0; y < NY; y++) {
                for (int x = 0; x < NX; x++) {
                    v[(z * NY + y) * NX + x] = 1000 * z + 10 * y + x;
                }
            }
        }
        return new InMemoryDataset(Path.of("/data/vol.h5"), "/exchange/data", new long[] {NZ, NY, NX}, v);
    }

    private static void waitFor(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private FloatImageView xy() {
        return viewer.ortho().view(Plane.XY);
    }

    private void showVolume(FxRobot robot) throws Exception {
        robot.interact(() -> viewer.show(volume()));
        waitFor(() -> xy().data() != null && viewer.ortho().view(Plane.XZ).data() != null
                && viewer.ortho().view(Plane.YZ).data() != null && viewer.ortho().windowProperty().get() != null);
    }

    /** Screen point of image pixel coordinates (x, y) of a view. */
    private static Point2D screen(FloatImageView v, double x, double y) {
        return v.overlay().localToScreen(x, y);
    }

    @Test
    void aFourDimensionalDatasetShowsTheChosenSubVolume(FxRobot robot) throws Exception {
        int n0 = 3, n1 = 6, n2 = 7, n3 = 9;
        float[] v = new float[n0 * n1 * n2 * n3];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        InMemoryDataset ds = new InMemoryDataset(Path.of("/data/t.h5"), "/entry/data", new long[] {n0, n1, n2, n3}, v);
        robot.interact(() -> viewer.show(ds));
        waitFor(() -> xy().data() != null);
        assertThat(viewer.slice4d().getParent().isVisible()).isTrue();
        assertThat(viewer.volumeProperty().get().shape()).containsExactly(n1, n2, n3);
        // Crosshair at the centre (z = 3): the XY plane of sub-volume 0.
        assertThat(xy().data()[0]).isEqualTo(3 * n2 * n3);

        robot.interact(() -> viewer.slice4d().getValueFactory().setValue(2));
        waitFor(() -> xy().data() != null && xy().data()[0] >= 2 * n1 * n2 * n3);
        assertThat(viewer.volumeProperty().get().path()).isEqualTo("/entry/data[2]");
        float[] d = xy().data();
        assertThat(xy().imageWidth()).isEqualTo(n3);
        assertThat(xy().imageHeight()).isEqualTo(n2);
        for (int y = 0; y < n2; y++) {
            for (int x = 0; x < n3; x++) {
                assertThat(d[y * n3 + x]).isEqualTo(((2 * n1 + 3) * n2 + y) * n3 + x);
            }
        }
        Screenshots.save(robot, viewer, "viewer-4d.png");
    }

    @Test
    void rankTwoShowsOneViewAndRankFiveAMessage(FxRobot robot) throws Exception {
        float[] img = new float[12 * 20];
        for (int i = 0; i < img.length; i++) {
            img[i] = i;
        }
        robot.interact(() -> viewer.show(new InMemoryDataset(Path.of("/data/i.h5"), "/img", new long[] {12, 20},
                img)));
        waitFor(() -> xy().data() != null);
        assertThat(viewer.ortho().layoutPlane()).isEqualTo(Plane.XY);
        assertThat(xy().imageWidth()).isEqualTo(20);
        assertThat(xy().imageHeight()).isEqualTo(12);
        assertThat(xy().data()).containsExactly(img);
        assertThat(viewer.ortho().view(Plane.XZ).getScene()).isNull();
        assertThat(viewer.slice4d().getParent().isVisible()).isFalse();

        // A volume after the image gets its three views back.
        robot.interact(() -> viewer.show(volume()));
        waitFor(() -> viewer.ortho().view(Plane.XZ).data() != null && viewer.ortho().view(Plane.XZ).getScene() != null);
        assertThat(viewer.ortho().layoutPlane()).isNull();

        robot.interact(() -> viewer.show(new InMemoryDataset(Path.of("/data/f.h5"), "/five",
                new long[] {2, 2, 2, 2, 2}, new float[32])));
        assertThat(viewer.message()).contains("/five").contains("f.h5").contains("5 dimensions")
                .contains("4-D");
        assertThat(robot.lookup("#viewerMessage").query().isVisible()).isTrue();
    }

    @Test
    void aLineDrawnAcrossTheRampProfilesIt(FxRobot robot) throws Exception {
        showVolume(robot);
        robot.interact(() -> viewer.setPixelSize(0.5, "µm"));
        robot.clickOn("#lineProfileDraw");
        // Drag along row y = 5 of the XY plane (z = 4) from pixel centre x = 2 to x = 22.
        Point2D a = screen(xy(), 2.5, 5.5);
        Point2D b = screen(xy(), 22.5, 5.5);
        robot.moveTo(a).press(MouseButton.PRIMARY).moveTo(b).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        // The crosshair did not move: the drag went to the tool.
        assertThat(viewer.ortho().crosshairProperty().get().x()).isEqualTo(NX / 2);
        LineProfile p = viewer.lineProfile().profileProperty().get();
        assertThat(p).isNotNull();
        LineProfileTool.Segment s = viewer.lineProfile().segmentProperty().get();
        assertThat(s.y0()).isCloseTo(5.5, within(0.5));
        assertThat(s.x1() - s.x0()).isCloseTo(20, within(0.6));
        // Along a row the values are the ramp: 4000 + 10·5 + x, x the sample's position.
        for (int i = 0; i < p.values().length; i++) {
            double x = s.x0() + p.distance()[i] * (s.x1() - s.x0()) / Math.hypot(s.x1() - s.x0(), s.y1() - s.y0());
            double y = s.y0() + p.distance()[i] * (s.y1() - s.y0()) / Math.hypot(s.x1() - s.x0(), s.y1() - s.y0());
            assertThat(p.values()[i]).isCloseTo(4000 + 10 * (y - 0.5) + (x - 0.5), within(1e-3));
        }
        // Exact placement gives exact values and physical distances.
        robot.interact(() -> viewer.lineProfile().setLine(xy(), 2.5, 5.5, 22.5, 5.5));
        p = viewer.lineProfile().profileProperty().get();
        assertThat(p.values()).hasSize(21);
        for (int i = 0; i <= 20; i++) {
            assertThat(p.values()[i]).isCloseTo(4050 + 2 + i, within(1e-3));
        }
        assertThat(viewer.lineProfile().plot().series().get(0).x()[20]).isCloseTo(10.0, within(1e-9));
        assertThat(viewer.lineProfile().plot().xLabel()).contains("µm");
        Path csv = dir.resolve("profile.csv");
        robot.interact(() -> {
            try {
                viewer.lineProfile().saveCsv(csv);
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
        });
        var rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("index,distance_px,distance_µm,value");
        assertThat(rows).hasSize(22);
        assertThat(rows.get(21)).isEqualTo("20,20.0,10.0,4072.0");
        // Another slice: the same line now reads that slice.
        robot.interact(() -> viewer.ortho().setCrosshair(6, NY / 2, NX / 2));
        waitFor(() -> xy().data()[0] == 6000);
        assertThat(viewer.lineProfile().profileProperty().get().values()[0]).isCloseTo(6052, within(1e-3));
        Screenshots.save(robot, viewer, "viewer-line-profile.png");
    }

    @Test
    void roiStatisticsFollowTheRegionAndTheSlice(FxRobot robot) throws Exception {
        showVolume(robot);
        robot.interact(() -> viewer.setPixelSize(2, "µm"));
        robot.clickOn("#roiDraw");
        // Draw by dragging, then check the region follows the mouse to within a pixel.
        robot.moveTo(screen(xy(), 4, 3)).press(MouseButton.PRIMARY).moveTo(screen(xy(), 14, 11))
                .release(MouseButton.PRIMARY);
        waitFor(() -> viewer.roiStats().statisticsProperty().get() != null);
        RoiStatsTool.Region r = viewer.roiStats().regionProperty().get();
        assertThat(r.x0()).isCloseTo(4, within(0.5));
        assertThat(r.y1()).isCloseTo(11, within(0.5));
        // Drag inside: the region moves by the drag.
        robot.moveTo(screen(xy(), 9, 7)).press(MouseButton.PRIMARY).moveTo(screen(xy(), 15, 9))
                .release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        RoiStatsTool.Region moved = viewer.roiStats().regionProperty().get();
        assertThat(moved.x0() - r.x0()).isCloseTo(6, within(0.5));
        assertThat(moved.y0() - r.y0()).isCloseTo(2, within(0.5));
        assertThat(moved.x1() - moved.x0()).isCloseTo(r.x1() - r.x0(), within(1e-9));
        // Drag the bottom-right corner: the region grows, the top-left stays.
        robot.moveTo(screen(xy(), moved.x1(), moved.y1())).press(MouseButton.PRIMARY)
                .moveTo(screen(xy(), moved.x1() + 3, moved.y1() + 2)).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        RoiStatsTool.Region grown = viewer.roiStats().regionProperty().get();
        assertThat(grown.x0()).isCloseTo(moved.x0(), within(1e-9));
        assertThat(grown.x1() - moved.x1()).isCloseTo(3, within(0.5));

        // An exact rectangle over x 4..13, y 2..7 of slice z = 4: 60 pixels, mean 4000 + 10·4.5 + 8.5.
        robot.interact(() -> viewer.roiStats().setRegion(xy(), RoiStatistics.Shape.RECTANGLE, 4, 2, 14, 8));
        waitFor(() -> viewer.roiStats().statisticsProperty().get() != null
                && viewer.roiStats().statisticsProperty().get().area() == 60);
        RoiStatistics s = viewer.roiStats().statisticsProperty().get();
        assertThat(s.mean()).isCloseTo(4053.5, within(1e-6));
        assertThat(s.min()).isEqualTo(4024);
        assertThat(s.max()).isEqualTo(4083);
        assertThat(robot.lookup("#roiArea").queryLabeled().getText()).isEqualTo("60 px");
        assertThat(robot.lookup("#roiAreaPhysical").queryLabeled().getText()).isEqualTo("240.000 µm²");
        assertThat(robot.lookup("#roiMean").queryLabeled().getText()).isEqualTo("4053.50");
        // The ellipse in the same box.
        robot.interact(() -> viewer.roiStats().roiShapeProperty().set(RoiStatistics.Shape.ELLIPSE));
        waitFor(() -> viewer.roiStats().statisticsProperty().get().area() < 60);
        RoiStatistics e = viewer.roiStats().statisticsProperty().get();
        assertThat(e.area()).isEqualTo(RoiStatistics.of(xy().data(), NX, NY, RoiStatistics.Shape.ELLIPSE, 4, 2, 14, 8)
                .area());
        assertThat(e.mean()).isCloseTo(4053.5, within(1e-6)); // symmetric about the box's centre
        // Live on another slice.
        robot.interact(() -> viewer.ortho().setCrosshair(1, NY / 2, NX / 2));
        waitFor(() -> viewer.roiStats().statisticsProperty().get().mean() < 2000);
        assertThat(viewer.roiStats().statisticsProperty().get().mean()).isCloseTo(1053.5, within(1e-6));
        Screenshots.save(robot, viewer, "viewer-roi.png");
    }

    @Test
    void snapshotWritesTheViewsAndColourBarAsPng(FxRobot robot) throws Exception {
        showVolume(robot);
        robot.interact(() -> viewer.histogram().windowProperty().set(new FloatImageView.Window(4000, 4100)));
        WaitForAsyncUtils.waitForFxEvents();
        Path png = dir.resolve("snap.png");
        Snapshot.Picture[] expected = new Snapshot.Picture[1];
        Point2D[] centre = new Point2D[1];
        @SuppressWarnings("unchecked")
        java.util.concurrent.CompletableFuture<Path>[] saving = new java.util.concurrent.CompletableFuture[1];
        robot.interact(() -> {
            expected[0] = Snapshot.capture(java.util.List.of(viewer.ortho().viewsPane(), viewer.colorbar()));
            Point2D sc = xy().overlay().localToScene(10.5, 3.5);
            centre[0] = viewer.ortho().viewsPane().sceneToLocal(sc);
            saving[0] = viewer.saveSnapshot(png);
        });
        Path written = saving[0].get(5, TimeUnit.SECONDS);
        assertThat(written).isEqualTo(png);
        assertThat(Files.list(dir).filter(f -> f.getFileName().toString().endsWith(".partial"))).isEmpty();
        BufferedImage img = ImageIO.read(png.toFile());
        double paneW = viewer.ortho().viewsPane().getWidth();
        double barW = viewer.colorbar().getWidth();
        assertThat(img.getWidth()).isEqualTo(expected[0].width()).isCloseTo((int) Math.round(paneW + barW),
                within(2));
        assertThat(img.getHeight()).isEqualTo(expected[0].height());
        // The XY pixel (10, 3) of z = 4 holds 4040: grey round(255·40/100) = 102 under the window 4000…4100.
        int x = (int) Math.floor(centre[0].getX());
        int y = (int) Math.floor(centre[0].getY());
        // The file holds exactly what was on screen.
        for (int j = 0; j < img.getHeight(); j++) {
            for (int i = 0; i < img.getWidth(); i++) {
                if (img.getRGB(i, j) != expected[0].argb()[j * expected[0].width() + i]) {
                    throw new AssertionError("PNG pixel " + i + "," + j + " differs from the screen");
                }
            }
        }
        // Under the window 4000…4100 the XY pixel (10, 3) of z = 4 (value 4040) is grey round(255·0.4) = 102.
        // Monocle's software pipeline filters magnified images bilinearly (the desktop pipelines honour
        // smooth = false), so the screen pixel nearest the image pixel's centre may be off by a grey level or two.
        int grey = img.getRGB(x, y) & 0xFF;
        assertThat(grey).isCloseTo(102, within(3));
        assertThat(img.getRGB(x, y) >>> 8 & 0xFFFF).isEqualTo(grey << 8 | grey);
        assertThat(102).isEqualTo((int) Math.round(255 * 40 / 100.0));
        Screenshots.save(robot, viewer, "viewer-snapshot-window.png");
        Files.copy(png, Path.of("target", "screenshots", "viewer-snapshot-file.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theHistogramDrivesAllThreeViews(FxRobot robot) throws Exception {
        showVolume(robot);
        robot.interact(() -> {
            viewer.histogram().windowProperty().set(new FloatImageView.Window(0, 8000));
            viewer.histogram().colormapProperty().set("viridis");
        });
        assertThat(viewer.ortho().windowProperty().get()).isEqualTo(new FloatImageView.Window(0, 8000));
        for (Plane p : Plane.values()) {
            FloatImageView v = viewer.ortho().view(p);
            assertThat(v.colormapProperty().get()).isEqualTo("viridis");
            assertThat(v.shownWindowProperty().get()).isEqualTo(new FloatImageView.Window(0, 8000));
        }
        // Histogram of the three planes: XY 24×32 + XZ 8×32 + YZ 8×24.
        waitFor(() -> viewer.histogram().histogramProperty().get() != null
                && viewer.histogram().histogramProperty().get().total() == 24 * 32 + 8 * 32 + 8 * 24);
        Screenshots.save(robot, viewer, "viewer-ortho-viridis.png");
        // Log scale from the panel reaches the three views; the window 0…8000 reaches 0, so it is re-set.
        robot.clickOn("#histogramLog");
        waitFor(() -> viewer.ortho().windowProperty().get().lo() > 0);
        for (Plane p : Plane.values()) {
            assertThat(viewer.ortho().view(p).logScaleProperty().get()).as(p.name()).isTrue();
        }
        assertThat(viewer.colorbar().logScaleProperty().get()).isTrue();
    }
}
