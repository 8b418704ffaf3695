package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beamlinestudio.app.StudioWindowTest.open;
import static org.beamlinestudio.app.StudioWindowTest.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import javafx.scene.control.TreeItem;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Node;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.viewer.NodeText;
import org.beamlinestudio.viewer.SliceView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The shell on real HDF5 files through core's reader: tooth.h5 from the shared data, and garbage. */
@ExtendWith(ApplicationExtension.class)
class RealFileTest {
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

    private FileTab openTooth(FxRobot robot) throws Exception {
        Path tooth = SharedData.require("tomography/real/tooth.h5");
        FileTab tab = open(robot, window, tooth);
        waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        return tab;
    }

    @Test
    void toothShowsItsTreeAndAProjection(FxRobot robot) throws Exception {
        FileTab tab = openTooth(robot);
        TreeItem<H5Node> data = tab.browser().find("/exchange/data");
        assertThat(data).isNotNull();
        H5DatasetInfo info = (H5DatasetInfo) data.getValue();
        assertThat(NodeText.shape(info)).isEqualTo("181×2×640");
        assertThat(NodeText.type(info)).isEqualTo("float32");
        assertThat(robot.lookup("181×2×640").tryQuery()).isPresent();
        assertThat(tab.browser().selectedNodeProperty().get().path()).isEqualTo("/exchange/data");

        Image img = tab.sliceView().imageProperty().get();
        assertThat(img.getWidth()).isEqualTo(640);
        assertThat(img.getHeight()).isEqualTo(2);
        Set<Integer> greys = new HashSet<>();
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 640; x++) {
                greys.add(img.getPixelReader().getArgb(x, y) & 0xFF);
            }
        }
        assertThat(greys).hasSizeGreaterThan(20).contains(0, 255);
        assertThat(tab.summaryText()).contains("tooth.h5").contains("/exchange/data").contains("181×2×640 float32");
        assertThat(tab.firstImageMillisProperty().get()).isGreaterThanOrEqualTo(0);
        assertThat(tab.errorText()).isEmpty();
    }

    @Test
    void searchingThetaShowsTheThetaNode(FxRobot robot) throws Exception {
        FileTab tab = openTooth(robot);
        robot.clickOn("#metadataSearch").write("theta");
        TreeItem<H5Node> theta = tab.browser().find("/exchange/theta");
        assertThat(theta).isNotNull();
        assertThat(theta.getParent().isExpanded()).isTrue();
        assertThat(tab.browser().tree().getRow(theta)).isPositive();
        assertThat(tab.browser().matchCountProperty().get()).isGreaterThanOrEqualTo(1);
        assertThat(tab.browser().matchText()).matches("\\d+ match(es)?");
        // /exchange/data matches too: its 'axes' attribute is "theta:y:x".
        assertThat(tab.browser().find("/exchange/data")).isNotNull();
        assertThat(tab.browser().matchCountProperty().get()).isGreaterThanOrEqualTo(2);
        assertThat(robot.lookup("#metadataMatches").queryLabeled().getText()).endsWith("matches");
        // A word nothing contains hides everything but the root.
        robot.interact(() -> tab.browser().setSearch("no-such-word"));
        assertThat(tab.browser().matchText()).isEqualTo("no match");
        assertThat(tab.browser().tree().getRoot().getChildren()).isEmpty();
    }

    @Test
    void aFileOfRandomBytesIsReportedAndToothStillOpens(FxRobot robot) throws Exception {
        Path bad = dir.resolve("random.h5");
        byte[] bytes = new byte[64 * 1024];
        new Random(7).nextBytes(bytes);
        Files.write(bad, bytes);
        FileTab badTab = open(robot, window, bad);
        waitFor(() -> badTab.phaseProperty().get() == FileTab.Phase.FAILED);
        assertThat(badTab.errorText()).contains("random.h5");
        assertThat(robot.lookup("#fileError").queryLabeled().getText()).contains("random.h5");

        Path empty = dir.resolve("empty.h5");
        Files.write(empty, new byte[0]);
        FileTab emptyTab = open(robot, window, empty);
        waitFor(() -> emptyTab.phaseProperty().get() == FileTab.Phase.FAILED);
        assertThat(emptyTab.errorText()).contains("empty.h5");

        FileTab tab = openTooth(robot);
        assertThat(tab.sliceView().imageProperty().get().getWidth()).isEqualTo(640);
        assertThat(badTab.phaseProperty().get()).isEqualTo(FileTab.Phase.FAILED);
        assertThat(window.fileTabs()).hasSize(3);
    }
}
