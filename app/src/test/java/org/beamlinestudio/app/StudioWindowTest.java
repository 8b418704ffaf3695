package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import com.sun.javafx.tk.Toolkit;
import java.lang.reflect.Proxy;
import java.io.File;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Alert;
import javafx.scene.control.Dialog;
import javafx.scene.control.TableView;
import javafx.scene.image.Image;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.plugin.PluginRegistry.FailedPlugin;
import org.beamlinestudio.core.plugin.PluginRegistry.LoadedPlugin;
import org.beamlinestudio.core.plugin.TechniquePlugin;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.viewer.SliceView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The shell with a stand-in file opener: error handling, tabs, drop, plugins dialog, recent files. */
@ExtendWith(ApplicationExtension.class)
class StudioWindowTest {
    @TempDir
    static Path dir;

    private final ExecutorService io = StudioApp.newIoExecutor();
    private StudioWindow window;
    private SettingsStore store;

    static final class Plugin implements TechniquePlugin {
        private final String id;
        private final boolean broken;

        Plugin(String id, boolean broken) {
            this.id = id;
            this.broken = broken;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String displayName() {
            return "Plugin " + id;
        }

        @Override
        public String version() {
            return "1.2.3";
        }

        @Override
        public List<DatasetReader> readers() {
            if (broken) {
                throw new IllegalStateException("reader table is corrupt");
            }
            return List.of();
        }

        @Override
        public List<StageFactory> stageFactories() {
            return List.of();
        }
    }

    @Start
    void start(Stage stage) {
        store = new SettingsStore(dir.resolve("config-" + System.nanoTime() + "/settings.json"));
        PluginRegistry reg = PluginRegistry.of(List.of(new Plugin("tomo", false), new Plugin("xpcs", true)));
        window = new StudioWindow(stage, new StudioWindow.Context(store, FakeFiles::open,
                CompletableFuture.completedFuture(reg), io));
        stage.show();
    }

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    static FileTab open(FxRobot robot, StudioWindow w, Path file) {
        FileTab[] t = new FileTab[1];
        robot.interact(() -> t[0] = w.open(file));
        return t[0];
    }

    @Test
    void aBadFileShowsItsProblemAndTheNextFileStillOpens(FxRobot robot) throws Exception {
        Path bad = FakeFiles.writeRandom(dir, "garbage.h5");
        FileTab badTab = open(robot, window, bad);
        waitFor(() -> badTab.phaseProperty().get() == FileTab.Phase.FAILED);
        assertThat(badTab.errorText()).contains("garbage.h5").contains("not an HDF5 file");
        assertThat(robot.lookup("#fileError").queryLabeled().getText()).contains("garbage.h5");
        assertThat(window.statusText()).contains("garbage.h5");

        Path good = FakeFiles.writeGood(dir, "good.h5");
        FileTab goodTab = open(robot, window, good);
        waitFor(() -> goodTab.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        Image img = goodTab.sliceView().imageProperty().get();
        assertThat(img.getWidth()).isEqualTo(640);
        assertThat(img.getHeight()).isEqualTo(2);
        assertThat(goodTab.errorText()).isEmpty();
        assertThat(goodTab.summaryText()).contains("good.h5").contains("/exchange/data").contains("181×2×640 float32");
        assertThat(goodTab.browser().selectedNodeProperty().get().path()).isEqualTo("/exchange/data");
        waitFor(() -> goodTab.firstImageMillisProperty().get() >= 0);
        // The failed tab is untouched.
        assertThat(window.fileTabs()).containsExactly(badTab, goodTab);
        assertThat(badTab.errorText()).contains("garbage.h5");
        // Only the file that opened is remembered.
        assertThat(window.settings().recentFiles()).containsExactly(good.toString());
        waitFor(() -> store.load().recentFiles().equals(List.of(good.toString())));
    }

    @Test
    void brokenLinksAndUndecodableDatasetsAreReportedInTheirTab(FxRobot robot) throws Exception {
        Path good = FakeFiles.writeGood(dir, "links.h5");
        FileTab tab = open(robot, window, good);
        waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);

        robot.interact(() -> tab.browser().select("/exchange/data_white"));
        assertThat(tab.errorText()).contains("links.h5").contains("/exchange/data_white").contains("flats.h5 not found");
        assertThat(tab.sliceView().message()).contains("broken link");

        robot.interact(() -> tab.browser().select("/exchange/data_blosc"));
        waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.FAILED);
        assertThat(tab.errorText()).contains("blosc").contains("links.h5");

        // Back to a good dataset: the image returns.
        robot.interact(() -> tab.browser().select("/exchange/data"));
        waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        assertThat(tab.sliceView().imageProperty().get().getWidth()).isEqualTo(640);
    }

    @Test
    void theSliderWalksTheFirstAxisAndContrastIsApplied(FxRobot robot) throws Exception {
        FileTab tab = open(robot, window, FakeFiles.writeGood(dir, "walk.h5"));
        waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        robot.interact(() -> tab.sliceView().showIndex(90));
        waitFor(() -> tab.sliceView().shownIndexProperty().get() == 90);
        Image img = tab.sliceView().imageProperty().get();
        Set<Integer> greys = new HashSet<>();
        for (int x = 0; x < 640; x++) {
            greys.add(img.getPixelReader().getArgb(x, 1) & 0xFF);
        }
        assertThat(greys).hasSizeGreaterThan(100);
    }

    @Test
    void droppingFilesGivesFeedbackAndOpensThem(FxRobot robot) throws Exception {
        Path good = FakeFiles.writeGood(dir, "dropped.nxs");
        Path text = dir.resolve("notes.txt");
        java.nio.file.Files.writeString(text, "hello");

        DragEvent[] over = new DragEvent[1];
        robot.interact(() -> {
            over[0] = drag(DragEvent.DRAG_OVER, List.of(good.toFile(), text.toFile()));
            window.onDragOver(over[0]);
        });
        assertThat(over[0].isAccepted()).isTrue();
        assertThat(window.dragFeedback()).isEqualTo("Drop to open dropped.nxs");

        robot.interact(() -> {
            DragEvent refused = drag(DragEvent.DRAG_OVER, List.of(text.toFile()));
            window.onDragOver(refused);
            assertThat(refused.isAccepted()).isFalse();
        });
        assertThat(window.dragFeedback()).isEqualTo("Not an HDF5 / NeXus / TIFF file or a folder");

        robot.interact(() -> window.onDragDropped(drag(DragEvent.DRAG_DROPPED, List.of(good.toFile(), text.toFile()))));
        assertThat(window.dragFeedback()).isEmpty();
        assertThat(window.fileTabs()).extracting(FileTab::file).containsExactly(good);
        waitFor(() -> window.fileTabs().get(0).sliceView().stateProperty().get() == SliceView.State.SHOWN);
    }

    static DragEvent drag(javafx.event.EventType<DragEvent> type, List<File> files) {
        // A local clipboard knows no transfer modes (it throws); a proxy gives it the ones a file manager offers.
        TKClipboard local = Toolkit.getToolkit().createLocalClipboard();
        TKClipboard peer = (TKClipboard) Proxy.newProxyInstance(TKClipboard.class.getClassLoader(),
                new Class<?>[] {TKClipboard.class}, (proxy, m, args) -> {
                    if (m.getName().equals("getTransferModes")) {
                        return java.util.EnumSet.of(TransferMode.COPY, TransferMode.LINK);
                    }
                    try {
                        return m.invoke(local, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Dragboard db = DragboardHelper.createDragboard(peer);
        ClipboardContent content = new ClipboardContent();
        content.putFiles(files);
        db.setContent(content);
        DragboardHelper.setDataAccessRestriction(db, false);
        return new DragEvent(type, db, 10, 10, 10, 10, TransferMode.COPY, null, null, null);
    }

    @Test
    void pluginsDialogListsLoadedAndFailedPlugins(FxRobot robot) throws Exception {
        Dialog<Void> d = window.showPluginsDialog().get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(d.isShowing()).isTrue();
        @SuppressWarnings("unchecked")
        TableView<LoadedPlugin> loaded = (TableView<LoadedPlugin>) d.getDialogPane().lookup("#loadedPlugins");
        @SuppressWarnings("unchecked")
        TableView<FailedPlugin> failed = (TableView<FailedPlugin>) d.getDialogPane().lookup("#failedPlugins");
        assertThat(loaded.getItems()).extracting(l -> l.plugin().id()).containsExactly("tomo");
        assertThat(loaded.getItems().get(0).plugin().version()).isEqualTo("1.2.3");
        assertThat(failed.getItems()).hasSize(1);
        assertThat(failed.getItems().get(0).name()).startsWith("xpcs");
        assertThat(failed.getItems().get(0).reason()).contains("reader table is corrupt");
        assertThat(robot.lookup("Failed (1)").tryQuery()).isPresent();
        robot.interact(d::close);
    }

    @Test
    void aboutShowsVersionBuildRuntimeAndComputeDevice(FxRobot robot) throws Exception {
        Alert[] about = new Alert[1];
        robot.interact(() -> about[0] = window.showAbout());
        assertThat(about[0].getHeaderText()).startsWith("Beamline Studio ").contains("built ");
        assertThat(about[0].getContentText()).contains("Java " + System.getProperty("java.version"))
                .contains("OS: " + System.getProperty("os.name"));
        waitFor(() -> !about[0].getContentText().contains("finding"));
        assertThat(about[0].getContentText()).containsPattern("Compute device: \\S+ — ");
        robot.interact(about[0]::close);
    }

    @Test
    void openingTheSameFileTwiceSelectsItsTab(FxRobot robot) throws Exception {
        Path good = FakeFiles.writeGood(dir, "twice.h5");
        FileTab a = open(robot, window, good);
        FileTab b = open(robot, window, good);
        assertThat(b).isSameAs(a);
        robot.interact(window::closeSelected);
        assertThat(window.fileTabs()).isEmpty();
        assertThat(a.phaseProperty().get()).isEqualTo(FileTab.Phase.CLOSED);
        assertThat(robot.lookup("#dropZone").query().isVisible()).isTrue();
        assertThat(robot.lookup("Drop HDF5 / NeXus files here").tryQuery()).isPresent();
        snapshot(robot, "empty-window.png");
    }

    /** Saves the window as target/screenshots/NAME, to look at the layout after a run. */
    static void snapshot(FxRobot robot, String name) throws Exception {
        org.beamlinestudio.viewer.testing.Screenshots.save(robot, name);
    }
}
