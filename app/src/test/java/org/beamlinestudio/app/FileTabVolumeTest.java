package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beamlinestudio.app.StudioWindowTest.open;
import static org.beamlinestudio.app.StudioWindowTest.waitFor;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.beamlinestudio.core.render.RenderedImage;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.viewer.SliceView;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.beamlinestudio.viewer.volume.VolumeView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A file tab's "Volume" layout ray-casts a real 3-D dataset (on the device the choice finds). */
@ExtendWith(ApplicationExtension.class)
class FileTabVolumeTest {
    @TempDir
    static Path dir;

    private final ExecutorService io = StudioApp.newIoExecutor();
    private StudioWindow window;

    @Start
    void start(Stage stage) {
        window = PlainWindows.open(stage, dir, Hdf5OpenedFile::open, io);
        stage.show();
    }

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    @Test
    void aVolumeDatasetCanBeShownAsAVolume(FxRobot robot) throws Exception {
        // Real I12 projections, 19 × 32 × 64 float32: small, but a genuine 3-D dataset from a beamline file.
        Path file = SharedData.require("tomography/real/savu_i12_lfov_pc2_projections.hdf");
        FileTab tab = open(robot, window, file);
        waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        robot.interact(() -> robot.lookup("#viewerLayout").queryComboBox().getSelectionModel()
                .select(FileTab.ViewerLayout.VOLUME));
        VolumeView view = tab.volumeView();
        assertThat(view).as("made when the layout is chosen").isNotNull();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.stateProperty().get() == VolumeView.State.AT_REST);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.getScene()).as("on screen").isNotNull();
        assertThat(tab.sliceView().getScene()).as("the slice view made room").isNull();
        RenderedImage img = view.shownImageProperty().get();
        int hit = 0;
        for (float v : img.values()) {
            if (!Float.isNaN(v)) {
                hit++;
            }
        }
        assertThat(hit).as("rays through the volume").isGreaterThan(img.values().length / 10);
        assertThat(robot.lookup("#volumeDevice").queryLabeled().getText()).doesNotContain("opening");
        Screenshots.save(robot, "file-tab-volume.png");

        robot.interact(() -> tab.setViewerLayout(FileTab.ViewerLayout.SINGLE_SLICE));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(tab.sliceView().getScene()).isNotNull();
        assertThat(view.getScene()).isNull();
    }
}
