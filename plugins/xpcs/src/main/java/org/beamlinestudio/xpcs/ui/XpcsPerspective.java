package org.beamlinestudio.xpcs.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.paint.Color;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.perspective.Perspective;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;
import org.beamlinestudio.viewer.plot.PlotView;
import org.beamlinestudio.xpcs.analysis.XpcsAnalysis;
import org.beamlinestudio.xpcs.corr.MultiTauResult;
import org.beamlinestudio.xpcs.corr.SaxsSegments;
import org.beamlinestudio.xpcs.corr.TwoTimeResult;
import org.beamlinestudio.xpcs.fit.G2FitResult;
import org.beamlinestudio.xpcs.fit.G2Model;
import org.beamlinestudio.xpcs.fit.PowerLawResult;
import org.beamlinestudio.xpcs.io.FrameSource;
import org.beamlinestudio.xpcs.io.XpcsSource;
import org.beamlinestudio.xpcs.qmap.PartitionSpec;
import org.beamlinestudio.xpcs.qmap.QMap;
import org.beamlinestudio.xpcs.qmap.QMapGeometry;

/**
 * The XPCS perspective on one raw file: the mean image with the q-map's bins overlaid and an editable partition;
 * Run (multi-tau, cancellable); g2 curves with fits per selected bin; the fit table; τc(q) with its power law;
 * intensity vs time and SAXS 1-D; a two-time map on demand; Save (NeXus) and Export (PNG/SVG/CSV). All reads and
 * compute run on the context's background executor; the analysis itself is {@link XpcsAnalysis}.
 */
public final class XpcsPerspective implements Perspective {

    /** Frames averaged into the mean image unless changed. */
    static final int DEFAULT_MEAN_FRAMES = 200;

    private final XpcsSource source;
    private final PerspectiveContext context;
    private final double frameTime;
    private final BorderPane root = new BorderPane();

    private final FloatImageView meanImage = new FloatImageView();
    private final Spinner<Integer> meanFrames = new Spinner<>(1, Integer.MAX_VALUE, DEFAULT_MEAN_FRAMES, 100);
    private final TextField qMin = new TextField();
    private final TextField qMax = new TextField();
    private final Spinner<Integer> dynamicBins = new Spinner<>(1, 1000, 10);
    private final Spinner<Integer> staticPerDynamic = new Spinner<>(1, 100, 4);
    private final CheckBox logSpacing = new CheckBox("log spacing");
    private final Spinner<Integer> phiSectors = new Spinner<>(1, 360, 1);
    private final Label partitionStatus = new Label();

    private final Button run = new Button("Run");
    private final Button cancel = new Button("Cancel");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label runStatus = new Label("");

    private final ObservableList<RingChoice> ringChoices = FXCollections.observableArrayList();
    private final ListView<RingChoice> ringList = new ListView<>(ringChoices);
    private final PlotView g2Plot = new PlotView();
    private final ComboBox<String> fitModel = new ComboBox<>(FXCollections.observableArrayList("single",
            "stretched", "double"));
    private final CheckBox fixBaseline = new CheckBox("fix baseline = 1");
    private final Button refit = new Button("Refit");
    private final TableView<ResultRow> resultsTable = new TableView<>();
    private final PlotView tauPlot = new PlotView();
    private final Label lawLabel = new Label();
    private final PlotView intensityPlot = new PlotView();
    private final PlotView saxsPlot = new PlotView();

    private final Spinner<Integer> twoTimeRing = new Spinner<>(1, 1000, 1);
    private final Spinner<Integer> twoTimeFirst = new Spinner<>(0, Integer.MAX_VALUE, 0, 100);
    private final Spinner<Integer> twoTimeCount = new Spinner<>(2, Integer.MAX_VALUE, 1000, 100);
    private final Spinner<Integer> twoTimeBin = new Spinner<>(1, 1000, 1);
    private final Button twoTimeCompute = new Button("Compute two-time");
    private final FloatImageView twoTimeView = new FloatImageView();

    private final Button save = new Button("Save results…");
    private final Button exportCsv = new Button("Export table CSV…");
    private final Button exportPlots = new Button("Export plots…");
    private final Label message = new Label();

    /** Latest-wins counters for the previews: the mean image and the two-time map. */
    private final AtomicLong meanGeneration = new AtomicLong();
    private final AtomicLong twoTimeGeneration = new AtomicLong();
    private final ReadOnlyObjectWrapper<QMap> qmap = new ReadOnlyObjectWrapper<>(this, "qmap");
    private final ReadOnlyObjectWrapper<MultiTauResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyObjectWrapper<XpcsAnalysis.Fits> fits = new ReadOnlyObjectWrapper<>(this, "fits");
    private final ReadOnlyObjectWrapper<RingOverlay> overlay = new ReadOnlyObjectWrapper<>(this, "overlay");
    private final ReadOnlyObjectWrapper<TwoTimeResult> twoTime = new ReadOnlyObjectWrapper<>(this, "twoTime");
    private final BooleanProperty running = new SimpleBooleanProperty(this, "running");
    /** Per-pixel |q| and φ from the geometry, when the q-map file gives a beam centre (for re-partitioning). */
    private volatile double[][] qPhi;
    private volatile boolean[] validPixels;
    private volatile FutureTask<?> runTask;

    XpcsPerspective(XpcsSource source, PerspectiveContext context) {
        this.source = source;
        this.context = context;
        this.frameTime = source.metadata().frameTimeS();
        build();
        source.qmapFile().ifPresentOrElse(this::loadQMapFile,
                () -> partitionStatus.setText("no q-map found beside " + source.file().getFileName()
                        + "; load one"));
        refreshMeanImage();
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public String title() {
        return "XPCS";
    }

    @Override
    public void close() {
        meanGeneration.incrementAndGet();
        twoTimeGeneration.incrementAndGet();
        FutureTask<?> t = runTask;
        if (t != null) {
            t.cancel(true);
        }
    }

    // ---- layout ------------------------------------------------------------------------------------------------

    private void build() {
        meanImage.setId("xpcsMeanImage");
        meanFrames.setId("xpcsMeanFrames");
        meanFrames.setEditable(true);
        meanFrames.valueProperty().addListener((o, a, b) -> refreshMeanImage());
        qMin.setId("xpcsQMin");
        qMax.setId("xpcsQMax");
        dynamicBins.setId("xpcsDynamicBins");
        staticPerDynamic.setId("xpcsStaticBins");
        logSpacing.setId("xpcsLogSpacing");
        phiSectors.setId("xpcsPhiSectors");
        for (Spinner<Integer> s : List.of(dynamicBins, staticPerDynamic, phiSectors, twoTimeRing, twoTimeFirst,
                twoTimeCount, twoTimeBin)) {
            s.setEditable(true);
            s.setPrefWidth(90);
        }
        Button apply = new Button("Apply partition");
        apply.setId("xpcsApplyPartition");
        apply.setOnAction(e -> applyPartition());
        Button fromFile = new Button("Load q-map…");
        fromFile.setId("xpcsLoadQMap");
        fromFile.setOnAction(e -> chooseQMapFile());
        partitionStatus.setId("xpcsPartitionStatus");
        partitionStatus.setWrapText(true);
        GridPane grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(4);
        int r = 0;
        grid.addRow(r++, new Label("mean of first N frames"), meanFrames);
        grid.addRow(r++, new Label("q min (Å⁻¹)"), qMin);
        grid.addRow(r++, new Label("q max (Å⁻¹)"), qMax);
        grid.addRow(r++, new Label("dynamic bins"), dynamicBins);
        grid.addRow(r++, new Label("static per dynamic"), staticPerDynamic);
        grid.addRow(r++, new Label("φ sectors"), phiSectors);
        grid.addRow(r++, logSpacing);
        VBox left = new VBox(6, meanImage, grid, new HBox(6, apply, fromFile), partitionStatus);
        left.setPadding(new Insets(6));
        VBox.setVgrow(meanImage, Priority.ALWAYS);
        meanImage.setPrefSize(380, 380);

        run.setId("xpcsRun");
        run.setOnAction(e -> startRun());
        run.disableProperty().bind(running.or(qmap.isNull()));
        cancel.setId("xpcsCancel");
        cancel.disableProperty().bind(running.not());
        cancel.setOnAction(e -> cancelRun());
        progress.setId("xpcsProgress");
        progress.setPrefWidth(240);
        runStatus.setId("xpcsRunStatus");
        HBox runBar = new HBox(8, run, cancel, progress, runStatus);
        runBar.setPadding(new Insets(6));

        ringList.setId("xpcsRingList");
        ringList.setCellFactory(CheckBoxListCell.forListView(RingChoice::selected));
        ringList.setPrefWidth(170);
        g2Plot.setId("xpcsG2Plot");
        g2Plot.setXScale(PlotView.Scale.LOG);
        g2Plot.setXLabel("τ (s)");
        g2Plot.setYLabel("g2");
        g2Plot.setTitle("g2(q, τ)");
        fitModel.setId("xpcsFitModel");
        fitModel.setValue("single");
        fixBaseline.setId("xpcsFixBaseline");
        refit.setId("xpcsRefit");
        refit.setOnAction(e -> refit());
        refit.disableProperty().bind(result.isNull().or(running));
        HBox fitPanel = new HBox(8, new Label("model"), fitModel, fixBaseline, refit);
        fitPanel.setPadding(new Insets(4));
        BorderPane g2Pane = new BorderPane(g2Plot, fitPanel, null, null, ringList);

        buildTable();
        tauPlot.setId("xpcsTauPlot");
        tauPlot.setXScale(PlotView.Scale.LOG);
        tauPlot.setYScale(PlotView.Scale.LOG);
        tauPlot.setXLabel("q (Å⁻¹)");
        tauPlot.setYLabel("τc (s)");
        lawLabel.setId("xpcsPowerLaw");
        intensityPlot.setId("xpcsIntensityPlot");
        intensityPlot.setXLabel("t (s)");
        intensityPlot.setYLabel("mean counts / pixel");
        saxsPlot.setId("xpcsSaxsPlot");
        saxsPlot.setXScale(PlotView.Scale.LOG);
        saxsPlot.setYScale(PlotView.Scale.LOG);
        saxsPlot.setXLabel("q (Å⁻¹)");
        saxsPlot.setYLabel("mean counts / pixel");

        twoTimeRing.setId("xpcsTwoTimeRing");
        twoTimeFirst.setId("xpcsTwoTimeFirst");
        twoTimeCount.setId("xpcsTwoTimeCount");
        twoTimeBin.setId("xpcsTwoTimeBin");
        twoTimeCompute.setId("xpcsTwoTimeCompute");
        twoTimeCompute.setOnAction(e -> computeTwoTime());
        twoTimeCompute.disableProperty().bind(qmap.isNull());
        twoTimeView.setId("xpcsTwoTime");
        configureTwoTimeColormap(twoTimeView);
        twoTimeView.showMessage("choose a ring and frame range, then Compute");
        HBox ttBar = new HBox(6, new Label("ring"), twoTimeRing, new Label("first frame"), twoTimeFirst,
                new Label("frames"), twoTimeCount, new Label("bin"), twoTimeBin, twoTimeCompute);
        ttBar.setPadding(new Insets(4));

        TabPane tabs = new TabPane(
                tab("g2", g2Pane),
                tab("Results", resultsTable),
                tab("τc(q)", new BorderPane(tauPlot, null, null, lawLabel, null)),
                tab("Intensity vs time", intensityPlot),
                tab("SAXS 1-D", new BorderPane(saxsPlot, saxsBar(), null, null, null)),
                tab("Two-time", new BorderPane(twoTimeView, ttBar, null, null, null)));
        tabs.setId("xpcsTabs");

        save.setId("xpcsSave");
        save.setOnAction(e -> chooseSaveTarget());
        save.disableProperty().bind(fits.isNull());
        exportCsv.setId("xpcsExportCsv");
        exportCsv.setOnAction(e -> chooseCsvTarget());
        exportCsv.disableProperty().bind(fits.isNull());
        exportPlots.setId("xpcsExportPlots");
        exportPlots.setOnAction(e -> choosePlotFolder());
        exportPlots.disableProperty().bind(result.isNull());
        message.setId("xpcsMessage");
        message.setWrapText(true);
        HBox bottom = new HBox(8, save, exportCsv, exportPlots, new Separator(Orientation.VERTICAL), message);
        bottom.setPadding(new Insets(6));

        SplitPane split = new SplitPane(left, tabs);
        split.setDividerPositions(0.36);
        root.setTop(runBar);
        root.setCenter(split);
        root.setBottom(bottom);
        root.setId("xpcsPerspective");
    }

    private static Tab tab(String title, Node content) {
        Tab t = new Tab(title, content);
        t.setClosable(false);
        return t;
    }

    /**
     * The one place that sets the two-time map's colormap. Grey for now: FloatImageView has no colormap option
     * yet; when it gets one, set it here (e.g. a perceptual map such as viridis).
     */
    static void configureTwoTimeColormap(FloatImageView view) {
        // A perceptually uniform map: equal steps in C(t1, t2) look like equal steps, also to colour-blind eyes.
        view.colormapProperty().set("viridis");
    }

    /** Closes the run's OpenCL context (null: plain Java) with the frames, in try-with-resources. */
    private record DeviceHolder(org.beamlinestudio.opencl.OpenClContext context) implements AutoCloseable {
        @Override
        public void close() {
            if (context != null) {
                context.close();
            }
        }
    }

    private void buildTable() {
        resultsTable.setId("xpcsResultsTable");
        resultsTable.getColumns().add(column("bin", row -> Integer.toString(row.bin())));
        resultsTable.getColumns().add(column("q (Å⁻¹)", row -> fmt("%.4e", row.q())));
        resultsTable.getColumns().add(column("τc (s)", row -> fmt("%.5g", row.tau())));
        resultsTable.getColumns().add(column("± err (s)", row -> fmt("%.2g", row.tauErr())));
        resultsTable.getColumns().add(column("β", row -> fmt("%.4f", row.beta())));
        resultsTable.getColumns().add(column("baseline", row -> fmt("%.4f", row.baseline())));
        resultsTable.getColumns().add(column("χ²ᵣ", row -> fmt("%.2f", row.chi2())));
        resultsTable.getColumns().add(column("note", row -> row.success() ? row.message()
                : "FAILED: " + row.message()));
        resultsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    private static TableColumn<ResultRow, String> column(String title,
                                                         java.util.function.Function<ResultRow, String> text) {
        TableColumn<ResultRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new SimpleStringProperty(text.apply(cd.getValue())));
        c.setSortable(false);
        return c;
    }

    private static String fmt(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }

    // ---- mean image and q-map ----------------------------------------------------------------------------------

    /** Recomputes the mean image from the first N frames (latest request wins). */
    private void refreshMeanImage() {
        long gen = meanGeneration.incrementAndGet();
        int n = meanFrames.getValue();
        meanImage.showMessage("averaging the first " + n + " frames…");
        background(() -> {
            try (FrameSource frames = source.frameSource()) {
                return XpcsAnalysis.meanImage(frames, n);
            }
        }, mean -> {
            if (gen == meanGeneration.get()) {
                int used = (int) Math.min(n, source.primary().shape()[0]);
                meanImage.setImage(mean, qmapWidth(), qmapHeight(), "mean of the first " + used + " frames of "
                        + source.file().getFileName());
            }
        }, e -> meanImage.showMessage("mean image of " + source.file() + " failed: " + e.getMessage()));
    }

    private int qmapWidth() {
        return (int) source.primary().shape()[2];
    }

    private int qmapHeight() {
        return (int) source.primary().shape()[1];
    }

    private void chooseQMapFile() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Load a q-map");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("HDF5 q-map", "*.h5", "*.hdf", "*.hdf5"));
        source.qmapFile().map(Path::getParent).filter(Files::isDirectory).ifPresent(d -> fc.setInitialDirectory(
                d.toFile()));
        java.io.File f = fc.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f != null) {
            loadQMapFile(f.toPath());
        }
    }

    /** Reads a q-map file (and its beam centre and mask for re-partitioning) and shows it. */
    public void loadQMapFile(Path file) {
        partitionStatus.setText("reading " + file.getFileName() + "…");
        background(() -> QMapFileGeometry.read(file, source.metadata()), loaded -> {
            qPhi = loaded.qPhi();
            validPixels = loaded.valid();
            showQMap(loaded.qmap(), file.getFileName() + ": " + loaded.qmap().dynamicCount() + " dynamic, "
                    + loaded.qmap().staticCount() + " static bins"
                    + (loaded.qPhi() == null ? " (no beam centre: partition not editable)" : ""));
            if (loaded.qPhi() != null) {
                double[] range = loaded.qRange();
                qMin.setText(fmt("%.5g", range[0]));
                qMax.setText(fmt("%.5g", range[1] * 1.0001));   // the range is half-open: keep the outermost pixel
            }
            dynamicBins.getValueFactory().setValue(loaded.qmap().dynamicCount());
            staticPerDynamic.getValueFactory().setValue(Math.max(1,
                    loaded.qmap().staticCount() / Math.max(1, loaded.qmap().dynamicCount())));
        }, e -> partitionStatus.setText("q-map " + file + ": " + e.getMessage()));
    }

    /** Re-partitions the detector from the fields (q range, bins, spacing, φ sectors). */
    public void applyPartition() {
        double[][] qp = qPhi;
        if (qp == null) {
            partitionStatus.setText("the q-map file gives no beam centre: cannot re-partition; load another");
            return;
        }
        PartitionSpec spec;
        try {
            spec = new PartitionSpec(Double.parseDouble(qMin.getText().trim()),
                    Double.parseDouble(qMax.getText().trim()), dynamicBins.getValue(), staticPerDynamic.getValue(),
                    logSpacing.isSelected(), phiSectors.getValue(), 1, 0);
        } catch (IllegalArgumentException e) {
            partitionStatus.setText("partition: " + e.getMessage());
            return;
        }
        boolean[] valid = validPixels;
        background(() -> QMapGeometry.partition(qp[0], qp[1], qmapWidth(), qmapHeight(), valid, spec),
                q -> showQMap(q, "partition: " + q.dynamicCount() + " dynamic bins, " + q.staticCount()
                        + " static bins"),
                e -> partitionStatus.setText("partition: " + e.getMessage()));
    }

    private void showQMap(QMap q, String status) {
        qmap.set(q);
        partitionStatus.setText(status);
        twoTimeRing.getValueFactory().setValue(Math.min(Math.max(1, twoTimeRing.getValue()), q.dynamicCount()));
        background(() -> RingOverlay.of(q), o -> {
            if (qmap.get() == q) {
                overlay.set(o);
                o.showIn(meanImage.overlay());
            }
        }, e -> partitionStatus.setText("overlay: " + e.getMessage()));
    }

    // ---- run, fits, plots ---------------------------------------------------------------------------------------

    /** Starts the multi-tau correlation of every frame with the current q-map. */
    public void startRun() {
        QMap q = qmap.get();
        if (q == null || running.get()) {
            return;
        }
        running.set(true);
        progress.setProgress(0);
        message.setText("");
        int total = (int) source.primary().shape()[0];
        long t0 = System.nanoTime();
        AtomicLong lastShown = new AtomicLong();
        G2Model model = XpcsAnalysis.MODELS.get(fitModel.getValue());
        boolean fixed = fixBaseline.isSelected();
        FutureTask<Object[]> task = new FutureTask<>(() -> {
            MultiTauResult r;
            String preference = context.executionSettings().compute();
            try (FrameSource frames = source.frameSource();
                 DeviceHolder device = new DeviceHolder(XpcsAnalysis.openDevice(preference,
                         w -> Platform.runLater(() -> message.setText(w))))) {
                r = XpcsAnalysis.correlate(frames, q, frameTime, device.context, done -> {
                    long now = System.nanoTime();
                    if (now - lastShown.get() > 100_000_000L || done == total) {
                        lastShown.set(now);
                        double s = (now - t0) / 1e9;
                        Platform.runLater(() -> {
                            progress.setProgress((double) done / total);
                            runStatus.setText(String.format(Locale.ROOT, "frame %d/%d, %.1f s, %.0f frames/s",
                                    done, total, s, done / Math.max(s, 1e-9)));
                        });
                    }
                });
            }
            XpcsAnalysis.Fits f = XpcsAnalysis.fit(r, q.dynamicQ(), XpcsAnalysis.fitOptions(model, fixed));
            return new Object[] {r, f};
        }) {
            @Override
            protected void done() {
                Platform.runLater(() -> finishRun(this, q, t0, total));
            }
        };
        runTask = task;
        context.background().execute(task);
    }

    private void finishRun(FutureTask<Object[]> task, QMap q, long t0, int total) {
        running.set(false);
        if (task.isCancelled()) {
            runStatus.setText("cancelled");
            progress.setProgress(0);
            return;
        }
        try {
            Object[] out = task.get();
            MultiTauResult r = (MultiTauResult) out[0];
            double s = (System.nanoTime() - t0) / 1e9;
            progress.setProgress(1);
            runStatus.setText(String.format(Locale.ROOT, "done: %d frames in %.1f s (%.0f frames/s)", total, s,
                    total / Math.max(s, 1e-9)));
            result.set(r);
            ringChoices.setAll(new ArrayList<>());
            for (int i = 0; i < q.dynamicCount(); i++) {
                RingChoice c = new RingChoice(i + 1, q.dynamicQ()[i]);
                c.selected().addListener((o, a, b) -> showG2());
                ringChoices.add(c);
            }
            showFits((XpcsAnalysis.Fits) out[1]);
            showStability(r, q);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            runStatus.setText("failed");
            message.setText("correlation of " + source.file() + " failed: " + c.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Interrupts the running correlation. */
    public void cancelRun() {
        FutureTask<?> t = runTask;
        if (t != null) {
            t.cancel(true);
        }
    }

    /** Refits the last correlation with the fit panel's model and baseline choice. */
    public void refit() {
        MultiTauResult r = result.get();
        QMap q = qmap.get();
        if (r == null || q == null) {
            return;
        }
        G2Model model = XpcsAnalysis.MODELS.get(fitModel.getValue());
        boolean fixed = fixBaseline.isSelected();
        message.setText("fitting…");
        background(() -> XpcsAnalysis.fit(r, q.dynamicQ(), XpcsAnalysis.fitOptions(model, fixed)), f -> {
            message.setText("");
            showFits(f);
        }, e -> message.setText("fit failed: " + e.getMessage()));
    }

    private void showFits(XpcsAnalysis.Fits f) {
        fits.set(f);
        double[] q = qmap.get().dynamicQ();
        resultsTable.getItems().setAll(ResultRow.of(q, f));
        showG2();
        List<PlotView.Series> tau = new ArrayList<>();
        List<Double> qs = new ArrayList<>();
        List<Double> ts = new ArrayList<>();
        List<Double> es = new ArrayList<>();
        for (int i = 0; i < f.perBin().size(); i++) {
            G2FitResult g = f.perBin().get(i);
            if (g.success()) {
                qs.add(q[i]);
                ts.add(g.tau());
                es.add(g.tauError());
            }
        }
        tau.add(PlotView.Series.points("τc", unbox(qs), unbox(ts), unbox(es)));
        PowerLawResult law = f.powerLaw();
        if (law != null && !qs.isEmpty()) {
            double lo = qs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double hi = qs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            double[] x = logGrid(lo, hi, 50);
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = law.tau(x[i]);
            }
            tau.add(PlotView.Series.line(fmt("power law p = %.3f", law.exponent()), x, y));
            lawLabel.setText(String.format(Locale.ROOT, "τc = A·q^-p: p = %.4f ± %.4f (%d bins)%s", law.exponent(),
                    law.exponentError(), law.points(), law.diffusive() ? String.format(Locale.ROOT,
                            "; D = %.5g ± %.2g µm²/s", law.diffusionUm2PerS(), law.diffusionErrorUm2PerS())
                            : "; not diffusive (p not consistent with 2)"));
        } else {
            lawLabel.setText("power law not fitted: " + f.powerLawProblem());
        }
        tauPlot.setSeries(tau);
    }

    /** The g2 plot: points with error bars and the fitted curve of every checked bin. */
    private void showG2() {
        MultiTauResult r = result.get();
        XpcsAnalysis.Fits f = fits.get();
        if (r == null) {
            return;
        }
        double[] t = r.delaySeconds();
        List<PlotView.Series> s = new ArrayList<>();
        double[] grid = logGrid(t[0], t[t.length - 1], 120);
        for (RingChoice c : ringChoices) {
            if (!c.selected().get()) {
                continue;
            }
            int i = c.bin() - 1;
            s.add(PlotView.Series.points(c.toString(), t, r.g2()[i], r.g2Err()[i]));
            if (f != null && i < f.perBin().size()) {
                G2FitResult g = f.perBin().get(i);
                double[] y = new double[grid.length];
                for (int k = 0; k < grid.length; k++) {
                    y[k] = g.curve(grid[k]);
                }
                s.add(PlotView.Series.line("fit " + c.bin(), grid, y));
            }
        }
        g2Plot.setSeries(s);
    }

    private void showStability(MultiTauResult r, QMap q) {
        double[] t = new double[r.intensityVsTime().length];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * frameTime;
        }
        intensityPlot.setSeries(List.of(new PlotView.Series("intensity", t, r.intensityVsTime(), null,
                PlotView.Style.LINE, null)));
        int n = Math.min(q.staticQ().length, r.saxs1d().length);
        saxsPlot.setSeries(List.of(PlotView.Series.points("SAXS 1-D", java.util.Arrays.copyOf(q.staticQ(), n),
                java.util.Arrays.copyOf(r.saxs1d(), n), null)));
    }

    /** The SAXS tab's tools: the profile in time segments, for checking that the sample did not change. */
    private HBox saxsBar() {
        Spinner<Integer> segments = new Spinner<>(2, 100, 10);
        segments.setId("xpcsSaxsSegmentCount");
        segments.setPrefWidth(80);
        Button show = new Button("Show time segments");
        show.setId("xpcsSaxsSegments");
        show.disableProperty().bind(result.isNull());
        show.setOnAction(e -> showSaxsSegments(segments.getValue()));
        HBox bar = new HBox(6, new Label("segments"), segments, show);
        bar.setPadding(new Insets(4));
        return bar;
    }

    /**
     * Adds the SAXS-1D of {@code n} consecutive time segments to the SAXS plot (one more pass over the frames, on
     * demand: a drifting sample or beam shows as curves that move apart).
     */
    public void showSaxsSegments(int n) {
        QMap q = qmap.get();
        MultiTauResult r = result.get();
        if (q == null || r == null) {
            return;
        }
        message.setText("SAXS-1D in " + n + " time segments …");
        CompletableFuture.supplyAsync(() -> {
            try (FrameSource frames = source.frameSource()) {
                return SaxsSegments.of(frames, q, n);
            } catch (DataFileException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, context.background()).whenComplete((seg, err) -> Platform.runLater(() -> {
            if (err != null) {
                Throwable c = err.getCause() != null ? err.getCause() : err;
                message.setText("SAXS segments failed: " + c.getMessage());
                return;
            }
            int bins = Math.min(q.staticQ().length, r.saxs1d().length);
            double[] qs = java.util.Arrays.copyOf(q.staticQ(), bins);
            List<PlotView.Series> s = new ArrayList<>();
            s.add(PlotView.Series.points("whole run", qs, java.util.Arrays.copyOf(r.saxs1d(), bins), null));
            for (int k = 0; k < seg.saxs1d().length; k++) {
                // Early segments blue, late ones orange: a drift reads as an ordered fan of curves.
                double f = seg.saxs1d().length == 1 ? 0 : (double) k / (seg.saxs1d().length - 1);
                Color c = Color.color(0.0 + 0.9 * f, 0.45, 0.7 - 0.6 * f);
                s.add(new PlotView.Series(String.format(Locale.ROOT, "frames %d–%d", seg.firstFrame()[k],
                        seg.firstFrame()[k] + seg.frameCount()[k] - 1), qs,
                        java.util.Arrays.copyOf(seg.saxs1d()[k], bins), null, PlotView.Style.LINE, c));
            }
            saxsPlot.setSeries(s);
            message.setText("SAXS-1D of the whole run and of " + n + " time segments");
        }));
    }

    // ---- two-time ----------------------------------------------------------------------------------------------

    /** Computes the two-time map of the chosen ring and frame range (latest request wins). */
    public void computeTwoTime() {
        QMap q = qmap.get();
        if (q == null) {
            return;
        }
        int ring = twoTimeRing.getValue();
        int total = (int) source.primary().shape()[0];
        int first = Math.min(twoTimeFirst.getValue(), total - 2);
        int count = Math.min(twoTimeCount.getValue(), total - first);
        int bin = twoTimeBin.getValue();
        long gen = twoTimeGeneration.incrementAndGet();
        twoTimeView.showMessage("two-time of ring " + ring + ", frames " + first + "…" + (first + count - 1) + "…");
        background(() -> {
            try (FrameSource frames = source.frameSource()) {
                return XpcsAnalysis.twoTime(frames, q, frameTime, ring, first, count, bin);
            }
        }, tt -> {
            if (gen != twoTimeGeneration.get()) {
                return;
            }
            twoTime.set(tt);
            twoTimeView.setImage(tt.c()[0], tt.steps(), tt.steps(), String.format(Locale.ROOT,
                    "C(t1, t2), ring %d, frames %d…%d, %.3g s per step", ring, first, first + count - 1,
                    tt.stepSeconds()));
        }, e -> twoTimeView.showMessage("two-time of ring " + ring + " failed: " + e.getMessage()));
    }

    // ---- save and export ---------------------------------------------------------------------------------------

    private void chooseSaveTarget() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save XPCS results");
        String name = source.file().getFileName().toString();
        int dot = name.lastIndexOf('.');
        fc.setInitialFileName((dot > 0 ? name.substring(0, dot) : name) + "_results.hdf");
        java.io.File f = fc.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f != null) {
            saveResults(f.toPath());
        }
    }

    /** Writes the results (NeXus layout) to a new file, off the FX thread; refuses to overwrite. */
    public CompletableFuture<Path> saveResults(Path target) {
        MultiTauResult r = result.get();
        XpcsAnalysis.Fits f = fits.get();
        QMap q = qmap.get();
        CompletableFuture<Path> done = new CompletableFuture<>();
        if (r == null || f == null) {
            done.completeExceptionally(new IllegalStateException("nothing to save: run first"));
            return done;
        }
        String provenance = provenance();
        background(() -> {
            XpcsAnalysis.writeNew(target, r, q, f, provenance, source);
            return target;
        }, p -> {
            message.setText("saved " + p);
            done.complete(p);
        }, e -> {
            message.setText("saving " + target + " failed: " + e.getMessage());
            done.completeExceptionally(e);
        });
        return done;
    }

    private String provenance() {
        return String.format(Locale.ROOT, "{\"input\":\"%s\",\"qmap\":\"%s\",\"frame_time_s\":%s,"
                        + "\"options\":{\"model\":\"%s\",\"fix_baseline\":%b},\"software\":{\"name\":\"Beamline Studio\","
                        + "\"command\":\"XPCS perspective\"},\"created\":\"%s\"}",
                json(source.file().toAbsolutePath().toString()),
                json(source.qmapFile().map(Path::toString).orElse("")), frameTime, fitModel.getValue(),
                fixBaseline.isSelected(), Instant.now());
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private void chooseCsvTarget() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the results table");
        fc.setInitialFileName("xpcs_results.csv");
        java.io.File f = fc.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f != null) {
            exportTableCsv(f.toPath());
        }
    }

    /** Writes the results table as CSV, off the FX thread. */
    public CompletableFuture<Path> exportTableCsv(Path target) {
        List<ResultRow> rows = List.copyOf(resultsTable.getItems());
        CompletableFuture<Path> done = new CompletableFuture<>();
        background(() -> {
            ResultRow.writeCsv(target, rows);
            return target;
        }, p -> {
            message.setText("exported " + p);
            done.complete(p);
        }, e -> {
            message.setText("export " + target + " failed: " + e.getMessage());
            done.completeExceptionally(e);
        });
        return done;
    }

    private void choosePlotFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Export plots (PNG and SVG) to");
        java.io.File d = dc.showDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (d != null) {
            exportPlots(d.toPath());
        }
    }

    /** Writes every plot as NAME.png (FX thread: a snapshot) and NAME.svg into {@code folder}. FX thread. */
    public List<Path> exportPlots(Path folder) {
        List<Path> written = new ArrayList<>();
        try {
            for (PlotView p : List.of(g2Plot, tauPlot, intensityPlot, saxsPlot)) {
                String name = p.getId().replaceFirst("^xpcs", "").replace("Plot", "").toLowerCase(Locale.ROOT);
                Path png = folder.resolve("xpcs_" + name + ".png");
                Path svg = folder.resolve("xpcs_" + name + ".svg");
                p.savePng(png);
                p.saveSvg(svg);
                written.add(png);
                written.add(svg);
            }
            message.setText("exported " + written.size() + " plot files to " + folder);
        } catch (IOException | RuntimeException e) {
            message.setText("plot export to " + folder + " failed: " + e.getMessage());
        }
        return written;
    }

    // ---- plumbing ----------------------------------------------------------------------------------------------

    /** Runs {@code work} on the background executor and hands its value or error back on the FX thread. */
    private <T> void background(Callable<T> work, Consumer<T> onFx, Consumer<Exception> onError) {
        context.background().execute(() -> {
            try {
                T v = work.call();
                Platform.runLater(() -> onFx.accept(v));
            } catch (Exception e) {
                Platform.runLater(() -> onError.accept(e));
            }
        });
    }

    private static double[] logGrid(double lo, double hi, int n) {
        double[] x = new double[n];
        double a = Math.log(lo);
        double b = Math.log(hi);
        for (int i = 0; i < n; i++) {
            x[i] = Math.exp(a + (b - a) * i / (n - 1));
        }
        return x;
    }

    private static double[] unbox(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    // ---- for tests and the shell -------------------------------------------------------------------------------

    /** The q-map in use. */
    public ReadOnlyObjectProperty<QMap> qmapProperty() {
        return qmap.getReadOnlyProperty();
    }

    /** The last correlation, null before a run. */
    public ReadOnlyObjectProperty<MultiTauResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** The last fits, null before a run. */
    public ReadOnlyObjectProperty<XpcsAnalysis.Fits> fitsProperty() {
        return fits.getReadOnlyProperty();
    }

    /** The last two-time map shown. */
    public ReadOnlyObjectProperty<TwoTimeResult> twoTimeProperty() {
        return twoTime.getReadOnlyProperty();
    }

    /** The overlay shown over the mean image. */
    ReadOnlyObjectProperty<RingOverlay> overlayProperty() {
        return overlay.getReadOnlyProperty();
    }

    /** Whether a correlation is running. */
    public boolean isRunning() {
        return running.get();
    }

    /** The two-time controls, for choosing ring and range programmatically. */
    void setTwoTime(int ring, int first, int count, int bin) {
        twoTimeRing.getValueFactory().setValue(ring);
        twoTimeFirst.getValueFactory().setValue(first);
        twoTimeCount.getValueFactory().setValue(count);
        twoTimeBin.getValueFactory().setValue(bin);
    }

    /** The bins listed for the g2 plot, with their check boxes. */
    List<RingChoice> ringChoices() {
        return ringChoices;
    }
}
