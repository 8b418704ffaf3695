package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.beamlinestudio.core.StudioDirs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The whole application as Main starts it with no file: the demo dataset, settings, the error handler. */
class StudioAppTest {
    @TempDir
    static Path home;
    static Stage stage;
    static Application app;
    static String previousHome;

    @BeforeAll
    static void launch() throws Exception {
        previousHome = System.getProperty("studio.home");
        System.setProperty("studio.home", home.toString());
        stage = FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(StudioApp.class, StudioApp.DEMO);
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        if (previousHome == null) {
            System.clearProperty("studio.home");
        } else {
            System.setProperty("studio.home", previousHome);
        }
        Thread.setDefaultUncaughtExceptionHandler(null);
    }

    @Test
    void opensTheDemoDatasetAndSurvivesUncaughtErrors() throws Exception {
        FxRobot robot = new FxRobot();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#sliceImage").tryQuery()
                .map(n -> ((ImageView) n).getImage() != null).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        Path demo = StudioDirs.data().resolve("tomography-demo.h5");
        assertThat(demo).isRegularFile().startsWith(home);
        assertThat(stage.getTitle()).isEqualTo("tomography-demo.h5 — Beamline Studio");
        ImageView view = robot.lookup("#sliceImage").query();
        assertThat(view.getImage().getWidth()).isGreaterThan(1);

        // The demo is remembered as a recent file, in the settings under studio.home.
        Path settings = StudioDirs.config().resolve("settings.json");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.isRegularFile(settings)
                && Files.readString(settings).contains("tomography-demo.h5"));

        // An exception nobody catches on the FX thread is shown in the status line, and the app goes on.
        Platform.runLater(() -> {
            throw new IllegalStateException("boom at 3 a.m.");
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () ->
                robot.lookup("#statusLine").queryAs(Label.class).getText().contains("boom at 3 a.m."));
        assertThat(robot.lookup("#statusLine").queryAs(Label.class).getText()).startsWith("Unexpected error");
        assertThat(stage.isShowing()).isTrue();

        // Help → Plugins… through the menus lists the tomography plugin found on the classpath.
        robot.clickOn("Help").clickOn("Plugins…");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#loadedPlugins").tryQuery().isPresent());
        javafx.scene.control.TableView<?> loaded = robot.lookup("#loadedPlugins").queryAs(javafx.scene.control.TableView.class);
        assertThat(loaded.getItems()).extracting(o -> ((org.beamlinestudio.core.plugin.PluginRegistry.LoadedPlugin) o)
                .plugin().id()).contains("tomography");
        StudioWindowTest.snapshot(robot, "plugins-dialog.png");
    }
}
