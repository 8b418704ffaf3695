package org.beamlinestudio.app.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.beamlinestudio.catalog.CatalogEntry;
import org.beamlinestudio.catalog.CatalogException;
import org.beamlinestudio.catalog.CatalogSort;
import org.beamlinestudio.core.hdf5.H5Attribute;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Catalog panel on an in-memory catalog of 450 scans: search, parse errors, sort, pages, open, batch. */
@ExtendWith(ApplicationExtension.class)
class CatalogPanelTest {
    @TempDir
    static Path dir;

    private final ExecutorService io = Executors.newFixedThreadPool(3);
    private final RecordingActions actions = new RecordingActions();
    private FakeCatalog catalog;
    private CatalogPanel panel;
    private CatalogConfigStore configStore;

    @Start
    void start(Stage stage) {
        catalog = FakeCatalog.scans(dir.resolve("beamtime"), 450);
        configStore = new CatalogConfigStore(dir.resolve("config-" + System.nanoTime()).resolve("catalogs.json"));
        panel = new CatalogPanel(io, configStore, (uri, key) -> {
            throw new CatalogException("no Tiled in this test");
        }, actions);
        panel.addCatalog(catalog);
        stage.setScene(new Scene(panel, 1280, 720));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(panel::close).get();
        io.shutdownNow();
    }

    static void waitFor(java.util.concurrent.Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, c);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void search(FxRobot robot, String text) throws Exception {
        robot.interact(() -> {
            robot.lookup("#catalogSearch").queryTextInputControl().setText(text);
            panel.runSearch();
        });
    }

    /** The table row showing the entry named {@code name}. */
    static Node row(FxRobot robot, String name) {
        return robot.lookup(".table-row-cell").match((javafx.scene.control.TableRow<?> r) ->
                r.getItem() instanceof CatalogEntry e && e.name().equals(name)).query();
    }

    /**
     * A double click on {@code node}. The robot's two clicks are too far apart on a loaded machine for Monocle to
     * count them as one double click, so the second click's event (click count 2) is delivered directly.
     */
    static void doubleClick(FxRobot robot, Node node) {
        robot.interact(() -> {
            javafx.geometry.Bounds b = node.localToScene(node.getBoundsInLocal());
            double x = b.getMinX() + b.getWidth() / 2;
            double y = b.getMinY() + b.getHeight() / 2;
            javafx.geometry.Point2D screen = node.localToScreen(node.getBoundsInLocal().getWidth() / 2,
                    node.getBoundsInLocal().getHeight() / 2);
            javafx.event.Event.fireEvent(node, new javafx.scene.input.MouseEvent(
                    javafx.scene.input.MouseEvent.MOUSE_CLICKED, x, y, screen.getX(), screen.getY(),
                    javafx.scene.input.MouseButton.PRIMARY, 2, false, false, false, false, true, false, false, true,
                    false, true, null));
        });
    }

    @Test
    void typedConditionsFilterTheResultsAndTheStatusLineCountsThem(FxRobot robot) throws Exception {
        waitFor(() -> panel.statusText().startsWith("450 entries"));
        assertThat(panel.results().getItems()).hasSize(CatalogPanel.PAGE_SIZE);
        // Newest first by default: the last scan written is on top.
        assertThat(panel.results().getItems().get(0).name()).isEqualTo("scan_0449.h5");

        robot.clickOn("#catalogSearch").write("sample:tooth energy > 35");
        // energy = 10 + i % 30 > 35 → i % 30 ∈ {26..29}; tooth → i % 4 == 0: i % 60 ∈ {28, 56}: 15 scans.
        waitFor(() -> panel.statusText().startsWith("15 entries"));
        assertThat(panel.results().getItems()).hasSize(15).allSatisfy(e -> {
            assertThat(e.metadata().get("sample")).isEqualTo("tooth");
            assertThat((Double) e.metadata().get("energy")).isGreaterThan(35.0);
        });
        assertThat(panel.statusText()).contains("ms");
        assertThat(robot.lookup("#catalogStatus").queryLabeled().getText()).isEqualTo(panel.statusText());
        assertThat(panel.searchErrorText()).isEmpty();
        Screenshots.save(robot, panel, "catalog-panel-search.png");
    }

    @Test
    void aQueryThatCannotBeReadSaysWhereAndKeepsTheResults(FxRobot robot) throws Exception {
        waitFor(() -> panel.statusText().startsWith("450 entries"));
        int searches = catalog.asked.size();
        search(robot, "energy >");
        assertThat(panel.searchErrorText()).isNotEmpty().containsIgnoringCase("energy");
        assertThat(robot.lookup("#catalogSearchError").queryLabeled().isVisible()).isTrue();
        assertThat(catalog.asked).hasSize(searches);
        assertThat(panel.results().getItems()).hasSize(CatalogPanel.PAGE_SIZE);
        assertThat(robot.lookup("#catalogSearch").queryTextInputControl().getTooltip().getText())
                .contains("energy > 20").contains("sample:tooth").contains("date:");
        Screenshots.save(robot, panel, "catalog-panel-parse-error.png");
        search(robot, "energy > 38");
        waitFor(() -> panel.statusText().startsWith("15 entries"));
        assertThat(panel.searchErrorText()).isEmpty();
    }

    @Test
    void aHeaderClickSortsThroughTheCatalogAndLoadMoreFetchesTheNextPage(FxRobot robot) throws Exception {
        waitFor(() -> panel.statusText().startsWith("450 entries"));
        Node sizeHeader = robot.lookup(".column-header").match((Node n) -> n.getId() != null
                && n.getId().equals("catalogColumn-size")).query();
        robot.clickOn(sizeHeader);
        waitFor(() -> new CatalogSort("size", false).equals(panel.sort())
                && panel.results().getItems().get(0).sizeBytes() == 1_000_000L);
        assertThat(catalog.sorts.get(catalog.sorts.size() - 1)).isEqualTo(new CatalogSort("size", false));
        List<Long> sizes = panel.results().getItems().stream().map(CatalogEntry::sizeBytes).toList();
        assertThat(sizes).isSorted();

        robot.clickOn("#catalogLoadMore");
        waitFor(() -> panel.results().getItems().size() == 2 * CatalogPanel.PAGE_SIZE);
        assertThat(panel.results().getItems().stream().map(CatalogEntry::sizeBytes).toList()).isSorted();
        assertThat(panel.statusText()).startsWith("450 entries (400 shown)");
        robot.clickOn("#catalogLoadMore");
        waitFor(() -> panel.results().getItems().size() == 450);
        assertThat(robot.lookup("#catalogLoadMore").query().isVisible()).isFalse();
        assertThat(panel.results().getItems().stream().map(CatalogEntry::id).distinct().count()).isEqualTo(450);
    }

    @Test
    void aSlowEarlierSearchNeverOverwritesALaterOne(FxRobot robot) throws Exception {
        waitFor(() -> panel.statusText().startsWith("450 entries"));
        catalog.delayMillis = q -> q.words().contains("bone") ? 1500L : 0L;
        search(robot, "bone");
        search(robot, "coral");
        // coral: i % 4 == 3 → 112 scans; bone (i % 4 == 1) arrives 1.5 s later and must be dropped.
        waitFor(() -> panel.statusText().startsWith("112 entries"));
        Thread.sleep(2000);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(panel.statusText()).startsWith("112 entries");
        assertThat(panel.results().getItems()).allSatisfy(e -> assertThat(e.metadata().get("sample")).isEqualTo("coral"));
    }

    @Test
    void theSelectedEntrysMetadataIsBrowsableAndSearchable(FxRobot robot) throws Exception {
        waitFor(() -> panel.statusText().startsWith("450 entries"));
        robot.interact(() -> panel.results().getSelectionModel().select(0));
        waitFor(() -> panel.metadataBrowser().find("/entry/sample") != null);
        // Top-level facts are the root's attributes, shown at once.
        assertThat(panel.metadataBrowser().attributeTable().getItems()).extracting(H5Attribute::name)
                .contains("name", "sample", "energy", "scan_id", "technique");
        robot.interact(() -> panel.metadataBrowser().setSearch("temperature"));
        assertThat(panel.metadataBrowser().matchText()).isEqualTo("1 match");
        robot.interact(() -> panel.metadataBrowser().select("/entry/sample"));
        assertThat(panel.metadataBrowser().attributeTable().getItems()).extracting(H5Attribute::valueText)
                .containsExactly("295 K");
        // Search inside by value: the root's attributes narrow to the one that matches.
        robot.interact(() -> {
            panel.metadataBrowser().setSearch("scan_0449");
            panel.metadataBrowser().select("/");
        });
        // The name, and the id and file (the path ends with the name).
        assertThat(panel.metadataBrowser().attributeTable().getItems()).extracting(H5Attribute::name)
                .containsExactly("name", "id", "file");
        Screenshots.save(robot, panel, "catalog-panel-metadata.png");
    }

    @Test
    void doubleClickOrEnterOpensTheFileAndRunPipelineGetsTheSelectedFiles(FxRobot robot) throws Exception {
        waitFor(() -> panel.statusText().startsWith("450 entries"));
        doubleClick(robot, row(robot, "scan_0449.h5"));
        waitFor(() -> actions.opened.size() == 1);
        assertThat(actions.opened.get(0)).isEqualTo(dir.resolve("beamtime").resolve("scan_0449.h5"));

        robot.interact(() -> panel.results().getSelectionModel().clearAndSelect(2));
        robot.clickOn(row(robot, "scan_0447.h5")).type(KeyCode.ENTER);
        waitFor(() -> actions.opened.size() == 2);
        assertThat(actions.opened.get(1).getFileName().toString()).isEqualTo("scan_0447.h5");

        robot.interact(() -> {
            panel.results().getSelectionModel().clearSelection();
            panel.results().getSelectionModel().selectIndices(0, 1, 2);
        });
        robot.clickOn("#catalogRunPipeline");
        waitFor(() -> actions.batches.size() == 1);
        assertThat(actions.batches.get(0)).extracting(p -> p.getFileName().toString())
                .containsExactly("scan_0449.h5", "scan_0448.h5", "scan_0447.h5");
    }

    @Test
    void chosenMetadataColumnsShowValuesAndAreRemembered(FxRobot robot) throws Exception {
        waitFor(() -> panel.statusText().startsWith("450 entries"));
        assertThat(panel.metadataColumns()).containsExactly("sample", "energy");
        robot.clickOn("#catalogColumns");
        robot.clickOn("scan_id");
        waitFor(() -> panel.metadataColumns().contains("scan_id"));
        @SuppressWarnings("unchecked")
        TableColumn<CatalogEntry, Object> col = (TableColumn<CatalogEntry, Object>) panel.results().getColumns()
                .stream().filter(c -> "scan_id".equals(c.getUserData())).findFirst().orElseThrow();
        assertThat(col.getCellData(0)).isEqualTo(1449L);
        waitFor(() -> Files.exists(configStore.file())
                && configStore.load().columns().equals(List.of("sample", "energy", "scan_id")));
        Screenshots.save(robot, panel, "catalog-panel-columns.png");
    }

    @Test
    void scrollingToTheLastRowLoadsTheNextPage(FxRobot robot) throws Exception {
        waitFor(() -> panel.statusText().startsWith("450 entries"));
        assertThat(panel.results().getItems()).hasSize(CatalogPanel.PAGE_SIZE);
        robot.interact(() -> panel.results().scrollTo(CatalogPanel.PAGE_SIZE - 1));
        waitFor(() -> panel.results().getItems().size() == 2 * CatalogPanel.PAGE_SIZE);
        assertThat(panel.statusText()).startsWith("450 entries (400 shown)");
        assertThat(panel.results().getItems().get(CatalogPanel.PAGE_SIZE).name()).isEqualTo("scan_0249.h5");
    }
}
