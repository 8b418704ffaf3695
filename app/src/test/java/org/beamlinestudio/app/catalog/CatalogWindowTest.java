package org.beamlinestudio.app.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.beamlinestudio.app.DataOpener;
import org.beamlinestudio.app.FileTab;
import org.beamlinestudio.app.SettingsStore;
import org.beamlinestudio.app.StudioApp;
import org.beamlinestudio.app.StudioWindow;
import org.beamlinestudio.catalog.CatalogEntry;
import org.beamlinestudio.catalog.local.LocalCatalog;
import org.beamlinestudio.catalog.tiled.TiledCatalog;
import org.beamlinestudio.catalog.tiled.TiledTestServer;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.tomography.TomographyPlugin;
import org.beamlinestudio.viewer.SliceView;
import org.beamlinestudio.viewer.perspective.Perspective;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;
import org.beamlinestudio.viewer.perspective.PerspectiveProvider;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Catalog panel in the main window with the real catalogs: a folder with a real HDF5 scan indexed into the
 * embedded catalog, found by a search and opened in its technique's perspective; a Tiled array opened in a tab.
 */
@ExtendWith(ApplicationExtension.class)
class CatalogWindowTest {
    @TempDir
    Path dir;

    private final ExecutorService io = StudioApp.newIoExecutor();
    private final ExecutorService compute = StudioApp.newComputeExecutor();
    private StudioWindow window;
    private Stage stage;

    /** A tomography perspective that is a label naming the scan it shows. */
    static final class LabelPerspectiveProvider implements PerspectiveProvider {
        @Override
        public String techniqueId() {
            return TomographyPlugin.ID;
        }

        @Override
        public String displayName() {
            return "Tomography (test)";
        }

        @Override
        public Perspective create(OpenedSource source, PerspectiveContext context) {
            Label label = new Label("Tomography perspective on " + source.file().getFileName() + " · "
                    + source.primary().shape()[0] + " projections");
            label.setId("testPerspective");
            return new Perspective() {
                @Override
                public Node node() {
                    return label;
                }

                @Override
                public String title() {
                    return "Tomography";
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private void startWindow(FxRobot robot) {
        robot.interact(() -> {
            SettingsStore store = new SettingsStore(dir.resolve("config/settings.json"));
            window = new StudioWindow(stage, new StudioWindow.Context(store, new DataOpener(),
                    CompletableFuture.completedFuture(PluginRegistry.of(List.of(new TomographyPlugin()))), io, compute,
                    List.of(new LabelPerspectiveProvider()), List.of()));
            window.setCatalogDatabaseFile(dir.resolve("data/catalog/catalog.db"));
            stage.show();
        });
    }

    @AfterEach
    void stop(FxRobot robot) {
        if (window != null) {
            robot.interact(() -> window.shutdown());
        }
        io.shutdownNow();
        compute.shutdownNow();
    }

    static void waitFor(java.util.concurrent.Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, c);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aScanInAnAddedFolderIsIndexedFoundAndOpensInItsPerspective(FxRobot robot) throws Exception {
        Path scan = SharedData.require("tomography/synthetic/synth_dx.h5");
        Path folder = Files.createDirectories(dir.resolve("beamtime"));
        Files.copy(scan, folder.resolve("synth_dx.h5"));
        Files.write(folder.resolve("broken.h5"), new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 1});
        startWindow(robot);
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.SHIFT, javafx.scene.input.KeyCode.C)
                .release(javafx.scene.input.KeyCode.C, javafx.scene.input.KeyCode.SHIFT,
                        javafx.scene.input.KeyCode.CONTROL);
        waitFor(() -> window.catalogPanel() != null && window.catalogPanel().selectedCatalog() instanceof LocalCatalog);
        CatalogPanel panel = window.catalogPanel();
        assertThat(Files.exists(dir.resolve("data/catalog/catalog.db"))).isTrue();

        robot.interact(() -> panel.addFolder(folder));
        try {
            waitFor(() -> !panel.indexing() && panel.statusText().startsWith("2 entries"));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("status '" + panel.statusText() + "', indexing '"
                    + panel.catalogsPane().indexStatus.getText() + "', errors " + panel.catalogsPane().indexErrors.getItems()
                    + ", rows " + panel.results().getItems().stream().map(CatalogEntry::name).toList(), e);
        }
        // The truncated file is an entry that says what was wrong with it (its row is red, the message its tooltip).
        assertThat(panel.catalogsPane().indexStatus.getText()).contains("1 unreadable");
        CatalogEntry broken = panel.results().getItems().stream().filter(e -> e.name().equals("broken.h5"))
                .findFirst().orElseThrow();
        assertThat(String.valueOf(broken.metadata().get("index_error"))).contains("broken.h5");

        robot.clickOn("#catalogSearch").write("synth");
        waitFor(() -> panel.statusText().startsWith("1 entry"));
        CatalogEntry entry = panel.results().getItems().get(0);
        assertThat(entry.name()).isEqualTo("synth_dx.h5");
        assertThat(entry.technique()).isEqualTo(TomographyPlugin.ID);
        assertThat(entry.file()).contains(folder.resolve("synth_dx.h5").toAbsolutePath());
        robot.interact(() -> panel.results().getSelectionModel().select(0));
        waitFor(() -> panel.metadataBrowser().tree().getRoot() != null
                && panel.metadataBrowser().find("/exchange") != null);
        Screenshots.save(robot, "catalog-local.png");

        CatalogPanelTest.doubleClick(robot, CatalogPanelTest.row(robot, "synth_dx.h5"));
        waitFor(() -> window.fileTabs().size() == 1 && window.fileTabs().get(0).perspectiveShown());
        FileTab tab = window.fileTabs().get(0);
        assertThat(tab.file()).isEqualTo(folder.resolve("synth_dx.h5").toAbsolutePath());
        assertThat(robot.lookup("#testPerspective").queryLabeled().getText())
                .startsWith("Tomography perspective on synth_dx.h5");
        Screenshots.save(robot, "catalog-local-opened.png");
    }

    @Test
    void aTiledArrayOpensInATabWithTheSliceView(FxRobot robot) throws Exception {
        try (TiledTestServer server = TiledTestServer.start()) {
            startWindow(robot);
            robot.interact(() -> window.setCatalogVisible(true));
            CatalogPanel panel = window.catalogPanel();
            CatalogListPane list = panel.catalogsPane();
            robot.clickOn("#catalogAddTiled");
            robot.clickOn("#catalogTiledUrl").write(server.uri() + "/api/v1/metadata/raw");
            robot.clickOn("#catalogTiledKey").write(TiledTestServer.DEFAULT_KEY);
            robot.clickOn("#catalogTiledConnect");
            waitFor(() -> panel.selectedCatalog() instanceof TiledCatalog && panel.statusText().startsWith("7 entries"));
            server.clearRecords();

            CatalogPanelTest.doubleClick(robot, CatalogPanelTest.row(robot, "scan_0002"));
            waitFor(() -> window.arrayTabs().size() == 1
                    && window.arrayTabs().get(0).sliceView().stateProperty().get() == SliceView.State.SHOWN);
            SliceView view = window.arrayTabs().get(0).sliceView();
            // scan_0002 is the big-endian float 4×6×8 array: the view shows one 6×8 slice read block by block.
            assertThat(view.datasetProperty().get().shape()).containsExactly(4, 6, 8);
            assertThat(view.imageProperty().get().getWidth()).isEqualTo(8);
            assertThat(view.imageProperty().get().getHeight()).isEqualTo(6);
            int shown = view.shownIndexProperty().get();
            assertThat(view.readoutAt(2, 3)).startsWith("[" + shown + ", 2, 3] = ");
            float[] read = view.datasetProperty().get().readFloats(new long[] {shown, 0, 0}, new int[] {1, 6, 8});
            assertThat(read).containsExactly(server.array("raw/scan_0002").slab(new long[] {shown, 0, 0},
                    new int[] {1, 6, 8}));
            assertThat(server.blockRequests()).isNotEmpty();
            assertThat(list.list.getRoot().getChildren()).hasSize(2);
            Screenshots.save(robot, "catalog-tiled-array.png");
        }
    }

    @Test
    void runPipelineOnSelectedEntriesOpensTheBatchDialogWithTheirFiles(FxRobot robot) throws Exception {
        startWindow(robot);
        robot.interact(() -> window.setCatalogVisible(true));
        CatalogPanel panel = window.catalogPanel();
        FakeCatalog fake = FakeCatalog.scans(dir.resolve("beamtime"), 12);
        waitFor(() -> panel.selectedCatalog() instanceof LocalCatalog);
        robot.interact(() -> {
            panel.addCatalog(fake);
            var lines = panel.catalogsPane().list.getRoot().getChildren();
            panel.catalogsPane().list.getSelectionModel().select(lines.get(lines.size() - 1));
        });
        waitFor(() -> panel.selectedCatalog() == fake && panel.statusText().startsWith("12 entries"));
        robot.interact(() -> panel.results().getSelectionModel().selectIndices(1, 3));
        robot.clickOn("#catalogRunPipeline");
        waitFor(() -> robot.lookup("#batchScans").tryQuery().isPresent());
        javafx.scene.control.ListView<?> scans = robot.lookup("#batchScans").queryListView();
        assertThat(scans.getItems()).extracting(p -> ((Path) p).getFileName().toString())
                .containsExactly("scan_0010.h5", "scan_0008.h5");
        javafx.scene.control.ComboBox<?> runOn = robot.lookup("#batchRunOn").queryComboBox();
        assertThat(runOn.getItems()).isNotEmpty();
        assertThat(runOn.getValue()).isNotNull();
        Screenshots.save(robot, "catalog-batch.png");
    }
}
