package org.beamlinestudio.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Dialog;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.SplitPane;
import javafx.geometry.Orientation;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.beamlinestudio.app.catalog.CatalogActions;
import org.beamlinestudio.app.catalog.CatalogArrayTab;
import org.beamlinestudio.app.catalog.CatalogConfigStore;
import org.beamlinestudio.app.catalog.CatalogPanel;
import org.beamlinestudio.catalog.local.LocalCatalog;
import org.beamlinestudio.core.StudioDirs;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.cli.StudioVersion;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.ExecutorProvider;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.exec.LocalExecutor;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.tiff.TiffStack;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;
import org.beamlinestudio.viewer.perspective.PerspectiveProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window: menus, a drop zone for HDF5 / NeXus files, one tab per open file, and a status
 * line. Everything slow runs on the I/O executor; the FX thread only builds and updates views.
 */
public final class StudioWindow {
    private static final Logger LOG = LoggerFactory.getLogger(StudioWindow.class);

    /**
     * What the window needs from outside: settings, how to open files, plugins, the I/O executor, the
     * compute executor perspectives get (separate, so previews never starve reads), the perspective
     * providers and the providers of remote executors (tests pass fakes).
     */
    public record Context(SettingsStore settingsStore, OpenedFile.Opener opener,
                          CompletableFuture<PluginRegistry> plugins, ExecutorService io, ExecutorService compute,
                          List<PerspectiveProvider> perspectives, List<ExecutorProvider> executorProviders) {

        /** No perspectives and no remote executors: the shell as a plain HDF5 browser. */
        public Context(SettingsStore settingsStore, OpenedFile.Opener opener,
                       CompletableFuture<PluginRegistry> plugins, ExecutorService io) {
            this(settingsStore, opener, plugins, io, StudioApp.newComputeExecutor(), List.of(), List.of());
        }

        public Context {
            perspectives = List.copyOf(perspectives);
            executorProviders = List.copyOf(executorProviders);
        }
    }

    private final Stage stage;
    private final Context ctx;
    private final TabPane tabs = new TabPane();
    private final VBox dropZone;
    private final VBox recentBox = new VBox(2);
    private final Label dragOverlay = new Label();
    private final Label status = new Label();
    private final Menu recentMenu = new Menu("Open Recent");
    private final BorderPane root = new BorderPane();
    private final JobsPanel jobsPanel;
    private final SplitPane centerSplit = new SplitPane();
    private final Label jobsStatus = new Label();
    private final CheckMenuItem jobsItem = new CheckMenuItem("Jobs");
    private final CheckMenuItem catalogItem = new CheckMenuItem("Catalog");
    private Tab catalogTab;
    private CatalogPanel catalogPanel;
    private Path catalogDatabase = LocalCatalog.defaultDatabaseFile();
    private LocalExecutor localExecutor;
    private Settings settings;
    private BiConsumer<FileTab, Long> onFirstImage = (t, ms) -> { };

    /** Builds the window's scene into {@code stage} (not shown yet). FX thread. */
    public StudioWindow(Stage stage, Context ctx) {
        this.stage = stage;
        this.ctx = ctx;
        this.settings = ctx.settingsStore().load();

        tabs.setId("fileTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);

        Label dropTitle = new Label("Drop HDF5 / NeXus files here");
        Label dropTiff = new Label("or a TIFF file, or a folder of TIFF slices");
        dropTiff.setStyle("-fx-font-size: 14px; -fx-text-fill: #78909c;");
        dropTitle.setStyle("-fx-font-size: 22px; -fx-text-fill: #455a64;");
        Label dropHint = new Label("or File → Open…  (Ctrl+O)");
        dropHint.setStyle("-fx-font-size: 14px; -fx-text-fill: #78909c;");
        recentBox.setAlignment(Pos.CENTER);
        dropZone = new VBox(10, dropTitle, dropTiff, dropHint, recentBox);
        dropZone.setId("dropZone");
        dropZone.setAlignment(Pos.CENTER);
        dropZone.setMaxSize(640, 360);
        dropZone.setStyle("-fx-border-color: #90a4ae; -fx-border-style: segments(10, 8); -fx-border-width: 2;"
                + " -fx-border-radius: 12; -fx-background-color: #fafafa; -fx-background-radius: 12;");
        StackPane emptyPane = new StackPane(dropZone);
        emptyPane.setPadding(new Insets(40));
        emptyPane.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(tabs.getTabs()));
        tabs.visibleProperty().bind(emptyPane.visibleProperty().not());

        dragOverlay.setId("dragOverlay");
        dragOverlay.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        dragOverlay.setAlignment(Pos.CENTER);
        dragOverlay.setMouseTransparent(true);
        dragOverlay.setVisible(false);

        StackPane center = new StackPane(tabs, emptyPane, dragOverlay);
        jobsPanel = new JobsPanel(ctx.io(), this::open);
        centerSplit.setOrientation(Orientation.VERTICAL);
        centerSplit.getItems().add(center);
        root.setCenter(centerSplit);
        root.setTop(menuBar());

        status.setId("statusLine");
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        jobsStatus.setId("jobsStatus");
        jobsStatus.setStyle("-fx-text-fill: #37474f; -fx-cursor: hand;");
        jobsStatus.setOnMouseClicked(e -> setJobsVisible(!jobsItem.isSelected()));
        jobsPanel.runningProperty().addListener((obs, o, n) -> updateJobsStatus());
        updateJobsStatus();
        HBox statusBar = new HBox(12, status, jobsStatus);
        statusBar.setPadding(new Insets(3, 8, 3, 8));
        statusBar.setStyle("-fx-background-color: #eceff1;");
        root.setBottom(statusBar);
        showStatus("Ready. Config " + StudioDirs.config() + " · data " + StudioDirs.data());

        root.setOnDragOver(this::onDragOver);
        root.setOnDragExited(e -> hideDragFeedback());
        root.setOnDragDropped(this::onDragDropped);

        Settings.WindowBounds b = settings.window();
        Scene scene = new Scene(root, b == null ? 1280 : b.width(), b == null ? 800 : b.height());
        stage.setScene(scene);
        if (b != null) {
            stage.setX(b.x());
            stage.setY(b.y());
            stage.setMaximized(b.maximized());
        }
        stage.setOnCloseRequest(e -> saveWindow());
        stage.titleProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            Tab t = tabs.getSelectionModel().getSelectedItem();
            return t == null ? "Beamline Studio" : t.getText() + " — Beamline Studio";
        }, tabs.getSelectionModel().selectedItemProperty()));
        setIcons(stage);
        refreshRecent();
        resumeJobs();
    }

    /** Follows again the jobs remote executors remember (durable records), read off the FX thread. */
    private void resumeJobs() {
        for (ExecutorProvider p : ctx.executorProviders()) {
            ctx.io().execute(() -> {
                try {
                    List<JobHandle> jobs = p.resumeJobs();
                    if (!jobs.isEmpty()) {
                        Platform.runLater(() -> jobs.forEach(jobsPanel::add));
                    }
                } catch (RuntimeException e) {
                    LOG.warn("cannot resume the jobs of {}: {}", p.getClass().getName(), e.toString());
                }
            });
        }
    }

    private void updateJobsStatus() {
        int n = jobsPanel.runningProperty().get();
        jobsStatus.setText(n == 0 ? "No job running" : n == 1 ? "1 job running" : n + " jobs running");
    }

    /** Shows or hides the Jobs panel under the tabs (View → Jobs, Ctrl+J). FX thread. */
    public void setJobsVisible(boolean visible) {
        jobsItem.setSelected(visible);
        if (visible && !centerSplit.getItems().contains(jobsPanel)) {
            centerSplit.getItems().add(jobsPanel);
            centerSplit.setDividerPositions(0.7);
        } else if (!visible) {
            centerSplit.getItems().remove(jobsPanel);
        }
    }

    /** Whether the Jobs panel is shown. */
    public boolean jobsVisible() {
        return centerSplit.getItems().contains(jobsPanel);
    }

    /** Follows a submitted job in the Jobs panel, which opens by itself. Any thread. */
    public void jobSubmitted(JobHandle job) {
        FxThread.run(() -> {
            jobsPanel.add(job);
            setJobsVisible(true);
        });
    }

    /** The status bar's job count ("2 jobs running"). */
    public String jobsStatusText() {
        return jobsStatus.getText();
    }

    /** The Jobs panel. */
    public JobsPanel jobsPanel() {
        return jobsPanel;
    }

    /** This workstation's executor (one for the whole window) then every remote executor. */
    List<org.beamlinestudio.core.exec.Executor> executors() {
        List<org.beamlinestudio.core.exec.Executor> all = new ArrayList<>();
        all.add(localExecutor());
        for (ExecutorProvider p : ctx.executorProviders()) {
            try {
                all.addAll(p.executors());
            } catch (RuntimeException e) {
                LOG.warn("executor provider {} failed: {}", p.getClass().getName(), e.toString());
            }
        }
        return all;
    }

    private synchronized LocalExecutor localExecutor() {
        if (localExecutor == null) {
            localExecutor = new LocalExecutor(ctx.plugins().join(), executionSettings());
        }
        return localExecutor;
    }

    /** Local runs as the user's settings ask (compute device). */
    ExecutionSettings executionSettings() {
        return ExecutionSettings.defaults().withCompute(settings.computeDevice());
    }

    /** The context a perspective in {@code tab} gets. */
    PerspectiveContext perspectiveContext(FileTab tab) {
        ShellPerspectiveContext.Shell shell = new ShellPerspectiveContext.Shell(ctx.compute(), ctx.plugins().join(),
                this::executionSettings, this::executors, this::jobSubmitted, this::open);
        return new ShellPerspectiveContext(shell, tab::showTree);
    }

    /** The app icon at every rendered size (the window manager picks one); loaded in the background. */
    private static void setIcons(Stage stage) {
        try {
            for (java.net.URL url : org.beamlinestudio.icons.Icons.appIcons()) {
                stage.getIcons().add(new javafx.scene.image.Image(url.toExternalForm(), true));
            }
        } catch (RuntimeException e) {
            LOG.warn("no window icon: {}", e.getMessage());
        }
    }

    private MenuBar menuBar() {
        MenuItem open = new MenuItem("Open…");
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> chooseAndOpen());
        MenuItem openFolder = new MenuItem("Open Folder (TIFF stack)…");
        openFolder.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+O"));
        openFolder.setOnAction(e -> chooseAndOpenFolder());
        MenuItem close = new MenuItem("Close");
        close.setAccelerator(KeyCombination.keyCombination("Shortcut+W"));
        close.setOnAction(e -> closeSelected());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> quit());
        Menu file = new Menu("File", null, open, openFolder, recentMenu, close, new SeparatorMenuItem(), quit);
        MenuItem plugins = new MenuItem("Plugins…");
        plugins.setOnAction(e -> showPluginsDialog());
        MenuItem about = new MenuItem("About");
        about.setOnAction(e -> showAbout());
        Menu help = new Menu("Help", null, plugins, about);
        jobsItem.setAccelerator(KeyCombination.keyCombination("Shortcut+J"));
        jobsItem.setOnAction(e -> setJobsVisible(jobsItem.isSelected()));
        catalogItem.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+C"));
        catalogItem.setOnAction(e -> setCatalogVisible(catalogItem.isSelected()));
        Menu view = new Menu("View", null, jobsItem, catalogItem);
        MenuItem batch = new MenuItem("Batch run…");
        batch.setOnAction(e -> BatchRunDialog.show(stage, executors(),
                org.beamlinestudio.core.StudioDirs.results().resolve("batch"), ctx.compute(), this::jobSubmitted));
        MenuItem clusters = new MenuItem("Cluster profiles…");
        clusters.setOnAction(e -> ClusterProfilesDialog.show(stage,
                org.beamlinestudio.core.exec.slurm.ClusterProfiles.standard(), ctx.compute()));
        Menu run = new Menu("Run", null, batch, clusters);
        MenuBar bar = new MenuBar(file, view, run, help);
        bar.setId("menuBar");
        return bar;
    }

    /** Where the local catalog's database is (tests use a temporary one); read when the panel is first shown. */
    public void setCatalogDatabaseFile(Path databaseFile) {
        this.catalogDatabase = databaseFile;
    }

    /** Shows (creating on first use) or hides the Catalog tab. FX thread. */
    public void setCatalogVisible(boolean visible) {
        catalogItem.setSelected(visible);
        if (!visible) {
            if (catalogTab != null) {
                tabs.getTabs().remove(catalogTab);
            }
            return;
        }
        if (catalogTab == null) {
            catalogPanel = CatalogPanel.create(ctx.io(), new CatalogConfigStore(
                    ctx.settingsStore().file().resolveSibling("catalogs.json")), catalogActions());
            Path db = catalogDatabase;
            catalogPanel.setLocalCatalog(ctx.plugins().thenApplyAsync(reg -> {
                try {
                    LocalCatalog local = LocalCatalog.open(db, reg);
                    local.startWatching();
                    return local;
                } catch (org.beamlinestudio.catalog.CatalogException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, ctx.io()));
            catalogTab = new Tab("Catalog", catalogPanel);
            catalogTab.setId("catalogTab");
            catalogTab.setOnClosed(e -> catalogItem.setSelected(false));
        }
        if (!tabs.getTabs().contains(catalogTab)) {
            tabs.getTabs().add(0, catalogTab);
        }
        tabs.getSelectionModel().select(catalogTab);
    }

    /** The Catalog panel, or null before it was first shown. */
    public CatalogPanel catalogPanel() {
        return catalogPanel;
    }

    /** What the Catalog panel asks of the window. */
    private CatalogActions catalogActions() {
        return new CatalogActions() {
            @Override
            public void openFile(Path file) {
                open(file);
            }

            @Override
            public void openArray(String title, LazyDataset array) {
                CatalogArrayTab tab = new CatalogArrayTab(title, array, ctx.io());
                tabs.getTabs().add(tab);
                tabs.getSelectionModel().select(tab);
                showStatus("Showing " + title);
            }

            @Override
            public void runPipeline(List<Path> files) {
                BatchRunDialog.show(stage, executors(), StudioDirs.results().resolve("batch"), ctx.compute(),
                        StudioWindow.this::jobSubmitted, files);
            }
        };
    }

    /** The open tabs of remote arrays. */
    public List<CatalogArrayTab> arrayTabs() {
        return tabs.getTabs().stream().filter(CatalogArrayTab.class::isInstance).map(CatalogArrayTab.class::cast)
                .toList();
    }

    /** Opens a file in a new tab (or selects its tab if already open). Returns at once. FX thread. */
    public FileTab open(Path file) {
        Path p = file.toAbsolutePath().normalize();
        for (Tab t : tabs.getTabs()) {
            if (t instanceof FileTab ft && ft.file().equals(p) && ft.phaseProperty().get() != FileTab.Phase.FAILED) {
                tabs.getSelectionModel().select(ft);
                return ft;
            }
        }
        LOG.info("opening {}", p);
        FileTab[] holder = new FileTab[1];
        FileTab tab = new FileTab(p, ctx.opener(), ctx.io(), (t, ms) -> {
            showStatus("First image of " + t.file().getFileName() + " after " + ms + " ms");
            onFirstImage.accept(t, ms);
        }, () -> {
            rememberRecent(holder[0].file());
            // A folder with our pipeline.json is a finished result, not a scan: no technique perspective on it.
            if (!Files.isRegularFile(holder[0].file().resolve(TiffStack.SIDECAR))) {
                PerspectiveHost.attach(holder[0], ctx.plugins(), ctx::perspectives, ctx.io(), this::perspectiveContext);
            }
        });
        holder[0] = tab;
        tab.phaseProperty().addListener((obs, o, n) -> {
            if (n == FileTab.Phase.FAILED) {
                showError("Could not open " + p.getFileName() + " — see its tab");
            }
        });
        tabs.getTabs().add(tab);
        tabs.getSelectionModel().select(tab);
        showStatus("Opening " + p.getFileName() + " …");
        return tab;
    }

    /** Opens the files and folders of a drop (HDF5 / NeXus / TIFF, folders as TIFF stacks); returns whether any was accepted. */
    public boolean openDropped(List<File> files) {
        List<Path> accepted = DataFiles.accepted(files);
        if (accepted.isEmpty()) {
            showError("Not an HDF5 / NeXus / TIFF file or a folder: " + files.stream().map(File::getName).toList());
            return false;
        }
        accepted.forEach(this::open);
        return true;
    }

    void onDragOver(DragEvent e) {
        Dragboard db = e.getDragboard();
        if (db.hasFiles()) {
            List<Path> ok = DataFiles.accepted(db.getFiles());
            if (!ok.isEmpty()) {
                e.acceptTransferModes(TransferMode.COPY);
                showDragFeedback(true, "Drop to open " + (ok.size() == 1 ? ok.get(0).getFileName() : ok.size() + " files"));
            } else {
                showDragFeedback(false, "Not an HDF5 / NeXus / TIFF file or a folder");
            }
        }
        e.consume();
    }

    void onDragDropped(DragEvent e) {
        Dragboard db = e.getDragboard();
        boolean done = db.hasFiles() && openDropped(db.getFiles());
        hideDragFeedback();
        e.setDropCompleted(done);
        e.consume();
    }

    /** Shows the drag feedback overlay (green to accept, red to refuse). */
    void showDragFeedback(boolean accept, String text) {
        dragOverlay.setText(text);
        String colour = accept ? "46, 125, 50" : "183, 28, 28";
        dragOverlay.setStyle("-fx-font-size: 24px; -fx-text-fill: rgb(" + colour + "); -fx-background-color: rgba("
                + colour + ", 0.12); -fx-border-color: rgb(" + colour + "); -fx-border-width: 4;"
                + " -fx-border-style: segments(14, 10);");
        dragOverlay.setVisible(true);
    }

    void hideDragFeedback() {
        dragOverlay.setVisible(false);
    }

    /** Whether the drag feedback is on screen, and its text. */
    public String dragFeedback() {
        return dragOverlay.isVisible() ? dragOverlay.getText() : "";
    }

    private void chooseAndOpen() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open HDF5 / NeXus / TIFF file");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("HDF5 / NeXus / TIFF",
                java.util.stream.Stream.concat(DataFiles.EXTENSIONS.stream(), DataFiles.TIFF_EXTENSIONS.stream())
                        .sorted().map(x -> "*." + x).toList()));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*"));
        if (!settings.recentFiles().isEmpty()) {
            File dir = Path.of(settings.recentFiles().get(0)).getParent().toFile();
            if (dir.isDirectory()) {
                fc.setInitialDirectory(dir);
            }
        }
        List<File> chosen = fc.showOpenMultipleDialog(stage);
        if (chosen != null) {
            chosen.forEach(f -> open(f.toPath()));
        }
    }

    private void chooseAndOpenFolder() {
        javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
        dc.setTitle("Open a folder of TIFF slices");
        File chosen = dc.showDialog(stage);
        if (chosen != null) {
            open(chosen.toPath());
        }
    }

    /** Closes the selected tab and its file. */
    public void closeSelected() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        if (t instanceof FileTab ft) {
            tabs.getTabs().remove(ft);
            ft.close();
        }
    }

    private void quit() {
        saveWindow();
        shutdown();
        Platform.exit();
    }

    /** Closes every file. */
    public void shutdown() {
        jobsPanel.dispose();
        if (catalogPanel != null) {
            catalogPanel.close();
        }
        synchronized (this) {
            if (localExecutor != null) {
                localExecutor.close();
            }
        }
        for (Tab t : new ArrayList<>(tabs.getTabs())) {
            if (t instanceof FileTab ft) {
                ft.close();
            }
        }
    }

    /** Help → Plugins: a non-modal dialog; returned so tests can look into it. */
    public CompletableFuture<Dialog<Void>> showPluginsDialog() {
        return ctx.plugins().thenApplyAsync(reg -> {
            Dialog<Void> d = PluginsDialog.create(reg, stage);
            d.show();
            return d;
        }, Platform::runLater).exceptionally(ex -> {
            showError("Cannot list plugins: " + ex.getMessage());
            return null;
        });
    }

    /** Help → About: version, build, runtime, OS, and the compute device once it is known; returned for tests. */
    Alert showAbout() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("About Beamline Studio");
        a.setHeaderText("Beamline Studio " + StudioVersion.version() + "\n" + BuildInfo.current().describe());
        String text = "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
                + ", " + System.getProperty("java.home") + ") · JavaFX " + System.getProperty("javafx.runtime.version")
                + "\nOS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch")
                + "\nSettings: " + ctx.settingsStore().file()
                + "\nData: " + StudioDirs.data() + "\nLogs: " + StudioDirs.data().resolve("logs");
        a.setContentText(text + "\nCompute device: finding …");
        // Device discovery can load OpenCL drivers: off the FX thread.
        String preference = settings.computeDevice();
        CompletableFuture.supplyAsync(() -> ComputeDevices.choose(preference), ctx.io()).whenComplete((choice, ex) ->
                Platform.runLater(() -> a.setContentText(text + "\nCompute device: " + (ex != null
                        ? "unknown (" + ex.getMessage() + ")"
                        : choice.chosen().id() + " — " + choice.reason()))));
        a.show();
        return a;
    }

    private void rememberRecent(Path file) {
        settings = settings.withRecent(file);
        Settings snapshot = settings;
        refreshRecent();
        ctx.io().execute(() -> save(snapshot));
    }

    private void refreshRecent() {
        recentMenu.getItems().clear();
        recentBox.getChildren().clear();
        for (String s : settings.recentFiles()) {
            Path p = Path.of(s);
            MenuItem item = new MenuItem(p.getFileName() + "  —  " + p.getParent());
            item.setOnAction(e -> open(p));
            recentMenu.getItems().add(item);
            if (recentBox.getChildren().size() < 5 && Files.exists(p)) {
                Hyperlink link = new Hyperlink(p.getFileName().toString());
                link.setOnAction(e -> open(p));
                recentBox.getChildren().add(link);
            }
        }
        if (!recentBox.getChildren().isEmpty()) {
            Label t = new Label("Recent:");
            t.setStyle("-fx-text-fill: #78909c; -fx-padding: 12 0 0 0;");
            recentBox.getChildren().add(0, t);
        }
        recentMenu.setDisable(settings.recentFiles().isEmpty());
    }

    private void saveWindow() {
        if (stage.getWidth() > 0 && stage.getHeight() > 0) {
            settings = settings.withWindow(new Settings.WindowBounds(stage.getX(), stage.getY(), stage.getWidth(),
                    stage.getHeight(), stage.isMaximized()));
        }
        save(settings);
    }

    private void save(Settings s) {
        try {
            ctx.settingsStore().save(s);
        } catch (IOException e) {
            LOG.warn("cannot save settings to {}: {}", ctx.settingsStore().file(), e.toString());
        }
    }

    /** A neutral message in the status line. FX thread. */
    public void showStatus(String text) {
        status.setStyle("-fx-text-fill: #37474f;");
        status.setText(text);
    }

    /** An error in the status line (non-blocking; the app keeps running). FX thread. */
    public void showError(String text) {
        status.setStyle("-fx-text-fill: #b71c1c; -fx-font-weight: bold;");
        status.setText(text);
    }

    /** The status line's text. */
    public String statusText() {
        return status.getText();
    }

    /** Called on the FX thread when a tab paints its first image, with the ms since its open request. */
    public void setOnFirstImage(BiConsumer<FileTab, Long> handler) {
        this.onFirstImage = handler;
    }

    /** The open file tabs, in order. */
    public List<FileTab> fileTabs() {
        return tabs.getTabs().stream().filter(FileTab.class::isInstance).map(FileTab.class::cast).toList();
    }

    /** The settings as the window knows them now. */
    public Settings settings() {
        return settings;
    }

    /** The window's root node. */
    public Parent root() {
        return root;
    }

    /** The stage. */
    public Stage stage() {
        return stage;
    }
}
