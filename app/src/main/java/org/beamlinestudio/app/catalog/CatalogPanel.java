package org.beamlinestudio.app.catalog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.beamlinestudio.catalog.Catalog;
import org.beamlinestudio.catalog.CatalogEntry;
import org.beamlinestudio.catalog.CatalogPage;
import org.beamlinestudio.catalog.CatalogQuery;
import org.beamlinestudio.catalog.CatalogQueryParser;
import org.beamlinestudio.catalog.CatalogSort;
import org.beamlinestudio.catalog.tiled.TiledCatalog;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.viewer.LatestOnly;
import org.beamlinestudio.viewer.MetadataBrowser;

/**
 * The Catalog panel: the catalogs on the left; a search bar, the results (sortable, chosen metadata columns, paged)
 * and the selected entry's full metadata with a search inside it. Double-click or Enter opens an entry; "Run
 * pipeline…" sends the selected entries' files to the batch dialog. Every search runs in the background and only
 * the latest one's answer is shown.
 */
public final class CatalogPanel extends BorderPane {

    /** Results fetched per page ("Load more" fetches the next). */
    public static final int PAGE_SIZE = 200;

    /** The search bar's tooltip: the query syntax. */
    static final String SYNTAX = String.join("\n",
            "Words match the name, the path or any metadata value:   tooth",
            "Field contains text:   sample:tooth",
            "Numbers:   energy > 20   energy>=20   angles = 1801   energy:20..25",
            "Dates (your local days):   date:2026-11-01..2026-11-21   date>2026-11-01",
            "Quoted phrases:   \"bone sample\"",
            "Order:   sort newest | sort oldest | sort name | sort:energy | sort:-energy",
            "All parts must hold.");

    private final Executor io;
    private final CatalogActions actions;
    private final CatalogListPane catalogs;
    /** Typing searches after this pause, so each key press is not a query. */
    private final javafx.animation.PauseTransition typingPause =
            new javafx.animation.PauseTransition(Duration.millis(250));
    private final LatestOnly searches;
    private final LatestOnly details;
    private final LatestOnly opens;

    private final TextField search = new TextField();
    private final Label searchError = new Label();
    private final MenuButton columns = new MenuButton("Columns");
    private final TableView<CatalogEntry> results = new TableView<>();
    private final MetadataBrowser metadata = new MetadataBrowser();
    private final Label status = new Label();
    private final Button loadMore = new Button("Load more");
    private final Button runPipeline = new Button("Run pipeline…");
    private final Label actionMessage = new Label();
    private final Button up = new Button("↑");
    private final Label containerLabel = new Label();
    /** The Tiled container searched instead of the catalog's own (browsed into by double-click), or null. */
    private String container;

    private CatalogQuery query = CatalogQuery.all();
    private CatalogSort sort = CatalogSort.newestFirst();
    private Optional<CatalogSort> textSort = Optional.empty();
    private long total = -1;
    private final Set<String> seenKeys = new TreeSet<>();
    private boolean applyingSort;
    private boolean loadingMore;
    private boolean scrollHooked;

    /**
     * A panel whose catalog calls run on {@code io}, remembering its servers and columns in {@code configStore},
     * opening Tiled servers through {@code connector}.
     */
    CatalogPanel(Executor io, CatalogConfigStore configStore, CatalogListPane.TiledConnector connector,
                 CatalogActions actions) {
        this.io = io;
        this.actions = actions;
        this.searches = new LatestOnly(io);
        this.details = new LatestOnly(io);
        this.opens = new LatestOnly(io);
        setId("catalogPanel");
        // A catalog that changes (files arriving during a beamtime) searches again, at most every half second.
        javafx.animation.PauseTransition settle = new javafx.animation.PauseTransition(Duration.millis(500));
        settle.setOnFinished(e -> refresh());
        this.catalogs = new CatalogListPane(io, configStore, connector, () -> Platform.runLater(() -> {
            if (settle.getStatus() != javafx.animation.Animation.Status.RUNNING) {
                settle.playFromStart();
            }
        }));
        catalogs.selectedCatalogProperty().addListener((obs, o, n) -> {
            setContainer(null);
            runSearch();
        });
        // Another line of a catalog that is not open (both null) still says why in the status line.
        catalogs.list.getSelectionModel().selectedItemProperty().addListener((obs, o, n) -> {
            if (selectedCatalog() == null) {
                runSearch();
            }
        });

        search.setId("catalogSearch");
        search.setPromptText("Search: tooth energy > 20 sample:tooth date:2026-11-01..2026-11-21");
        Tooltip tip = new Tooltip(SYNTAX);
        tip.setShowDelay(Duration.millis(300));
        tip.setShowDuration(Duration.seconds(30));
        search.setTooltip(tip);
        search.setOnAction(e -> runSearch());
        // Typing searches as you go, after a short pause so each key press is not a query.
        typingPause.setOnFinished(e -> runSearch());
        search.textProperty().addListener((obs, o, n) -> typingPause.playFromStart());
        HBox.setHgrow(search, Priority.ALWAYS);
        searchError.setId("catalogSearchError");
        searchError.setStyle("-fx-text-fill: #c62828;");
        searchError.setWrapText(true);
        searchError.managedProperty().bind(searchError.textProperty().isNotEmpty());
        columns.setId("catalogColumns");
        columns.setOnShowing(e -> fillColumnChooser());

        results.setId("catalogResults");
        results.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        results.setPlaceholder(new Label("No entries. Add a folder or a Tiled server, or change the search."));
        for (String f : ResultColumns.BUILT_IN) {
            results.getColumns().add(ResultColumns.column(f));
        }
        for (String k : catalogs.config().columns()) {
            results.getColumns().add(ResultColumns.column(k));
        }
        // Sorting is the catalog's job (the table holds one page): a header click becomes a new search.
        results.setSortPolicy(t -> {
            if (!applyingSort) {
                onHeaderSort();
            }
            return true;
        });
        results.setRowFactory(t -> {
            TableRow<CatalogEntry> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    open(row.getItem());
                }
            });
            return row;
        });
        results.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && results.getSelectionModel().getSelectedItem() != null) {
                open(results.getSelectionModel().getSelectedItem());
                e.consume();
            }
        });
        results.getSelectionModel().selectedItemProperty().addListener((obs, o, n) -> showDetails(n));


        metadata.setId("catalogMetadata");
        metadata.tree().setPlaceholder(new Label("Select an entry to see its metadata"));
        status.setId("catalogStatus");
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        loadMore.setId("catalogLoadMore");
        loadMore.setOnAction(e -> loadMore());
        loadMore.setVisible(false);
        runPipeline.setId("catalogRunPipeline");
        runPipeline.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(
                results.getSelectionModel().getSelectedItems()));
        runPipeline.setOnAction(e -> runPipelineOnSelection());
        actionMessage.setId("catalogMessage");
        actionMessage.setWrapText(true);

        up.setId("catalogUp");
        up.setOnAction(e -> {
            int slash = container == null ? -1 : container.lastIndexOf('/');
            String parent = slash < 0 ? null : container.substring(0, slash);
            setContainer(parent != null && selectedCatalog() instanceof TiledCatalog t
                    && parent.length() > t.basePath().length() ? parent : null);
            runSearch();
        });
        containerLabel.setId("catalogContainer");
        setContainer(null);
        HBox searchBar = new HBox(6, up, containerLabel, search, columns);
        searchBar.setAlignment(Pos.CENTER_LEFT);
        HBox bottom = new HBox(8, status, actionMessage, loadMore, runPipeline);
        bottom.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(4, searchBar, searchError);
        top.setPadding(new Insets(6, 6, 2, 6));
        bottom.setPadding(new Insets(4, 6, 4, 6));
        SplitPane resultsAndMeta = new SplitPane(results, metadata);
        resultsAndMeta.setOrientation(Orientation.HORIZONTAL);
        resultsAndMeta.setDividerPositions(0.68);
        BorderPane centre = new BorderPane(resultsAndMeta, top, null, bottom, null);
        SplitPane split = new SplitPane(catalogs, centre);
        split.setDividerPositions(0.23);
        SplitPane.setResizableWithParent(catalogs, false);
        setCenter(split);
    }

    /** The panel of the app: Tiled through {@link TiledCatalog#connect}. */
    public static CatalogPanel create(Executor io, CatalogConfigStore configStore, CatalogActions actions) {
        return new CatalogPanel(io, configStore, TiledCatalog::connect, actions);
    }

    /** Shows the local catalog once it is open (it opens in the background). FX thread. */
    public void setLocalCatalog(CompletableFuture<? extends Catalog> opening) {
        catalogs.setLocal(opening);
    }

    /** Adds an open catalog to the list. FX thread. */
    public void addCatalog(Catalog catalog) {
        catalogs.addCatalog(catalog);
    }

    /** Adds a folder to the local catalog and indexes it. FX thread. */
    public void addFolder(Path folder) {
        catalogs.addFolder(folder);
    }

    /** Rescans the local catalog's folders. FX thread. */
    public void rescan() {
        catalogs.rescan();
    }

    /** Whether the local catalog is being indexed. */
    public boolean indexing() {
        return catalogs.indexing();
    }

    /** The catalog searched now (the selected one), or null. */
    public Catalog selectedCatalog() {
        return catalogs.selectedCatalogProperty().get();
    }

    /** The results as shown. */
    public TableView<CatalogEntry> results() {
        return results;
    }

    /** The metadata browser of the selected entry. */
    public MetadataBrowser metadataBrowser() {
        return metadata;
    }

    /** The status line: how many entries match and how long the search took. */
    public String statusText() {
        return status.getText();
    }

    /** The search bar's parse error, or empty. */
    public String searchErrorText() {
        return searchError.getText();
    }

    /** The last action's message (open failed, no files to run on), or empty. */
    public String messageText() {
        return actionMessage.getText();
    }

    /** The sort the table asks the catalog for. */
    public CatalogSort sort() {
        return sort;
    }

    /** The catalogs list (tests look at lines and errors). */
    CatalogListPane catalogsPane() {
        return catalogs;
    }

    /** Closes every catalog. */
    public void close() {
        typingPause.stop(); // a pending search must not start on an executor that is about to stop
        searches.cancel();
        details.cancel();
        for (Catalog c : catalogs.catalogs()) {
            try {
                io.execute(c::close);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                c.close(); // the window is going away and its executor already stopped
            }
        }
    }

    /** Runs the search bar's text against the selected catalog. FX thread. */
    public void runSearch() {
        CatalogQueryParser.Parsed parsed;
        try {
            parsed = CatalogQueryParser.parseWithSort(search.getText());
        } catch (IllegalArgumentException e) {
            searchError.setText(e.getMessage());
            searches.cancel();
            return;
        }
        searchError.setText("");
        query = parsed.query();
        textSort = parsed.sort();
        textSort.ifPresent(s -> {
            sort = s;
            showSortInHeader();
        });
        fetch(0);
    }

    /** Searches again as now (the catalog changed), keeping as many rows as are loaded. */
    void refresh() {
        if (searchError.getText().isEmpty()) {
            fetch(0, Math.max(PAGE_SIZE, results.getItems().size()));
        }
    }

    private void loadMore() {
        loadingMore = true;
        fetch(results.getItems().size(), PAGE_SIZE);
    }

    private void fetch(int offset) {
        fetch(offset, PAGE_SIZE);
    }

    private void fetch(int offset, int limit) {
        Catalog catalog = selectedCatalog();
        if (catalog == null) {
            searches.cancel();
            results.getItems().clear();
            String problem = catalogs.selectedProblem();
            status.setText(problem.isEmpty() ? "No catalog selected" : problem);
            loadMore.setVisible(false);
            return;
        }
        CatalogQuery q = query;
        CatalogSort s = sort;
        status.setText(offset == 0 ? "Searching " + catalog.displayName() + " …" : "Loading more …");
        if (offset == 0) {
            loadingMore = false;
        }
        String inside = container;
        searches.submit(() -> inside != null && catalog instanceof TiledCatalog t ? t.search(inside, q, s, offset, limit)
                : catalog.search(q, s, offset, limit), page -> {
            loadingMore = false;
            show(page, offset, limit);
        }, error -> {
            loadingMore = false;
            if (offset == 0) {
                results.getItems().clear();
            }
            status.setText("");
            searchError.setText(CatalogListPane.messageOf(error));
            loadMore.setVisible(false);
        });
    }

    /** Searches inside this Tiled container (null: the catalog's own); the bar shows where and an "up" button. */
    private void setContainer(String path) {
        container = path;
        containerLabel.setText(path == null ? "" : path + " /");
        up.setVisible(path != null);
        up.setManaged(path != null);
        containerLabel.setManaged(path != null);
    }

    /** The Tiled container browsed into, or null. */
    public String container() {
        return container;
    }

    /** Scrolling to the last row loads the next page, as "Load more" does (hooked once the table has a skin). */
    private void hookScrollBar() {
        if (scrollHooked) {
            return;
        }
        for (Node bar : results.lookupAll(".scroll-bar")) {
            if (bar instanceof ScrollBar sb && sb.getOrientation() == Orientation.VERTICAL) {
                scrollHooked = true;
                sb.valueProperty().addListener((v, a, b) -> {
                    if (b.doubleValue() >= sb.getMax() && loadMore.isVisible() && !loadingMore) {
                        loadMore();
                    }
                });
            }
        }
    }

    private void show(CatalogPage page, int offset, int limit) {
        hookScrollBar();
        String selectedId = results.getSelectionModel().getSelectedItem() == null ? null
                : results.getSelectionModel().getSelectedItem().id();
        if (offset == 0) {
            results.getItems().setAll(page.entries());
        } else {
            results.getItems().addAll(page.entries());
        }
        for (CatalogEntry e : page.entries()) {
            seenKeys.addAll(e.metadata().keySet());
        }
        total = page.total();
        int shown = results.getItems().size();
        status.setText((total < 0 ? shown + " entries" : total == 1 ? "1 entry" : total + " entries")
                + (total > shown ? " (" + shown + " shown)" : "")
                + String.format(Locale.ROOT, " · %.0f ms", page.millis()));
        loadMore.setVisible(total < 0 ? page.entries().size() == limit : shown < total);
        if (selectedId != null && offset == 0) {
            for (CatalogEntry e : results.getItems()) {
                if (e.id().equals(selectedId)) {
                    results.getSelectionModel().select(e);
                    break;
                }
            }
        }
    }

    private void onHeaderSort() {
        if (results.getSortOrder().isEmpty()) {
            sort = CatalogSort.newestFirst();
        } else {
            TableColumn<CatalogEntry, ?> c = results.getSortOrder().get(0);
            sort = new CatalogSort((String) c.getUserData(), c.getSortType() == TableColumn.SortType.DESCENDING);
        }
        fetch(0);
    }

    /** Marks the column the catalog sorts by (a sort typed in the search bar). */
    private void showSortInHeader() {
        applyingSort = true;
        try {
            results.getSortOrder().clear();
            for (TableColumn<CatalogEntry, ?> c : results.getColumns()) {
                if (sort.field().equals(c.getUserData())) {
                    c.setSortType(sort.descending() ? TableColumn.SortType.DESCENDING : TableColumn.SortType.ASCENDING);
                    results.getSortOrder().add(c);
                }
            }
        } finally {
            applyingSort = false;
        }
    }

    /** The column chooser: suggested keys and every key seen in the results so far. */
    private void fillColumnChooser() {
        Set<String> keys = new LinkedHashSet<>(catalogs.config().columns());
        keys.addAll(ResultColumns.SUGGESTED);
        keys.addAll(seenKeys);
        columns.getItems().clear();
        for (String k : keys) {
            if (ResultColumns.BUILT_IN.contains(k)) {
                continue;
            }
            CheckMenuItem item = new CheckMenuItem(k);
            item.setId("catalogColumn-choice-" + k);
            item.setSelected(catalogs.config().columns().contains(k));
            item.setOnAction(e -> setColumnShown(k, item.isSelected()));
            columns.getItems().add(item);
        }
    }

    /** Shows or hides a metadata column, remembering the choice. FX thread. */
    public void setColumnShown(String key, boolean shown) {
        List<String> keys = new ArrayList<>(catalogs.config().columns());
        keys.remove(key);
        results.getColumns().removeIf(c -> key.equals(c.getUserData()));
        if (shown) {
            keys.add(key);
            results.getColumns().add(ResultColumns.column(key));
        }
        catalogs.saveConfig(catalogs.config().withColumns(keys));
    }

    /** The metadata keys shown as columns. */
    public List<String> metadataColumns() {
        return catalogs.config().columns();
    }

    private void showDetails(CatalogEntry entry) {
        Catalog catalog = selectedCatalog();
        if (entry == null || catalog == null) {
            details.cancel();
            return;
        }
        // The row already has the facts; the catalog's entry() has all of them (Tiled pages carry fewer fields).
        metadata.setRoot(EntryMetadataTree.of(entry));
        metadata.select("/");
        details.submit(() -> catalog.entry(entry.id()), full -> {
            metadata.setRoot(EntryMetadataTree.of(full));
            if (metadata.selectedNodeProperty().get() == null) {
                metadata.select("/");
            }
        }, error -> actionMessage.setText("Cannot read the metadata of " + entry.name() + ": "
                + CatalogListPane.messageOf(error)));
    }

    /** Opens an entry: a local file as a dropped file, a remote array in a slice-view tab. FX thread. */
    public void open(CatalogEntry entry) {
        actionMessage.setText("");
        if (entry.file().isPresent()) {
            actions.openFile(entry.file().get());
            return;
        }
        Catalog catalog = selectedCatalog();
        if (catalog == null) {
            return;
        }
        if ("container".equals(entry.family()) && catalog instanceof TiledCatalog) {
            setContainer(entry.id());
            runSearch();
            return;
        }
        actionMessage.setText("Opening " + entry.name() + " …");
        opens.submit(() -> catalog.array(entry), array -> {
            if (array.isEmpty()) {
                actionMessage.setText(entry.name() + " is a " + entry.family()
                        + ", not an array: nothing to show in the slice view");
                return;
            }
            actionMessage.setText("");
            LazyDataset ds = array.get();
            actions.openArray(entry.name() + " (" + catalog.displayName() + ")", ds);
        }, error -> actionMessage.setText("Cannot open " + entry.name() + ": " + CatalogListPane.messageOf(error)));
    }

    private void runPipelineOnSelection() {
        List<CatalogEntry> chosen = List.copyOf(results.getSelectionModel().getSelectedItems());
        List<Path> files = chosen.stream().filter(e -> e.file().isPresent()).map(e -> e.file().get()).toList();
        if (files.isEmpty()) {
            actionMessage.setText("The selected entries have no local files: a pipeline runs on files (remote"
                    + " arrays cannot be sent to the batch yet)");
            return;
        }
        actionMessage.setText(files.size() < chosen.size()
                ? (chosen.size() - files.size()) + " selected entries have no local file and were left out" : "");
        actions.runPipeline(files);
    }
}
