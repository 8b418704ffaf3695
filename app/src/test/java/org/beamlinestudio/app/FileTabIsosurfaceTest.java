package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beamlinestudio.app.StudioWindowTest.open;
import static org.beamlinestudio.app.StudioWindowTest.waitFor;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.beamlinestudio.core.testing.InMemoryDataset;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.viewer.SliceView;
import org.beamlinestudio.viewer.iso.Isosurface;
import org.beamlinestudio.viewer.iso.IsosurfaceView;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The file tab's "Isosurface" layout on a real file (headless: the mesh is checked, the 3-D drawing is not). */
@ExtendWith(ApplicationExtension.class)
class FileTabIsosurfaceTest {
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
    void projectionsStackAsAnIsosurfaceAndBack(FxRobot robot) throws Exception {
        Path file = SharedData.require("tomography/synthetic/synth_dx.h5");
        FileTab tab = open(robot, window, file);
        waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);

        robot.interact(() -> robot.lookup("#viewerLayout").queryComboBox().getSelectionModel()
                .select(FileTab.ViewerLayout.ISOSURFACE));
        IsosurfaceView view = tab.isosurface().view();
        waitFor(() -> view.stateProperty().get() == IsosurfaceView.State.SHOWN);

        assertThat(robot.lookup("#isosurfaceView").tryQuery()).isPresent();
        Isosurface s = view.isosurfaceProperty().get();
        // /exchange/data is 361 angles x 16 rows x 256 columns: small enough to mesh at full resolution.
        assertThat(s.levelFactor()).isEqualTo(1);
        assertThat(s.mesh().triangleCount()).isGreaterThan(100);
        float[] b = s.mesh().bounds();
        assertThat(b[3]).isLessThanOrEqualTo(255f);
        assertThat(b[4]).isLessThanOrEqualTo(15f);
        assertThat(b[5]).isLessThanOrEqualTo(360f);
        assertThat(robot.lookup("#isoTriangles").queryAs(Label.class).getText()).endsWith(" triangles");
        assertThat(tab.errorText()).isEmpty();
        // Headless this shows the controls round an empty 3-D area; under -Dxvfb (xvfb-run) the surface too.
        Screenshots.save(robot, "filetab-isosurface.png");

        robot.interact(() -> tab.setViewerLayout(FileTab.ViewerLayout.SINGLE_SLICE));
        waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        assertThat(view.getScene()).isNull();
    }

    @Test
    void anImageGetsAMessageNamingIt(FxRobot robot) {
        IsosurfaceLayout layout = new IsosurfaceLayout(io);
        InMemoryDataset image = new InMemoryDataset(Path.of("/data/scan.h5"), "/entry/image", new long[] {8, 8},
                new float[64]);

        Node[] shown = new Node[1];
        robot.interact(() -> shown[0] = layout.show(image));

        assertThat(shown[0]).isInstanceOf(Label.class);
        assertThat(((Label) shown[0]).getText()).contains("/entry/image").contains("scan.h5").contains("[8, 8]");
    }
}
