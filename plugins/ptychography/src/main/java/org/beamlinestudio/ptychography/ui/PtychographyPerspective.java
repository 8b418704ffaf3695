package org.beamlinestudio.ptychography.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.compute.DeviceChoice;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.ptychography.data.PtychoScan;
import org.beamlinestudio.ptychography.io.DarkFrameReader;
import org.beamlinestudio.ptychography.io.EnginePlanText;
import org.beamlinestudio.ptychography.io.PtychoScanLoader;
import org.beamlinestudio.ptychography.io.PtychoSource;
import org.beamlinestudio.ptychography.prep.PatternPreprocessing;
import org.beamlinestudio.ptychography.recon.EngineStep;
import org.beamlinestudio.ptychography.recon.IterationReport;
import org.beamlinestudio.ptychography.recon.ProbeInit;
import org.beamlinestudio.ptychography.recon.PtychoReconstructor;
import org.beamlinestudio.ptychography.recon.PtychoResult;
import org.beamlinestudio.ptychography.recon.ReconstructionOptions;
import org.beamlinestudio.ptychography.results.PtychoResultReader;
import org.beamlinestudio.ptychography.results.PtychoResultWriter;
import org.beamlinestudio.ptychography.results.StoredPtychoResult;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.perspective.Perspective;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;
import org.beamlinestudio.viewer.plot.PlotView;

/**
 * The ptychography perspective on one scan: scan positions over the field of view and a pattern browser (log
 * scale); the engine sequence, device and options; Run with live object phase and amplitude, probe modes and error
 * curve (refreshed at most {@value #UPDATE_MILLIS} ms apart from {@link PtychoReconstructor#snapshot()} taken off
 * the FX thread), Pause/Continue and Stop; Save (HDF5) and Open result.
 *
 * <p>Ids: {@code ptychoRun}, {@code ptychoPause}, {@code ptychoStop}, {@code ptychoSave}, {@code ptychoOpenResult},
 * {@code ptychoEngines} (see {@link EngineSequenceEditor}), {@code ptychoDevice}, {@code ptychoModes},
 * {@code ptychoProbeInit}, {@code ptychoRefinePositions}, {@code ptychoRefineFrom}, {@code ptychoPositions},
 * {@code ptychoPattern}, {@code ptychoPatternIndex}, {@code ptychoObjectPhase}, {@code ptychoObjectAmplitude},
 * {@code ptychoProbe}, {@code ptychoProbeMode}, {@code ptychoErrorPlot}, {@code ptychoUnwrap},
 * {@code ptychoRemoveRamp}, {@code ptychoProgress}, {@code ptychoStatus}, {@code ptychoScanInfo},
 * {@code ptychoTabs}.
 */
public final class PtychographyPerspective implements Perspective {

    /** Fastest refresh of the live images: 5 Hz keeps the FX thread idle and the snapshots cheap. */
    static final long UPDATE_MILLIS = 200;

    /** Makes the reconstructor; tests substitute one. */
    @FunctionalInterface
    interface ReconstructorFactory {
        PtychoReconstructor create(PtychoScan scan, List<EngineStep> plan, ReconstructionOptions options,
                ComputeDevice device);
    }

    private final PtychoSource source;
    private final PerspectiveContext context;
    private final ReconstructorFactory factory;
    private final BorderPane root = new BorderPane();

    private final PlotView positions = new PlotView();
    private final FloatImageView pattern = new FloatImageView();
    private final Slider patternIndex = new Slider();
    private final Label patternLabel = new Label();
    private final AtomicLong patternRequest = new AtomicLong();

    private final EngineSequenceEditor engines = new EngineSequenceEditor();
    private final ComboBox<ComputeDevice> device = new ComboBox<>();
    private final Spinner<Integer> modes = new Spinner<>(1, 12, 1);
    private final ComboBox<ProbeInit> probeInit = new ComboBox<>(FXCollections.observableArrayList(ProbeInit.values()));
    private final CheckBox refine = new CheckBox("Refine positions from");
    private final Spinner<Integer> refineFrom = new Spinner<>(1, 100_000, 50);
    private final Button run = new Button("Run");
    private final Button pause = new Button("Pause");
    private final Button stop = new Button("Stop");
    private final Button save = new Button("Save result…");
    private final Button openResult = new Button("Open result…");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label status = new Label("Ready");

    private final TabPane tabs = new TabPane();
    private final ReconstructionPane reconPane;

    private final Timeline ticker = new Timeline(new KeyFrame(Duration.millis(UPDATE_MILLIS), e -> tick()));
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicBoolean snapshotInFlight = new AtomicBoolean();
    private volatile PtychoReconstructor reconstructor;
    private volatile IterationReport lastReport;
    private volatile Cancellation cancel;
    /** Moving average of the iterations' wall time, ms: the rate shown leaves pauses out. */
    private volatile double meanMillis = Double.NaN;
    private int planTotal;
    private final PreprocessingPane preprocessingPane = new PreprocessingPane();
    private volatile PatternPreprocessing preprocessing = PatternPreprocessing.defaults();
    private volatile PtychoScanLoader.Loaded loaded;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<PtychoResult> result = new ReadOnlyObjectWrapper<>();

    PtychographyPerspective(PtychoSource source, PerspectiveContext context) {
        this(source, context, PtychoReconstructor::create);
    }

    PtychographyPerspective(PtychoSource source, PerspectiveContext context, ReconstructorFactory factory) {
        this.source = source;
        this.context = context;
        this.factory = factory;
        this.reconPane = new ReconstructionPane(context.background());
        ticker.setCycleCount(Timeline.INDEFINITE);
        build();
        showPositions(-1);
        loadPattern(0);
        findDevices();
    }

    private void build() {
        positions.setId("ptychoPositions");
        positions.setTitle("Scan positions");
        positions.setXLabel("x (µm)");
        positions.setYLabel("y (µm)");
        pattern.setId("ptychoPattern");
        pattern.logScaleProperty().set(true);
        pattern.colormapProperty().set("viridis");
        patternIndex.setId("ptychoPatternIndex");
        patternIndex.setMin(0);
        patternIndex.setMax(Math.max(0, source.count() - 1));
        patternIndex.setMajorTickUnit(1);
        patternIndex.setSnapToTicks(true);
        patternIndex.setBlockIncrement(1);
        patternIndex.valueProperty().addListener((o, a, b) -> {
            int i = (int) Math.round(b.doubleValue());
            loadPattern(i);
            showPositions(i);
        });
        patternLabel.setId("ptychoPatternLabel");
        VBox browser = new VBox(4, pattern, patternIndex, patternLabel);
        VBox.setVgrow(pattern, Priority.ALWAYS);
        SplitPane scanPane = new SplitPane(positions, browser);
        scanPane.setOrientation(Orientation.HORIZONTAL);

        Tab scanTab = new Tab("Scan", scanPane);
        Tab reconTab = new Tab("Reconstruction", reconPane);
        scanTab.setClosable(false);
        reconTab.setClosable(false);
        tabs.getTabs().addAll(scanTab, reconTab);
        tabs.setId("ptychoTabs");

        Label info = new Label(describeSource());
        info.setId("ptychoScanInfo");
        info.setWrapText(true);
        device.setId("ptychoDevice");
        device.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ComputeDevice d) {
                return d == null ? "" : d.name();
            }

            @Override
            public ComputeDevice fromString(String s) {
                return null;
            }
        });
        modes.setId("ptychoModes");
        probeInit.setId("ptychoProbeInit");
        probeInit.setValue(ProbeInit.FROM_FILE);
        probeInit.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ProbeInit p) {
                if (p == null) {
                    return "";
                }
                switch (p) {
                    case FROM_FILE: return source.probe().isPresent() ? "From the file" : "From the file (none: aperture)";
                    case APERTURE: return "Propagated aperture";
                    default: return "Mean pattern";
                }
            }

            @Override
            public ProbeInit fromString(String t) {
                return null;
            }
        });
        refine.setId("ptychoRefinePositions");
        refineFrom.setId("ptychoRefineFrom");
        refineFrom.setEditable(true);
        refineFrom.disableProperty().bind(refine.selectedProperty().not());
        run.setId("ptychoRun");
        pause.setId("ptychoPause");
        stop.setId("ptychoStop");
        save.setId("ptychoSave");
        openResult.setId("ptychoOpenResult");
        progress.setId("ptychoProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        status.setId("ptychoStatus");
        status.setWrapText(true);
        pause.setDisable(true);
        stop.setDisable(true);
        save.setDisable(true);
        run.setOnAction(e -> start());
        pause.setOnAction(e -> togglePause());
        stop.setOnAction(e -> stopRun());
        save.setOnAction(e -> chooseAndSave());
        openResult.setOnAction(e -> chooseAndOpen());

        GridPane opts = new GridPane();
        opts.setHgap(6);
        opts.setVgap(4);
        opts.addRow(0, new Label("Device"), device);
        opts.addRow(1, new Label("Probe modes"), modes);
        opts.addRow(2, new Label("Probe start"), probeInit);
        opts.addRow(3, refine, refineFrom);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        opts.getColumnConstraints().add(labels);
        VBox left = new VBox(8, info, new Separator(), engines, new Separator(), opts, preprocessingPane,
                new HBox(6, run, pause, stop), progress, status, new Separator(), new HBox(6, save, openResult));
        left.setPadding(new Insets(8));
        left.setPrefWidth(380);
        ScrollPane scroll = new ScrollPane(left);
        scroll.setFitToWidth(true);
        root.setLeft(scroll);
        root.setCenter(tabs);
    }

    private String describeSource() {
        StringBuilder sb = new StringBuilder(source.file().getFileName().toString());
        source.keyMetadata().forEach((k, v) -> sb.append('\n').append(k).append(": ").append(v));
        return sb.toString();
    }

    private void findDevices() {
        String pref = context.executionSettings().compute();
        CompletableFuture.supplyAsync(() -> ComputeDevices.choose(pref), context.background())
                .whenComplete((DeviceChoice c, Throwable t) -> Platform.runLater(() -> {
                    if (c == null) {
                        device.setItems(FXCollections.observableArrayList(ComputeDevices.javaDevice()));
                        device.getSelectionModel().selectFirst();
                        return;
                    }
                    device.setItems(FXCollections.observableArrayList(c.available()));
                    device.setValue(c.chosen());
                }));
    }

    /** Positions in µm with the field of view they cover; {@code selected} ≥ 0 is highlighted. */
    private void showPositions(int selected) {
        double[] y = source.positionY();
        double[] x = source.positionX();
        double[] xs = new double[x.length];
        double[] ys = new double[y.length];
        double xlo = Double.POSITIVE_INFINITY;
        double xhi = Double.NEGATIVE_INFINITY;
        double ylo = Double.POSITIVE_INFINITY;
        double yhi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            xs[i] = x[i] * 1e6;
            ys[i] = y[i] * 1e6;
            xlo = Math.min(xlo, xs[i]);
            xhi = Math.max(xhi, xs[i]);
            ylo = Math.min(ylo, ys[i]);
            yhi = Math.max(yhi, ys[i]);
        }
        // The probe window's half size, so the outline is the field the patterns see.
        double halfY = 0.5e6 * source.wavelength() * source.distance() / source.pixelY();
        double halfX = 0.5e6 * source.wavelength() * source.distance() / source.pixelX();
        List<PlotView.Series> s = new ArrayList<>();
        s.add(PlotView.Series.line("field of view", new double[] {xlo - halfX, xhi + halfX, xhi + halfX, xlo - halfX,
            xlo - halfX}, new double[] {ylo - halfY, ylo - halfY, yhi + halfY, yhi + halfY, ylo - halfY}));
        s.add(PlotView.Series.points("positions", xs, ys, null));
        if (selected >= 0 && selected < xs.length) {
            s.add(new PlotView.Series("pattern " + selected, new double[] {xs[selected]},
                    new double[] {ys[selected]}, null, PlotView.Style.POINTS, Color.RED));
        }
        positions.setSeries(s);
    }

    /** Reads one pattern off the FX thread; only the latest request is shown. */
    private void loadPattern(int index) {
        long req = patternRequest.incrementAndGet();
        CompletableFuture.supplyAsync(() -> {
            try {
                return source.readPatterns(index, 1);
            } catch (DataFileException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, context.background()).whenComplete((data, err) -> Platform.runLater(() -> {
            if (req != patternRequest.get()) {
                return;
            }
            if (err != null) {
                pattern.showMessage(rootMessage(err));
                return;
            }
            float[] shownData = PatternPreprocessing.centredForDisplay(data, source.height(), source.width());
            pattern.setImage(shownData, source.width(), source.height(), "pattern " + index + " of "
                    + source.count() + (shownData == data ? " (log scale)" : " (log scale, stored in FFT layout: "
                    + "quadrants swapped)"));
            patternLabel.setText(String.format(Locale.ROOT, "Pattern %d at y = %.3f µm, x = %.3f µm", index,
                    source.positionY()[index] * 1e6, source.positionX()[index] * 1e6));
        }));
    }

    private ReconstructionOptions options() {
        ReconstructionOptions o = ReconstructionOptions.defaults().withProbeModes(modes.getValue())
                .withProbeInit(probeInit.getValue(), 0, 0);
        if (refine.isSelected()) {
            o = o.withPositionRefinement(refineFrom.getValue(), 5);
        }
        return o;
    }

    /** Starts a run with the current settings (the Run button). */
    void start() {
        if (running.get()) {
            return;
        }
        List<EngineStep> plan;
        try {
            plan = engines.plan();
        } catch (IllegalArgumentException e) {
            status.setText(e.getMessage());
            return;
        }
        ReconstructionOptions opts = options();
        Optional<DarkFrameReader.Source> dark;
        try {
            preprocessing = preprocessingPane.value();
            dark = preprocessingPane.darkSource();
        } catch (IllegalArgumentException e) {
            status.setText(e.getMessage());
            return;
        }
        ComputeDevice dev = device.getValue() != null ? device.getValue() : ComputeDevices.javaDevice();
        PatternPreprocessing prep = preprocessing;
        Cancellation c = new Cancellation();
        cancel = c;
        planTotal = EnginePlanText.totalIterations(plan);
        running.set(true);
        result.set(null);
        reconstructor = null;
        lastReport = null;
        run.setDisable(true);
        pause.setDisable(false);
        pause.setText("Pause");
        stop.setDisable(false);
        save.setDisable(true);
        progress.setProgress(-1);
        status.setText("Reading " + source.count() + " patterns…");
        tabs.getSelectionModel().select(1);
        Thread t = new Thread(() -> runInBackground(plan, opts, dev, prep, dark, c), "ptycho-run");
        t.setDaemon(true);
        t.start();
        ticker.play();
    }

    private void runInBackground(List<EngineStep> plan, ReconstructionOptions opts, ComputeDevice dev,
            PatternPreprocessing settings, Optional<DarkFrameReader.Source> dark, Cancellation c) {
        try {
            PatternPreprocessing prep = settings;
            if (dark.isPresent()) {
                Platform.runLater(() -> status.setText("Reading the dark frame from " + dark.get() + "…"));
                DarkFrameReader.Dark d = DarkFrameReader.read(dark.get(), source.height(), source.width(), c);
                prep = settings.withDark(d.frame(), d.describe());
                preprocessing = prep; // the saved result's provenance names the dark frame
            }
            PtychoScanLoader.Loaded l = PtychoScanLoader.load(source, prep, (f, m) -> Platform.runLater(() -> {
                if (reconstructor == null && running.get()) {
                    progress.setProgress(f);
                    status.setText(m);
                }
            }), c);
            loaded = l;
            PtychoReconstructor rec;
            try {
                rec = factory.create(l.scan(), plan, opts, dev);
            } catch (IllegalArgumentException e) {
                if (dev.type() == ComputeDevice.Type.JAVA) {
                    throw e;
                }
                // A device without ptychography kernels: say so and run on Java rather than not at all.
                String why = dev.name() + " cannot run the engines (" + e.getMessage() + "); using plain Java";
                Platform.runLater(() -> status.setText(why));
                rec = factory.create(l.scan(), plan, opts, ComputeDevices.javaDevice());
            }
            reconstructor = rec;
            meanMillis = Double.NaN;
            PtychoResult r = rec.run(report -> {
                double m = meanMillis;
                meanMillis = Double.isNaN(m) ? report.millis() : 0.9 * m + 0.1 * report.millis();
                lastReport = report;
                dirty.set(true);
            }, c);
            Platform.runLater(() -> finished(r));
        } catch (Cancellation.CancelledException e) {
            Platform.runLater(() -> ended("Stopped before the reconstruction began"));
        } catch (DataFileException | RuntimeException e) {
            Platform.runLater(() -> ended("Failed: " + e.getMessage()));
        }
    }

    /** On the FX thread, at most every {@value #UPDATE_MILLIS} ms: progress now, images from a snapshot off it. */
    private void tick() {
        IterationReport r = lastReport;
        PtychoReconstructor rec = reconstructor;
        if (r == null || rec == null) {
            return;
        }
        progress.setProgress(planTotal == 0 ? -1 : (double) r.iteration() / planTotal);
        status.setText(String.format(Locale.ROOT, "%s iteration %d / %d · %.2f it/s · Fourier error %.4g%s",
                r.engine().label(), r.iteration(), planTotal, 1000 / Math.max(meanMillis, 1e-6), r.fourierError(),
                rec.isPaused() ? " · paused" : ""));
        if (dirty.get() && snapshotInFlight.compareAndSet(false, true)) {
            dirty.set(false);
            CompletableFuture.supplyAsync(rec::snapshot, context.background())
                    .whenComplete((snap, err) -> Platform.runLater(() -> {
                        snapshotInFlight.set(false);
                        if (err == null && result.get() == null) {
                            reconPane.showState(snap);
                        }
                    }));
        }
    }

    private void finished(PtychoResult r) {
        ticker.stop();
        result.set(r);
        running.set(false);
        run.setDisable(false);
        pause.setDisable(true);
        stop.setDisable(true);
        save.setDisable(false);
        progress.setProgress(1);
        List<IterationReport> h = r.state().history();
        double secs = 0;
        for (IterationReport x : h) {
            secs += x.millis() / 1000;
        }
        status.setText(String.format(Locale.ROOT, "%s after %d iterations (%.2f it/s)%s",
                r.stoppedEarly() ? "Stopped" : "Done", r.state().iteration(), h.size() / Math.max(secs, 1e-9),
                h.isEmpty() ? "" : String.format(Locale.ROOT, " · Fourier error %.4g → %.4g",
                        h.get(0).fourierError(), h.get(h.size() - 1).fourierError())));
        reconPane.showState(r.state());
    }

    private void ended(String message) {
        ticker.stop();
        running.set(false);
        run.setDisable(false);
        pause.setDisable(true);
        stop.setDisable(true);
        progress.setProgress(0);
        status.setText(message);
    }

    private void togglePause() {
        PtychoReconstructor rec = reconstructor;
        if (rec == null) {
            return;
        }
        if (rec.isPaused()) {
            rec.resume();
            pause.setText("Pause");
        } else {
            rec.pause();
            pause.setText("Continue");
        }
    }

    private void stopRun() {
        Cancellation c = cancel;
        if (c != null) {
            c.cancel();
            status.setText("Stopping after the current iteration…");
        }
    }

    private void chooseAndSave() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save ptychography result");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("HDF5", "*.h5", "*.hdf5"));
        fc.setInitialDirectory(context.workDirectory().toFile());
        fc.setInitialFileName(stem(source.file()) + "_ptycho.h5");
        File f = fc.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f != null) {
            saveTo(f.toPath());
        }
    }

    /** Writes the finished result (atomically) off the FX thread; completes with the file. Any thread. */
    CompletableFuture<Path> saveTo(Path target) {
        PtychoResult r = result.get();
        PtychoScanLoader.Loaded l = loaded;
        if (r == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("No finished reconstruction to save"));
        }
        onFx(() -> status.setText("Saving " + target.getFileName() + "…"));
        PatternPreprocessing prep = preprocessing;
        CompletableFuture<Path> done = CompletableFuture.supplyAsync(() -> {
            try {
                PtychoResultWriter.write(target, r, source.readerId(), l == null ? java.util.Map.of()
                        : prep.describe(l.plan()));
                return target;
            } catch (java.io.IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, context.background());
        done.whenComplete((p, err) -> Platform.runLater(() -> status.setText(err == null ? "Saved " + p
                : "Saving " + target + " failed: " + rootMessage(err))));
        return done;
    }

    private void chooseAndOpen() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open ptychography result");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("HDF5", "*.h5", "*.hdf5"));
        File f = fc.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f != null) {
            openResult(f.toPath());
        }
    }

    /** Reads a result file off the FX thread and shows it (object, probe, error curve, its plan). Any thread. */
    CompletableFuture<StoredPtychoResult> openResult(Path file) {
        if (running.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("A reconstruction is running"));
        }
        onFx(() -> status.setText("Reading " + file.getFileName() + "…"));
        CompletableFuture<StoredPtychoResult> f = CompletableFuture.supplyAsync(() -> {
            try {
                return PtychoResultReader.read(file);
            } catch (DataFileException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, context.background());
        f.whenComplete((s, err) -> Platform.runLater(() -> {
            if (err != null) {
                status.setText(rootMessage(err));
                return;
            }
            if (!s.plan().isEmpty()) {
                engines.setPlan(s.plan());
            }
            status.setText("Showing " + file.getFileName() + ": " + s.state().iteration() + " iterations"
                    + (s.stoppedEarly() ? " (stopped early)" : ""));
            tabs.getSelectionModel().select(1);
            reconPane.showState(s.state());
        }));
        return f;
    }

    /** Runs now when on the FX thread, else later on it (save and open may be called from any thread). */
    private static void onFx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException
                || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** Whether a reconstruction is running. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The last finished (or stopped) reconstruction. */
    public ReadOnlyObjectProperty<PtychoResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** The images shown now. */
    public ReadOnlyObjectProperty<ReconstructionImages> shownProperty() {
        return reconPane.shownProperty();
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public String title() {
        return "Ptychography";
    }

    @Override
    public void close() {
        Cancellation c = cancel;
        if (c != null) {
            c.cancel();
        }
        PtychoReconstructor rec = reconstructor;
        if (rec != null && rec.isPaused()) {
            rec.resume();
        }
        ticker.stop();
    }
}
