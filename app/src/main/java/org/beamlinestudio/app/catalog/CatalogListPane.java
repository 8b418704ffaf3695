package org.beamlinestudio.app.catalog;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.beamlinestudio.catalog.Catalog;
import org.beamlinestudio.catalog.CatalogException;
import org.beamlinestudio.catalog.CatalogQuery;
import org.beamlinestudio.catalog.CatalogSort;
import org.beamlinestudio.catalog.local.LocalCatalog;
import org.beamlinestudio.core.exec.slurm.SecretSource;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalogs list: "Local folders" (its folders below it; add, remove, rescan with progress and the files that
 * could not be indexed) and the Tiled servers (add with address and key; a connection error stays on the line).
 * Every catalog call runs on the background executor.
 */
final class CatalogListPane extends VBox {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogListPane.class);

    /** Opens a Tiled server (tests pass a stand-in). */
    @FunctionalInterface
    interface TiledConnector {
        Catalog connect(URI server, Optional<String> apiKey) throws CatalogException;
    }

    private final Executor io;
    private final CatalogConfigStore configStore;
    private final TiledConnector connector;
    private final Runnable contentChanged;
    private CatalogConfig config;

    final TreeView<Object> list = new TreeView<>(new TreeItem<>("catalogs"));
    final Button addFolder = new Button("Add folder…");
    final Button remove = new Button("Remove");
    final Button rescan = new Button("Rescan");
    final Button addTiled = new Button("Add Tiled server…");
    final ProgressBar indexProgress = new ProgressBar(0);
    final Label indexStatus = new Label();
    final Button indexCancel = new Button("Cancel");
    final ListView<String> indexErrors = new ListView<>();
    final TextField tiledUrl = new TextField();
    final PasswordField tiledKey = new PasswordField();
    final Button tiledConnect = new Button("Connect");
    final Label tiledError = new Label();
    private final VBox tiledForm;
    private final ReadOnlyObjectWrapper<Catalog> selected = new ReadOnlyObjectWrapper<>(this, "selectedCatalog");
    private volatile Cancellation scanCancel;

    CatalogListPane(Executor io, CatalogConfigStore configStore, TiledConnector connector, Runnable contentChanged) {
        super(6);
        this.io = io;
        this.configStore = configStore;
        this.connector = connector;
        this.contentChanged = contentChanged;
        this.config = configStore.load();
        setPadding(new Insets(6));
        setPrefWidth(300);
        setMinWidth(230);

        list.setId("catalogList");
        list.setShowRoot(false);
        list.setCellFactory(t -> new SourceCell());
        list.getSelectionModel().selectedItemProperty().addListener((obs, o, n) -> selected.set(catalogOf(n)));
        VBox.setVgrow(list, Priority.ALWAYS);

        addFolder.setId("catalogAddFolder");
        addFolder.setOnAction(e -> {
            File d = new DirectoryChooser().showDialog(getScene().getWindow());
            if (d != null) {
                addFolder(d.toPath());
            }
        });
        remove.setId("catalogRemove");
        remove.setOnAction(e -> removeSelected());
        rescan.setId("catalogRescan");
        rescan.setOnAction(e -> {
            // On a Tiled server that could not be reached, "Rescan" tries it again.
            TreeItem<Object> item = list.getSelectionModel().getSelectedItem();
            if (item != null && item.getValue() instanceof CatalogSource s && s.kind == CatalogSource.Kind.TILED) {
                if (s.failed) {
                    connect(item, s);
                }
                return;
            }
            rescan();
        });
        addTiled.setId("catalogAddTiled");

        indexProgress.setId("catalogIndexProgress");
        indexProgress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(indexProgress, Priority.ALWAYS);
        indexCancel.setId("catalogIndexCancel");
        indexCancel.setOnAction(e -> {
            Cancellation c = scanCancel;
            if (c != null) {
                c.cancel();
            }
        });
        HBox progressRow = new HBox(4, indexProgress, indexCancel);
        progressRow.visibleProperty().bind(indexCancel.disableProperty().not());
        progressRow.managedProperty().bind(progressRow.visibleProperty());
        indexCancel.setDisable(true);
        indexStatus.setId("catalogIndexStatus");
        indexStatus.setWrapText(true);
        indexErrors.setId("catalogIndexErrors");
        indexErrors.setPrefHeight(90);
        indexErrors.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null ? null : new javafx.scene.control.Tooltip(item));
                setStyle("-fx-text-fill: #c62828;");
            }
        });
        indexErrors.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(indexErrors.getItems()));
        indexErrors.managedProperty().bind(indexErrors.visibleProperty());

        tiledUrl.setId("catalogTiledUrl");
        tiledUrl.setPromptText("https://tiled.example.org");
        tiledKey.setId("catalogTiledKey");
        tiledKey.setPromptText("API key (empty for a public server)");
        tiledConnect.setId("catalogTiledConnect");
        tiledConnect.setDefaultButton(false);
        tiledConnect.setOnAction(e -> connectFromForm());
        tiledError.setId("catalogTiledError");
        tiledError.setWrapText(true);
        tiledError.setStyle("-fx-text-fill: #c62828;");
        Label keyNote = new Label("The key is kept in a file only you can read, not in the settings.");
        keyNote.setWrapText(true);
        keyNote.setStyle("-fx-text-fill: #78909c; -fx-font-size: 11px;");
        tiledForm = new VBox(4, new Label("Tiled server"), tiledUrl, tiledKey, keyNote, tiledConnect, tiledError);
        tiledForm.setId("catalogTiledForm");
        tiledForm.setVisible(false);
        tiledForm.managedProperty().bind(tiledForm.visibleProperty());
        addTiled.setOnAction(e -> {
            tiledForm.setVisible(!tiledForm.isVisible());
            if (tiledForm.isVisible()) {
                tiledUrl.requestFocus();
            }
        });

        javafx.scene.layout.FlowPane localButtons = new javafx.scene.layout.FlowPane(4, 4, addFolder, remove, rescan);
        for (Button b : List.of(addFolder, remove, rescan, addTiled)) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        getChildren().addAll(list, localButtons, progressRow, indexStatus, indexErrors, addTiled, tiledForm);
        for (CatalogConfig.TiledServer s : config.tiledServers()) {
            reconnect(s);
        }
    }

    /** Why the selected line's catalog is not open, or empty when it is (or none is selected). */
    String selectedProblem() {
        TreeItem<Object> item = list.getSelectionModel().getSelectedItem();
        return item != null && item.getValue() instanceof CatalogSource s && (s.failed || s.catalog == null)
                ? s.title + ": " + s.state : "";
    }

    /** The catalog whose line (or folder) is selected. */
    ReadOnlyObjectProperty<Catalog> selectedCatalogProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The config as now. */
    CatalogConfig config() {
        return config;
    }

    /** Stores a new config (columns chosen) in the background. */
    void saveConfig(CatalogConfig c) {
        this.config = c;
        io.execute(() -> {
            try {
                configStore.save(c);
            } catch (IOException e) {
                LOG.warn("cannot save {}: {}", configStore.file(), e.toString());
            }
        });
    }

    /** The local catalog, opened in the background; selected once open. */
    void setLocal(CompletableFuture<? extends Catalog> opening) {
        CatalogSource s = new CatalogSource(CatalogSource.Kind.LOCAL, "Local folders", null, null);
        s.state = "opening …";
        TreeItem<Object> item = new TreeItem<>(s);
        item.setExpanded(true);
        list.getRoot().getChildren().add(0, item);
        opening.whenComplete((cat, error) -> Platform.runLater(() -> {
            if (error != null) {
                s.failed = true;
                s.state = messageOf(error);
            } else {
                s.catalog = cat;
                s.state = "";
                if (cat instanceof LocalCatalog local) {
                    local.addListener(contentChanged);
                    local.recoveryNote().ifPresent(note -> indexStatus.setText(note));
                    refreshFolders(item);
                    loadIndexErrors();
                }
            }
            list.refresh();
            if (list.getSelectionModel().isEmpty() || list.getSelectionModel().getSelectedItem() == item) {
                list.getSelectionModel().clearSelection();
                list.getSelectionModel().select(item);
            }
        }));
    }

    /** Adds a catalog that is already open (tests, plugins). FX thread. */
    void addCatalog(Catalog catalog) {
        CatalogSource s = new CatalogSource(CatalogSource.Kind.LOCAL, catalog.displayName(), null, null);
        s.catalog = catalog;
        s.state = "";
        TreeItem<Object> item = new TreeItem<>(s);
        list.getRoot().getChildren().add(item);
        if (list.getSelectionModel().isEmpty()) {
            list.getSelectionModel().select(item);
        }
    }

    /** Every open catalog, for closing. */
    List<Catalog> catalogs() {
        return list.getRoot().getChildren().stream().map(i -> i.getValue() instanceof CatalogSource s ? s.catalog : null)
                .filter(c -> c != null).toList();
    }

    private Optional<LocalCatalog> local() {
        return catalogs().stream().filter(LocalCatalog.class::isInstance).map(LocalCatalog.class::cast).findFirst();
    }

    private TreeItem<Object> localItem() {
        return list.getRoot().getChildren().stream()
                .filter(i -> i.getValue() instanceof CatalogSource s && s.catalog instanceof LocalCatalog)
                .findFirst().orElse(null);
    }

    private static Catalog catalogOf(TreeItem<Object> item) {
        for (TreeItem<Object> i = item; i != null; i = i.getParent()) {
            if (i.getValue() instanceof CatalogSource s) {
                return s.failed ? null : s.catalog;
            }
        }
        return null;
    }

    /** Adds a folder to the local catalog and indexes it. FX thread. */
    void addFolder(Path folder) {
        Optional<LocalCatalog> local = local();
        if (local.isEmpty()) {
            indexStatus.setText("The local catalog is not open; cannot add " + folder);
            return;
        }
        CompletableFuture.runAsync(() -> {
            try {
                local.get().addFolder(folder);
            } catch (CatalogException e) {
                throw new CompletionException(e);
            }
        }, io).whenComplete((v, error) -> Platform.runLater(() -> {
            if (error != null) {
                indexStatus.setText(messageOf(error));
                return;
            }
            refreshFolders(localItem());
            rescan();
        }));
    }

    private void removeSelected() {
        TreeItem<Object> item = list.getSelectionModel().getSelectedItem();
        if (item == null) {
            return;
        }
        if (item.getValue() instanceof Path folder) {
            local().ifPresent(l -> CompletableFuture.runAsync(() -> {
                try {
                    l.removeFolder(folder);
                } catch (CatalogException e) {
                    throw new CompletionException(e);
                }
            }, io).whenComplete((v, error) -> Platform.runLater(() -> {
                indexStatus.setText(error != null ? messageOf(error) : "Removed " + folder + " from the catalog");
                refreshFolders(localItem());
            })));
        } else if (item.getValue() instanceof CatalogSource s && s.kind == CatalogSource.Kind.TILED) {
            list.getRoot().getChildren().remove(item);
            saveConfig(config.withoutServer(s.uri.toString()));
            Catalog c = s.catalog;
            io.execute(() -> {
                if (c != null) {
                    c.close();
                }
                try {
                    TiledKeyFiles.delete(s.key);
                } catch (IOException e) {
                    LOG.warn("cannot delete the key file of {}: {}", s.uri, e.toString());
                }
            });
        }
    }

    private void refreshFolders(TreeItem<Object> item) {
        Optional<LocalCatalog> local = local();
        if (item == null || local.isEmpty()) {
            return;
        }
        CompletableFuture.supplyAsync(() -> {
            try {
                return local.get().folders();
            } catch (CatalogException e) {
                throw new CompletionException(e);
            }
        }, io).whenComplete((folders, error) -> Platform.runLater(() -> {
            if (error != null) {
                indexStatus.setText(messageOf(error));
                return;
            }
            item.getChildren().setAll(folders.stream().map(f -> new TreeItem<Object>(f)).toList());
            item.setExpanded(true);
        }));
    }

    /** Brings the local catalog up to date, with progress and a cancel button. FX thread. */
    void rescan() {
        Optional<LocalCatalog> local = local();
        if (local.isEmpty() || scanCancel != null) {
            return;
        }
        Cancellation cancel = new Cancellation();
        scanCancel = cancel;
        indexCancel.setDisable(false);
        rescan.setDisable(true);
        indexProgress.setProgress(-1);
        indexStatus.setText("Indexing …");
        Progress progress = (fraction, message) -> Platform.runLater(() -> {
            if (scanCancel == cancel) {
                indexProgress.setProgress(fraction);
                indexStatus.setText(message);
            }
        });
        CompletableFuture.supplyAsync(() -> {
            try {
                return local.get().rescan(progress, cancel);
            } catch (CatalogException | Cancellation.CancelledException e) {
                throw new CompletionException(e);
            }
        }, io).whenComplete((sum, error) -> Platform.runLater(() -> {
            scanCancel = null;
            indexCancel.setDisable(true);
            rescan.setDisable(false);
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                indexStatus.setText(cause instanceof Cancellation.CancelledException
                        ? "Indexing cancelled; the files indexed so far are kept" : messageOf(cause));
            } else {
                indexStatus.setText("Indexed " + sum.indexed() + " new or changed, " + sum.unchanged() + " unchanged, "
                        + sum.removed() + " removed" + (sum.failed() == 0 ? "" : ", " + sum.failed() + " unreadable")
                        + (sum.problems().isEmpty() ? "" : "\n" + String.join("\n", sum.problems())));
            }
            loadIndexErrors();
            contentChanged.run();
        }));
    }

    /** Whether an indexing run is under way. */
    boolean indexing() {
        return scanCancel != null;
    }

    /** Lists the files the indexer could not read, with its message (entries carrying {@code index_error}). */
    private void loadIndexErrors() {
        Optional<LocalCatalog> local = local();
        if (local.isEmpty()) {
            return;
        }
        CatalogQuery errors = new CatalogQuery(List.of(),
                List.of(new CatalogQuery.Condition("index_error", CatalogQuery.Op.CONTAINS, "")));
        CompletableFuture.supplyAsync(() -> {
            try {
                return local.get().search(errors, new CatalogSort("name", false), 0, 200);
            } catch (CatalogException e) {
                throw new CompletionException(e);
            }
        }, io).whenComplete((page, error) -> Platform.runLater(() -> {
            if (error != null) {
                LOG.warn("cannot list the files that failed to index: {}", error.toString());
                return;
            }
            indexErrors.getItems().setAll(page.entries().stream()
                    .map(e -> String.valueOf(e.metadata().getOrDefault("index_error", e.id()))).toList());
        }));
    }

    private void connectFromForm() {
        String text = tiledUrl.getText() == null ? "" : tiledUrl.getText().strip();
        URI uri;
        try {
            uri = URI.create(text);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("expected an http:// or https:// address");
            }
        } catch (IllegalArgumentException e) {
            tiledError.setText("Not a server address: '" + text + "' (e.g. https://tiled.example.org)");
            return;
        }
        String key = tiledKey.getText() == null ? "" : tiledKey.getText().strip();
        tiledConnect.setDisable(true);
        tiledError.setStyle("-fx-text-fill: #37474f;");
        tiledError.setText("Connecting to " + uri + " …");
        CompletableFuture.supplyAsync(() -> {
            try {
                Catalog c = connector.connect(uri, key.isEmpty() ? Optional.empty() : Optional.of(key));
                SecretSource source = key.isEmpty() ? null : TiledKeyFiles.store(configStore.keyFolder(), uri, key);
                return new Object[] {c, source};
            } catch (CatalogException | IOException e) {
                throw new CompletionException(e);
            }
        }, io).whenComplete((pair, error) -> Platform.runLater(() -> {
            tiledConnect.setDisable(false);
            if (error != null) {
                tiledError.setStyle("-fx-text-fill: #c62828;");
                tiledError.setText(messageOf(error));
                return;
            }
            Catalog c = (Catalog) pair[0];
            SecretSource source = (SecretSource) pair[1];
            tiledError.setText("");
            tiledKey.clear();
            tiledForm.setVisible(false);
            saveConfig(config.withServer(new CatalogConfig.TiledServer(uri.toString(), source)));
            CatalogSource s = new CatalogSource(CatalogSource.Kind.TILED, c.displayName(), uri, source);
            s.catalog = c;
            s.state = "";
            list.getRoot().getChildren().removeIf(i -> i.getValue() instanceof CatalogSource o && uri.equals(o.uri));
            TreeItem<Object> item = new TreeItem<>(s);
            list.getRoot().getChildren().add(item);
            list.getSelectionModel().select(item);
        }));
    }

    /** Connects a saved server in the background; the line shows the error if it fails. */
    private void reconnect(CatalogConfig.TiledServer server) {
        URI uri = URI.create(server.uri());
        CatalogSource s = new CatalogSource(CatalogSource.Kind.TILED, uri.getHost() == null ? server.uri()
                : "Tiled " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""), uri, server.key());
        TreeItem<Object> item = new TreeItem<>(s);
        list.getRoot().getChildren().add(item);
        connect(item, s);
    }

    /** (Re)connects the server of a line, reading its key from its file. */
    private void connect(TreeItem<Object> item, CatalogSource s) {
        URI uri = s.uri;
        s.failed = false;
        s.state = "connecting …";
        list.refresh();
        CompletableFuture.supplyAsync(() -> {
            try {
                Optional<String> key = s.key == null ? Optional.empty() : Optional.of(TiledKeyFiles.read(s.key, uri));
                return connector.connect(uri, key);
            } catch (CatalogException | org.beamlinestudio.core.exec.slurm.SlurmException e) {
                throw new CompletionException(e);
            }
        }, io).whenComplete((c, error) -> Platform.runLater(() -> {
            if (error != null) {
                s.failed = true;
                s.state = messageOf(error);
            } else {
                s.catalog = c;
                s.state = "";
            }
            list.refresh();
            if (list.getSelectionModel().getSelectedItem() == item) {
                selected.set(catalogOf(item));
            }
        }));
    }

    static String messageOf(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** Catalogs in bold, failures in red with their message (white on the selection), folders plain. */
    private static final class SourceCell extends TreeCell<Object> {
        SourceCell() {
            selectedProperty().addListener((obs, o, n) -> updateItem(getItem(), isEmpty()));
        }

        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            setTooltip(null);
            if (empty || item == null) {
                setText(null);
                setStyle(null);
                return;
            }
            if (item instanceof CatalogSource s) {
                setText(s.text());
                setStyle(s.failed && !isSelected() ? "-fx-text-fill: #c62828; -fx-font-weight: bold;"
                        : "-fx-font-weight: bold;");
                setWrapText(true);
                setPrefWidth(0);
                if (s.failed) {
                    setTooltip(new javafx.scene.control.Tooltip(s.state));
                }
            } else {
                setText(item instanceof Path p && p.getFileName() != null ? p.getFileName() + "  (" + p + ")"
                        : String.valueOf(item));
                setStyle(null);
                setTooltip(new javafx.scene.control.Tooltip(String.valueOf(item)));
            }
        }
    }
}
