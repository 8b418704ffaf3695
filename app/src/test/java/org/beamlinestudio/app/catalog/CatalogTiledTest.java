package org.beamlinestudio.app.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.TreeItem;
import javafx.stage.Stage;
import org.beamlinestudio.catalog.CatalogEntry;
import org.beamlinestudio.catalog.tiled.TiledCatalog;
import org.beamlinestudio.catalog.tiled.TiledTestServer;
import org.beamlinestudio.core.exec.slurm.SecretSource;
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
 * Tiled servers in the Catalog panel, against the Tiled-protocol test server: a refused key said inline, the key
 * kept in a private file (not in the settings) and used again on the next start, a server that is down marked on
 * its line, searches and metadata through the server.
 */
@ExtendWith(ApplicationExtension.class)
class CatalogTiledTest {
    @TempDir
    Path dir;

    private final ExecutorService io = Executors.newFixedThreadPool(3);
    private final RecordingActions actions = new RecordingActions();
    private Stage stage;
    private CatalogPanel panel;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void stop(FxRobot robot) {
        if (panel != null) {
            robot.interact(panel::close);
        }
        io.shutdownNow();
    }

    private CatalogConfigStore store() {
        return new CatalogConfigStore(dir.resolve("config/catalogs.json"));
    }

    private void showPanel(FxRobot robot) {
        robot.interact(() -> {
            if (panel != null) {
                panel.close();
            }
            panel = CatalogPanel.create(io, store(), actions);
            stage.setScene(new Scene(panel, 1280, 720));
            stage.show();
        });
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, c);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void connect(FxRobot robot, String url, String key) {
        robot.interact(() -> {
            panel.catalogsPane().tiledUrl.setText(url);
            panel.catalogsPane().tiledKey.setText(key);
        });
        robot.clickOn("#catalogTiledConnect");
    }

    private CatalogSource line(int i) {
        TreeItem<Object> item = panel.catalogsPane().list.getRoot().getChildren().get(i);
        return (CatalogSource) item.getValue();
    }

    @Test
    void aRefusedKeyIsSaidInlineAndTheRightOneIsKeptPrivateAndUsedOnTheNextStart(FxRobot robot) throws Exception {
        try (TiledTestServer server = TiledTestServer.start()) {
            showPanel(robot);
            robot.clickOn("#catalogAddTiled");
            connect(robot, server.uri() + "/api/v1/metadata/raw", "not-the-key");
            waitFor(() -> !panel.catalogsPane().tiledConnect.isDisabled()
                    && !panel.catalogsPane().tiledError.getText().startsWith("Connecting"));
            String refused = panel.catalogsPane().tiledError.getText();
            assertThat(refused).contains(server.uri().getHost()).containsIgnoringCase("key");
            assertThat(robot.lookup("#catalogTiledError").queryLabeled().isVisible()).isTrue();
            assertThat(panel.catalogsPane().list.getRoot().getChildren()).isEmpty();
            Screenshots.save(robot, panel, "catalog-tiled-refused.png");

            connect(robot, server.uri() + "/api/v1/metadata/raw", TiledTestServer.DEFAULT_KEY);
            waitFor(() -> panel.selectedCatalog() instanceof TiledCatalog && panel.statusText().startsWith("7 entries"));
            assertThat(panel.results().getItems()).extracting(CatalogEntry::name)
                    .containsExactlyInAnyOrderElementsOf(server.scanPaths().stream()
                            .map(p -> p.substring(p.lastIndexOf('/') + 1)).toList());

            // The settings name a file; the key is only in that file, which only the user can read.
            waitFor(() -> Files.exists(store().file()) && !store().load().tiledServers().isEmpty());
            String settings = Files.readString(store().file());
            assertThat(settings).doesNotContain(TiledTestServer.DEFAULT_KEY);
            SecretSource key = store().load().tiledServers().get(0).key();
            assertThat(key.kind()).isEqualTo("file");
            Path keyFile = Path.of(key.value());
            assertThat(keyFile).startsWith(store().keyFolder());
            assertThat(Files.readString(keyFile)).isEqualTo(TiledTestServer.DEFAULT_KEY);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent())))
                    .isEqualTo("rwx------");

            // Searched on the server: tooth, tooth enamel and Tooth.
            robot.clickOn("#catalogSearch").write("sample:tooth");
            waitFor(() -> panel.statusText().startsWith("3 entries"));
            assertThat(panel.results().getItems()).allSatisfy(e -> assertThat(String.valueOf(
                    e.metadata().get("sample")).toLowerCase()).contains("tooth"));
            robot.interact(() -> panel.results().getSelectionModel().select(0));
            waitFor(() -> panel.metadataBrowser().find("/operator") != null);
            Screenshots.save(robot, panel, "catalog-tiled.png");

            // The next start reads the key from its file and connects by itself.
            showPanel(robot);
            waitFor(() -> !panel.catalogsPane().list.getRoot().getChildren().isEmpty() && line(0).catalog != null);
            assertThat(line(0).failed).isFalse();
        }
    }

    @Test
    void aServerThatIsDownIsMarkedOnItsLine(FxRobot robot) throws Exception {
        String uri;
        try (TiledTestServer server = TiledTestServer.start(java.util.Optional.empty())) {
            uri = server.uri().toString();
        }
        store().save(CatalogConfig.defaults().withServer(new CatalogConfig.TiledServer(uri, null)));
        showPanel(robot);
        waitFor(() -> !panel.catalogsPane().list.getRoot().getChildren().isEmpty() && line(0).failed);
        assertThat(line(0).text()).contains("127.0.0.1");
        assertThat(line(0).state).isNotBlank();
        robot.interact(() -> panel.catalogsPane().list.getSelectionModel().select(0));
        assertThat(panel.selectedCatalog()).isNull();
        assertThat(panel.statusText()).startsWith("Tiled 127.0.0.1").contains("Cannot reach");
        Screenshots.save(robot, panel, "catalog-tiled-down.png");
        // Once the server is back (here: another one at the saved address is not possible, so a public one is
        // saved and retried), "Rescan" on the line connects again.
        try (TiledTestServer server = TiledTestServer.start(java.util.Optional.empty())) {
            store().save(CatalogConfig.defaults().withServer(new CatalogConfig.TiledServer(
                    server.uri() + "/api/v1/metadata/raw", null)));
            showPanel(robot);
            waitFor(() -> line(0).catalog != null);
            robot.interact(() -> {
                line(0).failed = true;
                line(0).catalog = null;
                panel.catalogsPane().list.getSelectionModel().select(0);
            });
            assertThat(panel.selectedCatalog()).isNull();
            robot.clickOn("#catalogRescan");
            waitFor(() -> panel.statusText().startsWith("7 entries"));
            assertThat(line(0).failed).isFalse();
        }
    }

    @Test
    void aKeyFileOthersCanReadIsRefused(FxRobot robot) throws Exception {
        SecretSource source = TiledKeyFiles.store(dir.resolve("keys"), java.net.URI.create("http://x"), "k3y\n");
        Path file = Path.of(source.value());
        assertThat(TiledKeyFiles.read(source, java.net.URI.create("http://x"))).isEqualTo("k3y");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TiledKeyFiles.read(source,
                java.net.URI.create("http://x"))).hasMessageContaining("chmod 600").hasMessageContaining(file.toString());
    }

    @Test
    void doubleClickOnAContainerSearchesInsideItAndUpComesBack(FxRobot robot) throws Exception {
        try (TiledTestServer server = TiledTestServer.start()) {
            showPanel(robot);
            robot.clickOn("#catalogAddTiled");
            connect(robot, server.uri().toString(), TiledTestServer.DEFAULT_KEY);
            waitFor(() -> panel.selectedCatalog() instanceof TiledCatalog && panel.statusText().startsWith("2 entries"));
            assertThat(panel.results().getItems()).extracting(CatalogEntry::name)
                    .containsExactlyInAnyOrder("raw", "processed");
            CatalogPanelTest.doubleClick(robot, CatalogPanelTest.row(robot, "raw"));
            waitFor(() -> panel.statusText().startsWith("7 entries"));
            assertThat(panel.container()).isEqualTo("raw");
            assertThat(robot.lookup("#catalogContainer").queryLabeled().getText()).isEqualTo("raw /");
            robot.clickOn("#catalogSearch").write("energy > 20");
            // tooth 20.0 is not > 20: bone 25.5 and shell 30.0.
            waitFor(() -> panel.statusText().startsWith("2 entries") && panel.results().getItems().stream()
                    .allMatch(e -> e.id().startsWith("raw/")));
            assertThat(panel.results().getItems()).extracting(e -> e.metadata().get("sample"))
                    .containsExactlyInAnyOrder("bone", "shell");
            robot.clickOn("#catalogUp");
            waitFor(() -> panel.container() == null && panel.results().getItems().stream()
                    .noneMatch(e -> e.id().startsWith("raw/")));
        }
    }
}
