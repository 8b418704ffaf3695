package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.beamlinestudio.core.exec.slurm.ClusterProfile;
import org.beamlinestudio.core.exec.slurm.ClusterProfiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A scientist adds a cluster profile, sees it listed, and tests an unreachable cluster without the window freezing. */
@ExtendWith(ApplicationExtension.class)
class ClusterProfilesDialogTest {

    @TempDir
    static Path dir;
    static final ExecutorService BACKGROUND = Executors.newSingleThreadExecutor();
    ClusterProfiles store;

    @Start
    void start(Stage stage) {
        store = new ClusterProfiles(dir.resolve("clusters"));
        stage.setScene(new Scene(ClusterProfilesDialog.content(store, BACKGROUND), 900, 620));
        stage.show();
    }

    @AfterAll
    static void stop() {
        BACKGROUND.shutdownNow();
    }

    @Test
    void aProfileIsSavedWithoutItsSecretListedAndAnUnreachableClusterIsNamed(FxRobot robot) throws Exception {
        robot.interact(() -> {
            robot.lookup("#profileName").queryTextInputControl().setText("hpc");
            robot.lookup("#profileRestUrl").queryTextInputControl().setText("http://127.0.0.1:9");
            robot.lookup("#profileUser").queryTextInputControl().setText("ana");
            robot.lookup("#profilePartition").queryTextInputControl().setText("gpu");
            robot.lookup("#profileRemoteWorkDir").queryTextInputControl().setText("/scratch/ana/jobs");
            ((javafx.scene.control.ChoiceBox<String>) robot.lookup("#profileTokenKind").query()).setValue("command");
            robot.lookup("#profileTokenValue").queryTextInputControl().setText("echo SLURM_JWT=from-a-command");
        });
        robot.clickOn("#profileSave");
        WaitForAsyncUtils.waitForFxEvents();

        ClusterProfile saved = store.require("hpc");
        assertThat(saved.restUrl()).isEqualTo("http://127.0.0.1:9");
        assertThat(saved.partition()).isEqualTo("gpu");
        assertThat(saved.token().kind()).isEqualTo("command");
        assertThat(Files.readString(dir.resolve("clusters/hpc.json"))).contains("echo SLURM_JWT=from-a-command");
        ListView<?> list = robot.lookup("#clusterProfileList").queryAs(ListView.class);
        assertThat(list.getItems()).hasSize(1);

        robot.clickOn("#profileTest");
        Label status = robot.lookup("#profileStatus").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !status.getText().startsWith("Connecting"));
        assertThat(status.getText()).contains("cannot reach the cluster hpc at 127.0.0.1:9");
        StudioWindowTest.snapshot(robot, "cluster-profiles.png");
    }
}
