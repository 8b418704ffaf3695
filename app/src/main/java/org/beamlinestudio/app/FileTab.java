package org.beamlinestudio.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.ReaderChoice;
import org.beamlinestudio.core.hdf5.H5BrokenLink;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Node;
import org.beamlinestudio.viewer.MetadataBrowser;
import org.beamlinestudio.viewer.NodeText;
import org.beamlinestudio.viewer.SliceView;
import org.beamlinestudio.viewer.tools.DatasetViewer;
import org.beamlinestudio.viewer.volume.VolumeView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open file: the metadata browser on the left, the slice view on the right, a summary line,
 * and an error banner for problems with this file. When a technique recognises the file, its
 * perspective is shown instead, with a switcher bar back to this "data tree" view. Opening and every read run on the I/O executor;
 * a failure here never touches other tabs.
 */
public final class FileTab extends Tab {
    private static final Logger LOG = LoggerFactory.getLogger(FileTab.class);

    /** Where the tab is in its life. */
    public enum Phase { LOADING, READY, FAILED, CLOSED }

    /**
     * How a dataset is shown: one slice along the first axis, orthogonal views with the viewer's
     * tools, a ray-cast volume (3-D datasets; others fall back to the single slice), or an
     * isosurface (3-D datasets; others get a message naming them).
     */
    public enum ViewerLayout {
        SINGLE_SLICE("Single slice"), ORTHOGONAL("Orthogonal XY / XZ / YZ + tools"), VOLUME("Volume (ray-cast, 3-D)"),
        ISOSURFACE("Isosurface (3-D)");

        private final String label;

        ViewerLayout(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** {@code -Dstudio.viewer.pyramids=false} shows volumes without coarse levels (to compare, or as a way out). */
    private static final boolean PYRAMIDS = !"false".equals(System.getProperty("studio.viewer.pyramids"));

    private final Path file;
    private final Executor io;
    private final long requestNanos;
    private final MetadataBrowser browser = new MetadataBrowser();
    private final SliceView sliceView;
    private final Label summary = new Label();
    private final Label bannerText = new Label();
    private final HBox banner;
    private final StackPane body = new StackPane();
    private final VBox loading;
    private final SplitPane split;
    private final BorderPane viewerPane = new BorderPane();
    private final javafx.scene.control.ComboBox<ViewerLayout> layoutChooser = new javafx.scene.control.ComboBox<>();
    private final Label pixelSizeLabel = new Label();
    private DatasetViewer datasetViewer;
    private final VolumeLayout volumeLayout;
    private final IsosurfaceLayout isosurface;
    private Shown shownDataset;
    /** Coarse levels (with their sidecar stores) of the volumes shown so far, by dataset path; closed with the tab. */
    private final java.util.Map<String, Pyramid> pyramids = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closing;
    private final Label overviewProgress = new Label();
    private final Button overviewCancel = new Button("Cancel");
    private final HBox overviewBar = new HBox(6, overviewProgress, overviewCancel);
    private volatile Cancellation overviewBuild;
    private volatile Thread overviewThread;
    private final java.util.Set<String> overviewTried = new java.util.HashSet<>();
    private PixelSizeMetadata.PixelSize pixelSize;
    private final HBox switcher = new HBox(4);
    private final ToggleGroup switchGroup = new ToggleGroup();
    private final ToggleButton treeButton = new ToggleButton("Data tree");
    private final HBox readerChoice = new HBox(6);
    private final List<Runnable> closeHooks = new ArrayList<>();
    private Node perspectiveNode;
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.LOADING);
    private final ReadOnlyLongWrapper firstImageMillis = new ReadOnlyLongWrapper(this, "firstImageMillis", -1);
    private final BiConsumer<FileTab, Long> onFirstImage;
    private volatile OpenedFile opened;
    private Shown prefetched;
    private long datasetRequest;
    private String fileSizeText = "";

    FileTab(Path file, OpenedFile.Opener opener, Executor io, BiConsumer<FileTab, Long> onFirstImage,
            Runnable onOpened) {
        this.file = file;
        this.io = io;
        this.onFirstImage = onFirstImage;
        this.requestNanos = System.nanoTime();
        this.sliceView = new SliceView(io);
        this.isosurface = new IsosurfaceLayout(io);
        setText(String.valueOf(file.getFileName()));
        setTooltip(new Tooltip(file.toString()));
        setId("tab-" + file.getFileName());

        bannerText.setId("fileError");
        bannerText.setWrapText(true);
        bannerText.setStyle("-fx-text-fill: white; -fx-font-weight: bold;");
        bannerText.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bannerText, Priority.ALWAYS);
        Button dismiss = new Button("✕");
        dismiss.setStyle("-fx-background-color: transparent; -fx-text-fill: white;");
        dismiss.setOnAction(e -> hideBanner());
        Label warn = new Label("⚠");
        warn.setStyle("-fx-text-fill: white; -fx-font-size: 16px;");
        banner = new HBox(8, warn, bannerText, dismiss);
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.setPadding(new Insets(6, 10, 6, 10));
        banner.setStyle("-fx-background-color: #b71c1c;");
        banner.setVisible(false);
        banner.setManaged(false);

        ProgressIndicator progress = new ProgressIndicator();
        progress.setMaxSize(56, 56);
        Label loadingText = new Label("Opening " + file.getFileName() + " …");
        loadingText.setId("loadingText");
        loadingText.setStyle("-fx-font-size: 15px;");
        Label loadingPath = new Label(String.valueOf(file.toAbsolutePath().getParent()));
        loadingPath.setStyle("-fx-text-fill: #666;");
        loading = new VBox(12, progress, loadingText, loadingPath);
        loading.setAlignment(Pos.CENTER);

        layoutChooser.setId("viewerLayout");
        layoutChooser.getItems().addAll(ViewerLayout.values());
        layoutChooser.setValue(ViewerLayout.SINGLE_SLICE);
        layoutChooser.valueProperty().addListener((obs, o, n) -> layoutChanged());
        pixelSizeLabel.setId("viewerPixelSize");
        pixelSizeLabel.setStyle("-fx-text-fill: #555;");
        overviewProgress.setId("overviewProgress");
        overviewProgress.setStyle("-fx-text-fill: #555;");
        overviewCancel.setId("overviewCancel");
        overviewCancel.setOnAction(e -> cancelOverviewBuild());
        overviewBar.setAlignment(Pos.CENTER_LEFT);
        hide(overviewBar);
        HBox layoutBar = new HBox(8, new Label("Layout"), layoutChooser, pixelSizeLabel, overviewBar);
        layoutBar.setAlignment(Pos.CENTER_LEFT);
        layoutBar.setPadding(new Insets(3, 8, 3, 8));
        viewerPane.setTop(layoutBar);
        viewerPane.setCenter(sliceView);
        volumeLayout = new VolumeLayout(io);
        split = new SplitPane(browser, viewerPane);
        split.setDividerPositions(0.42);
        // The views sit in the scene, transparent, while the file loads: their skins and CSS are built
        // during the wait instead of after it, which shortens the time to the first image.
        split.setOpacity(0);
        split.setMouseTransparent(true);
        loading.setStyle("-fx-background-color: -fx-background;");
        body.getChildren().addAll(split, loading);

        summary.setId("fileSummary");
        summary.setPadding(new Insets(3, 8, 3, 8));
        summary.setMaxWidth(Double.MAX_VALUE);
        summary.setStyle("-fx-background-color: #eceff1; -fx-border-color: #cfd8dc; -fx-border-width: 1 0 0 0;");
        summary.setText(file.getFileName() + " · opening …");

        treeButton.setId("perspective-tree");
        treeButton.setToggleGroup(switchGroup);
        treeButton.setOnAction(e -> showTreeView());
        switcher.setId("perspectiveSwitch");
        switcher.setAlignment(Pos.CENTER_LEFT);
        switcher.setPadding(new Insets(4, 8, 4, 8));
        switcher.setStyle("-fx-background-color: #eceff1; -fx-border-color: #cfd8dc; -fx-border-width: 0 0 1 0;");
        switcher.getChildren().add(treeButton);
        hide(switcher);
        readerChoice.setId("readerChoice");
        readerChoice.setAlignment(Pos.CENTER_LEFT);
        readerChoice.setPadding(new Insets(4, 8, 4, 8));
        readerChoice.setStyle("-fx-background-color: #fff8e1; -fx-border-color: #ffe082; -fx-border-width: 0 0 1 0;");
        hide(readerChoice);

        BorderPane content = new BorderPane(body);
        content.setTop(new VBox(switcher, readerChoice, banner));
        content.setBottom(summary);
        setContent(content);

        browser.selectedNodeProperty().addListener((obs, o, n) -> onSelect(n));
        sliceView.errorProperty().addListener((obs, o, n) -> {
            if (n != null) {
                showBanner(withFile(n));
            }
        });
        sliceView.stateProperty().addListener((obs, o, n) -> {
            if (n == SliceView.State.SHOWN && firstImageMillis.get() < 0) {
                firstImagePainted();
            }
            if (n == SliceView.State.SHOWN) {
                startOverviewBuild(shownDataset);
            }
        });
        // A coarse preview is the first image too: it is what the user waits for.
        sliceView.shownLevelProperty().addListener((obs, o, n) -> {
            if (n.intValue() > 0 && firstImageMillis.get() < 0) {
                firstImagePainted();
            }
        });
        setOnClosed(e -> close());

        CompletableFuture.supplyAsync(() -> {
            try {
                fileSizeText = NodeText.bytes(Files.isDirectory(file) ? folderBytes(file) : Files.size(file));
            } catch (IOException e) {
                fileSizeText = "size unknown";
            }
            OpenedFile f;
            try {
                f = opener.open(file);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
            return new Opening(f, prefetchFirstImage(f));
        }, io).whenComplete((o, ex) -> Platform.runLater(() -> {
            if (ex != null) {
                openFailed(ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex);
            } else {
                prefetched = o.first();
                opened(o.file());
                onOpened.run();
            }
        }));
    }

    /** Bytes of the files directly in a folder (a TIFF stack), not the folder entry's own size. */
    private static long folderBytes(Path folder) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.list(folder)) {
            long sum = 0;
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    sum += Files.size(p);
                }
            }
            return sum;
        }
    }

    /** What the background open hands to the FX thread. */
    private record Opening(OpenedFile file, Shown first) {
    }

    /** A dataset to show, with its coarse levels when it is a volume (else null). */
    record Shown(String path, LazyDataset dataset, Pyramid pyramid) {
    }

    /**
     * The dataset with its pyramid (a volume: opened with its sidecar store once per path and tab), off the FX
     * thread.
     */
    private Shown withPyramid(String path, LazyDataset ds) {
        if (ds.rank() != 3 || closing || !PYRAMIDS) {
            return new Shown(path, ds, null);
        }
        Pyramid p = pyramids.computeIfAbsent(path, k -> Pyramid.open(ds));
        if (closing) {
            closePyramids(); // the tab closed while the store was being opened
        }
        return new Shown(path, p.levels().base(), p);
    }

    /**
     * Opens the first image's dataset and reads its first slice while still in the background, so
     * the slice view's own read hits warm caches: the first image is what the user waits for.
     */
    private Shown prefetchFirstImage(OpenedFile f) {
        try {
            Optional<H5DatasetInfo> first = f.firstImageDataset();
            if (first.isEmpty()) {
                return null;
            }
            Shown shown = withPyramid(first.get().path(), f.dataset(first.get().path()));
            LazyDataset ds = shown.dataset();
            long[] shape = ds.shape();
            int rank = shape.length;
            if (shown.pyramid() != null && shown.pyramid().previewKept()) {
                // A volume whose preview level an earlier session kept shows it first: that is the read to have
                // done (from the sidecar store, without touching the full-resolution data).
                prefetchPreview(shown.pyramid());
            } else if (shape[rank - 2] * shape[rank - 1] <= 16L * 1024 * 1024) {
                long[] offset = new long[rank];
                int[] count = new int[rank];
                java.util.Arrays.fill(count, 1);
                count[rank - 2] = (int) shape[rank - 2];
                count[rank - 1] = (int) shape[rank - 1];
                ds.readFloats(offset, count);
            }
            return shown;
        } catch (Exception e) {
            // Not fatal here: the same read is made again when the dataset is shown, and reports there.
            LOG.debug("prefetch of the first image of {} failed: {}", file, e.toString());
            return null;
        }
    }

    /** Reads slice 0 of the XY preview level, as the views' plane loader will ask for it. */
    private static void prefetchPreview(Pyramid p) throws Exception {
        int k = p.previewLevel(org.beamlinestudio.viewer.ortho.PlaneLoader.PREVIEW_MIN_SIDE);
        long[] s = p.levels().shape(k);
        p.levels().level(k).readFloats(new long[3], new int[] {1, (int) s[1], (int) s[2]});
    }

    private void opened(OpenedFile f) {
        if (phase.get() == Phase.CLOSED) {
            f.close();
            return;
        }
        opened = f;
        LOG.info("opened {} ({}) in {} ms", file, fileSizeText, (System.nanoTime() - requestNanos) / 1_000_000);
        split.setOpacity(1);
        split.setMouseTransparent(false);
        body.getChildren().setAll(split);
        browser.setRoot(f.root());
        phase.set(Phase.READY);
        findPixelSize(f);
        Optional<H5DatasetInfo> first = f.firstImageDataset();
        if (first.isPresent()) {
            browser.select(first.get().path());
        } else {
            showMessage("No image in this file: no numeric dataset with 2 or more dimensions");
            summary.setText(file.getFileName() + " · " + fileSizeText + " · no image dataset");
        }
    }

    private void openFailed(Throwable ex) {
        String problem = ex.getMessage() == null || ex.getMessage().isBlank() ? ex.toString() : ex.getMessage();
        LOG.warn("cannot open {}: {}", file, problem, ex instanceof RuntimeException ? ex : null);
        phase.set(Phase.FAILED);
        Label big = new Label("Cannot open " + file.getFileName());
        big.setStyle("-fx-font-size: 18px; -fx-font-weight: bold; -fx-text-fill: #b71c1c;");
        Label detail = new Label(problem);
        detail.setWrapText(true);
        detail.setMaxWidth(700);
        VBox box = new VBox(10, big, detail);
        box.setAlignment(Pos.CENTER);
        box.setPadding(new Insets(24));
        body.getChildren().setAll(box);
        showBanner("Cannot open " + file.getFileName() + ": " + withFile(problem));
        summary.setText(file.getFileName() + " · " + fileSizeText + " · not opened");
    }

    /** The message, naming the file if it does not already. */
    private String withFile(String problem) {
        return problem.contains(file.getFileName().toString()) ? problem : problem + " (" + file + ")";
    }

    private void onSelect(H5Node node) {
        if (node == null || opened == null) {
            return;
        }
        if (node instanceof H5BrokenLink b) {
            datasetRequest++;
            String text = file.getFileName() + ": " + b.path() + " is a broken link — " + b.problem();
            showMessage(text);
            showBanner(text);
            return;
        }
        if (node instanceof H5DatasetInfo d) {
            if (d.problem().isPresent()) {
                datasetRequest++;
                String text = file.getFileName() + " [" + d.path() + "]: " + d.problem().get();
                showMessage(text);
                showBanner(text);
            } else if (OpenedFile.isImage(d)) {
                showDataset(d);
            }
        }
    }

    private void showDataset(H5DatasetInfo info) {
        long req = ++datasetRequest;
        OpenedFile f = opened;
        summary.setText(summaryText(info));
        Shown ready = prefetched;
        prefetched = null;
        if (ready != null && ready.path().equals(info.path())) {
            show(ready);
            return;
        }
        CompletableFuture.supplyAsync(() -> {
            try {
                long t0 = System.nanoTime();
                Shown ds = withPyramid(info.path(), f.dataset(info.path()));
                LOG.debug("dataset {} of {} ready in {} ms", info.path(), file.getFileName(), (System.nanoTime() - t0) / 1_000_000);
                return ds;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, io).whenComplete((ds, ex) -> Platform.runLater(() -> {
            if (req != datasetRequest || phase.get() == Phase.CLOSED) {
                return;
            }
            if (ex != null) {
                Throwable c = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                String text = c.getMessage() == null ? c.toString() : c.getMessage();
                LOG.warn("cannot read {} in {}: {}", info.path(), file, text);
                showMessage(withFile(text));
                showBanner(withFile(text));
            } else {
                show(ds);
            }
        }));
    }

    private void show(Shown shown) {
        shownDataset = shown;
        LazyDataset ds = shown.dataset();
        Pyramid p = shown.pyramid();
        if (layoutChooser.getValue() == ViewerLayout.VOLUME && VolumeLayout.isVolume(ds)) {
            // the volume shares the slice views' pyramid (and its sidecar), so block means are computed once
            viewerPane.setCenter(p != null ? volumeLayout.show(p.levels()) : volumeLayout.show(ds));
        } else if (layoutChooser.getValue() == ViewerLayout.ORTHOGONAL) {
            DatasetViewer v = datasetViewer();
            if (viewerPane.getCenter() != v) {
                // The orthogonal views and their tools need the room more than the tree does.
                split.setDividerPositions(Math.min(0.3, split.getDividerPositions()[0]));
            }
            viewerPane.setCenter(v);
            if (p != null) {
                v.show(p.levels());
            } else {
                v.show(ds);
            }
        } else if (layoutChooser.getValue() == ViewerLayout.ISOSURFACE) {
            viewerPane.setCenter(isosurface.show(ds));
        } else {
            viewerPane.setCenter(sliceView);
            if (p != null) {
                // Coarse first only when the preview is kept: computing it on a never-opened file costs 2^k slices.
                sliceView.show(p.levels(), p.previewKept());
            } else {
                sliceView.show(ds);
            }
        }
    }

    /**
     * After the first full image of a volume: computes its overview level into the sidecar store in the
     * background (low priority, cancellable, progress beside the layout chooser), so that the next opening shows
     * a coarse image at once without reading the full-resolution data. FX thread.
     */
    private void startOverviewBuild(Shown shown) {
        Pyramid p = shown == null ? null : shown.pyramid();
        Thread running = overviewThread;
        if (p == null || p.store() == null || (running != null && running.isAlive()) || closing
                || !overviewTried.add(shown.path())) {
            return; // one build at a time, and once per dataset (not again after a cancel)
        }
        int k = p.previewLevel(org.beamlinestudio.viewer.ortho.PlaneLoader.PREVIEW_MIN_SIDE);
        if (k < 1 || !p.store().keeps(k) || p.previewKept()) {
            return;
        }
        Cancellation cancel = new Cancellation();
        overviewBuild = cancel;
        String name = shown.path();
        overviewProgress.setText("Building overview of " + name + " …");
        show(overviewBar);
        long[] lastUpdate = {0};
        Thread t = new Thread(() -> {
            long t0 = System.nanoTime();
            String outcome;
            try {
                p.levels().build(k, (fraction, message) -> {
                    long now = System.nanoTime();
                    if (now - lastUpdate[0] > 200_000_000L) {
                        lastUpdate[0] = now;
                        String text = String.format(java.util.Locale.ROOT,
                                "Building overview of %s (1:%d) … %.0f %%", name, 1 << k, fraction * 100);
                        Platform.runLater(() -> overviewProgress.setText(text));
                    }
                }, cancel);
                outcome = "built";
                LOG.info("overview level {} of {} in {} built in {} ms", k, name, file.getFileName(),
                        (System.nanoTime() - t0) / 1_000_000);
            } catch (Cancellation.CancelledException e) {
                outcome = "cancelled";
            } catch (Exception e) {
                outcome = "failed";
                LOG.warn("Building the overview of {} in {} failed (the views still work, at full resolution): {}",
                        name, file, e.toString());
            }
            Pyramid.trim();
            String done = outcome;
            Platform.runLater(() -> {
                overviewProgress.setText("Overview " + done);
                hide(overviewBar);
            });
        }, "overview-" + file.getFileName());
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        overviewThread = t;
        t.start();
    }

    /** Stops the overview build (what it computed so far stays in the store). */
    void cancelOverviewBuild() {
        Cancellation c = overviewBuild;
        if (c != null) {
            c.cancel();
        }
    }

    /** Closes every pyramid's store once the overview build has stopped. Any thread. */
    private void closePyramids() {
        Thread t = overviewThread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String k : new ArrayList<>(pyramids.keySet())) {
            Pyramid p = pyramids.remove(k);
            if (p != null) {
                p.close();
            }
        }
    }

    /** The sidecar store of a shown volume's coarse levels (null when none is open). */
    org.beamlinestudio.core.data.SidecarBlockStore pyramidStore(String datasetPath) {
        Pyramid p = pyramids.get(datasetPath);
        return p == null ? null : p.store();
    }

    /** The text of the overview build's progress line ("" when no build runs). */
    String overviewText() {
        return overviewBar.isVisible() ? overviewProgress.getText() : "";
    }

    /** A message in the view area (in either layout). */
    private void showMessage(String text) {
        shownDataset = null;
        viewerPane.setCenter(sliceView);
        sliceView.showMessage(text);
    }

    /** The dataset shown moves to the chosen layout; with none (a message) the choice applies to the next one. */
    private void layoutChanged() {
        if (shownDataset != null) {
            show(shownDataset);
        }
    }

    /** Reads the file's pixel size in the background and hands it to the viewer. */
    private void findPixelSize(OpenedFile f) {
        CompletableFuture.supplyAsync(() -> PixelSizeMetadata.find(f), io).whenComplete((p, ex) ->
                Platform.runLater(() -> {
                    if (ex != null || p == null || p.isEmpty() || phase.get() == Phase.CLOSED) {
                        return;
                    }
                    pixelSize = p.get();
                    String size = new java.math.BigDecimal(pixelSize.size()).round(new java.math.MathContext(4))
                            .stripTrailingZeros().toPlainString();
                    pixelSizeLabel.setText("pixel " + size + (pixelSize.units().isEmpty() ? " (no units in the file)"
                            : " " + pixelSize.units()) + " from " + pixelSize.path());
                    if (datasetViewer != null) {
                        datasetViewer.setPixelSize(pixelSize.size(), pixelSize.units());
                    }
                }));
    }

    /** The layout chooser's choice. */
    public ViewerLayout viewerLayout() {
        return layoutChooser.getValue();
    }

    /** Chooses the layout (id {@code viewerLayout}); the dataset shown moves to it. FX thread. */
    public void setViewerLayout(ViewerLayout layout) {
        layoutChooser.setValue(layout);
    }

    /** The volume layout's view, or null before the "Volume" layout first showed a 3-D dataset. */
    VolumeView volumeView() {
        return volumeLayout.view();
    }

    /** The orthogonal viewer with its tools (made on first use). FX thread. */
    public DatasetViewer datasetViewer() {
        if (datasetViewer == null) {
            datasetViewer = new DatasetViewer(io);
            // The orthogonal layout's first XY image starts the overview build, as the single view's does.
            datasetViewer.ortho().view(org.beamlinestudio.viewer.ortho.Plane.XY).imageProperty()
                    .addListener((obs, o, n) -> {
                        if (n != null && viewerPane.getCenter() == datasetViewer) {
                            startOverviewBuild(shownDataset);
                        }
                    });
            if (pixelSize != null) {
                datasetViewer.setPixelSize(pixelSize.size(), pixelSize.units());
            }
        }
        return datasetViewer;
    }

    /** The "Isosurface" layout (its view is made on first use). FX thread. */
    IsosurfaceLayout isosurface() {
        return isosurface;
    }

    /** The pixel size line beside the layout chooser ("" when the file states none). */
    public String pixelSizeText() {
        return pixelSizeLabel.getText();
    }

    private String summaryText(H5DatasetInfo d) {
        String storage = NodeText.details(d);
        return file.getFileName() + "  ·  " + fileSizeText + "  ·  " + d.path() + "  ·  " + d.shapeText() + " "
                + d.typeDescription() + (storage.isEmpty() ? "" : "  ·  " + storage);
    }

    private void firstImagePainted() {
        Runnable report = () -> {
            if (firstImageMillis.get() >= 0) {
                return;
            }
            long ms = (System.nanoTime() - requestNanos) / 1_000_000;
            firstImageMillis.set(ms);
            LOG.info("first image of {} after {} ms ({} ms after JVM start)", file.getFileName(), ms,
                    StartupClock.sinceJvmStart());
            if (onFirstImage != null) {
                onFirstImage.accept(this, ms);
            }
        };
        Scene scene = sliceView.getScene();
        if (scene == null) {
            Platform.runLater(report);
            return;
        }
        // "Painted" = the pulse that lays out the new image has run; measured there, not at read time.
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            report.run();
        };
        scene.addPostLayoutPulseListener(once[0]);
        Platform.requestNextPulse();
    }

    private static void hide(Node n) {
        n.setVisible(false);
        n.setManaged(false);
    }

    private static void show(Node n) {
        n.setVisible(true);
        n.setManaged(true);
    }

    /**
     * Shows a technique's perspective in this tab, first, with a switcher button (id
     * {@code perspective-<techniqueId>}) beside "Data tree". FX thread.
     */
    void showPerspective(String techniqueId, String title, Node node) {
        if (perspectiveNode != null) {
            body.getChildren().remove(perspectiveNode);
        }
        perspectiveNode = node;
        body.getChildren().add(node);
        ToggleButton b = new ToggleButton(title);
        b.setId("perspective-" + techniqueId);
        b.setToggleGroup(switchGroup);
        b.setOnAction(e -> showPerspectiveView());
        switcher.getChildren().removeIf(n -> n != treeButton);
        switcher.getChildren().add(0, b);
        show(switcher);
        showPerspectiveView();
    }

    /** Shows the perspective (if there is one) instead of the tree. FX thread. */
    void showPerspectiveView() {
        if (perspectiveNode == null) {
            return;
        }
        perspectiveNode.setVisible(true);
        split.setVisible(false);
        switchGroup.getToggles().stream().filter(t -> t != treeButton).findFirst().ifPresent(t -> t.setSelected(true));
    }

    /** Shows the metadata browser and slice view ("Data tree"). FX thread. */
    void showTreeView() {
        if (perspectiveNode != null) {
            perspectiveNode.setVisible(false);
        }
        split.setVisible(true);
        treeButton.setSelected(true);
    }

    /** Switches to the tree and selects a node there (ignored when the path is null or absent). FX thread. */
    void showTree(String selectPath) {
        showTreeView();
        if (selectPath != null && !selectPath.isBlank() && opened != null) {
            browser.select(selectPath);
        }
    }

    /**
     * Several readers are equally sure about this file: a one-line choice instead of a guess; each
     * button (id {@code readerChoice-<readerId>}, dots as underscores) calls {@code chosen}. FX thread.
     */
    void showReaderChoice(List<ReaderChoice.Candidate> tied, Consumer<DatasetReader> chosen) {
        Label text = new Label("Several readers fit " + file.getFileName() + " equally well — open it as:");
        readerChoice.getChildren().setAll(text);
        for (ReaderChoice.Candidate c : tied) {
            Button b = new Button(c.reader().displayName());
            b.setId("readerChoice-" + cssSafe(c.reader().id()));
            b.setTooltip(new Tooltip(c.result().reason()));
            b.setOnAction(e -> {
                hide(readerChoice);
                chosen.accept(c.reader());
            });
            readerChoice.getChildren().add(b);
        }
        Button none = new Button("Data tree only");
        none.setOnAction(e -> hide(readerChoice));
        readerChoice.getChildren().add(none);
        show(readerChoice);
    }

    /** An id usable in a CSS selector: reader ids have dots ("tomography.dataexchange"). */
    static String cssSafe(String id) {
        return id.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** Whether the reader choice is on screen. */
    public boolean readerChoiceShown() {
        return readerChoice.isVisible();
    }

    /** Whether the perspective (not the tree) is on screen. */
    public boolean perspectiveShown() {
        return perspectiveNode != null && perspectiveNode.isVisible();
    }

    /** Shows a problem with this file in the red banner (the tab stays usable). FX thread. */
    void showProblem(String text) {
        showBanner(withFile(text));
    }

    /** Runs when the tab closes, before the file is closed (e.g. closing a perspective and its source). */
    void onClose(Runnable hook) {
        closeHooks.add(hook);
    }

    private void showBanner(String text) {
        bannerText.setText(text);
        banner.setVisible(true);
        banner.setManaged(true);
    }

    private void hideBanner() {
        banner.setVisible(false);
        banner.setManaged(false);
    }

    /** Closes the file (also when the tab is closed). */
    void close() {
        if (phase.get() == Phase.CLOSED) {
            return;
        }
        phase.set(Phase.CLOSED);
        closing = true;
        cancelOverviewBuild();
        for (Runnable hook : closeHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("closing {}: {}", file, e.toString());
            }
        }
        closeHooks.clear();
        volumeLayout.close();
        isosurface.close();
        OpenedFile f = opened;
        opened = null;
        Thread closer = new Thread(() -> {
            closePyramids();
            if (f != null) {
                f.close();
            }
        }, "close-" + file.getFileName());
        closer.setDaemon(true);
        closer.start();
    }

    /** The file of this tab. */
    public Path file() {
        return file;
    }

    /** Loading, ready, failed or closed. */
    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** Milliseconds from the open request to the first image painted (-1 until then). */
    public ReadOnlyLongProperty firstImageMillisProperty() {
        return firstImageMillis.getReadOnlyProperty();
    }

    /** The error banner's text, or empty when no error is shown. */
    public String errorText() {
        return banner.isVisible() ? bannerText.getText() : "";
    }

    /** The summary line. */
    public String summaryText() {
        return summary.getText();
    }

    /** The metadata browser of this file. */
    public MetadataBrowser browser() {
        return browser;
    }

    /** The slice view of this file. */
    public SliceView sliceView() {
        return sliceView;
    }
}
