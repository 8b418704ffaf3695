package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.beamlinestudio.app.StudioWindowTest.open;
import static org.beamlinestudio.app.StudioWindowTest.waitFor;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import javafx.stage.Stage;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.SliceView;
import org.beamlinestudio.viewer.ortho.Plane;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.beamlinestudio.viewer.tools.DatasetViewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The file tab's orthogonal layout, with the viewer's tools, on real files from the shared data. */
@ExtendWith(ApplicationExtension.class)
class FileTabViewerTest {
    @TempDir
    static Path dir;

    private final ExecutorService io = StudioApp.newIoExecutor();
    private StudioWindow window;

    @Start
    void start(Stage stage) {
        window = PlainWindows.open(stage, dir, Hdf5OpenedFile::open, io);
        stage.setWidth(1260);
        stage.setHeight(790);
        stage.show();
    }

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    @Test
    void syntheticProjectionsInTheOrthogonalLayout(FxRobot robot) throws Exception {
        Path file = SharedData.require("tomography/synthetic/synth_dx.h5");
        FileTab tab = open(robot, window, file);
        waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        assertThat(tab.viewerLayout()).isEqualTo(FileTab.ViewerLayout.SINGLE_SLICE);

        robot.interact(() -> robot.lookup("#viewerLayout").queryComboBox().getSelectionModel()
                .select(FileTab.ViewerLayout.ORTHOGONAL));
        DatasetViewer viewer = tab.datasetViewer();
        waitFor(() -> viewer.ortho().view(Plane.XY).data() != null && viewer.ortho().view(Plane.XZ).data() != null
                && viewer.ortho().view(Plane.YZ).data() != null && viewer.histogram().histogramProperty().get() != null);
        assertThat(robot.lookup("#datasetViewer").tryQuery()).isPresent();
        for (String id : new String[] {"#histogram", "#lineProfile", "#roiStats", "#snapshot", "#colorbar"}) {
            assertThat(robot.lookup(id).tryQuery()).as(id).isPresent();
        }
        assertThat(viewer.datasetProperty().get().path()).isEqualTo("/exchange/data");
        // /exchange/data is 361 angles × 16 rows × 256 columns; the crosshair starts at its centre (180, 8, 128).
        FloatImageView xy = viewer.ortho().view(Plane.XY);
        FloatImageView xz = viewer.ortho().view(Plane.XZ);
        FloatImageView yz = viewer.ortho().view(Plane.YZ);
        assertThat(new int[] {xy.imageWidth(), xy.imageHeight()}).containsExactly(256, 16);
        assertThat(new int[] {xz.imageWidth(), xz.imageHeight()}).containsExactly(256, 361);
        assertThat(new int[] {yz.imageWidth(), yz.imageHeight()}).containsExactly(16, 361);
        try (Hdf5File h5 = Hdf5File.open(file)) {
            LazyDataset ds = h5.dataset("/exchange/data");
            assertThat(xy.data()).containsExactly(ds.readFloats(new long[] {180, 0, 0}, new int[] {1, 16, 256}));
            assertThat(yz.data()).containsExactly(ds.readFloats(new long[] {0, 0, 128}, new int[] {361, 16, 1}));
        }
        // The histogram counts the three planes; the window is the XY plane's 0.5–99.5 % percentiles.
        assertThat(viewer.histogram().histogramProperty().get().total()).isEqualTo(256 * 16 + 256 * 361 + 16 * 361);
        FloatImageView.Window w = viewer.ortho().windowProperty().get();
        assertThat(w.hi()).isGreaterThan(w.lo());
        // A line across the middle row of the projection at angle 180.
        robot.interact(() -> viewer.lineProfile().setLine(xy, 0.5, 8.5, 255.5, 8.5));
        assertThat(viewer.lineProfile().profileProperty().get().values()).hasSize(256);
        assertThat(viewer.lineProfile().profileProperty().get().values()[100])
                .isCloseTo(xy.data()[8 * 256 + 100], within(1e-4));
        assertThat(tab.pixelSizeText()).isEmpty(); // this file states no pixel size
        assertThat(tab.errorText()).isEmpty();
        Screenshots.save(robot, "filetab-orthogonal.png");

        // Back to today's single slice view.
        robot.interact(() -> tab.setViewerLayout(FileTab.ViewerLayout.SINGLE_SLICE));
        waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        assertThat(tab.sliceView().getScene()).isNotNull();
        assertThat(viewer.getScene()).isNull();
    }

    @Test
    void aNexusPixelSizeReachesTheViewer(FxRobot robot) throws Exception {
        Path file = SharedData.require("tomography/synthetic/synth_nxtomo.nxs");
        FileTab tab = open(robot, window, file);
        waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        waitFor(() -> !tab.pixelSizeText().isEmpty());
        assertThat(tab.pixelSizeText()).contains("/entry/instrument/detector/x_pixel_size");
        robot.interact(() -> tab.setViewerLayout(FileTab.ViewerLayout.ORTHOGONAL));
        DatasetViewer viewer = tab.datasetViewer();
        waitFor(() -> viewer.ortho().view(Plane.XY).data() != null);
        robot.interact(() -> viewer.roiStats().setRegion(viewer.ortho().view(Plane.XY),
                org.beamlinestudio.viewer.tools.RoiStatistics.Shape.RECTANGLE, 0, 0, 10, 10));
        waitFor(() -> viewer.roiStats().statisticsProperty().get() != null);
        assertThat(robot.lookup("#roiAreaPhysical").queryLabeled().getText()).isNotEmpty();
        Screenshots.save(robot, "filetab-orthogonal-nexus.png");
    }
}
