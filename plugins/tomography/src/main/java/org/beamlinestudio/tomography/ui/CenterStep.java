package org.beamlinestudio.tomography.ui;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.util.StringConverter;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.tomography.center.CenterEstimate;
import org.beamlinestudio.tomography.center.CenterFinders;
import org.beamlinestudio.tomography.center.CenterSweep;
import org.beamlinestudio.tomography.center.Sinogram;
import org.beamlinestudio.tomography.center.SweepResult;
import org.beamlinestudio.tomography.center.preview.CenterPreviewEngine;
import org.beamlinestudio.tomography.center.preview.OpposedProjections;
import org.beamlinestudio.tomography.center.preview.PreviewReduction;
import org.beamlinestudio.tomography.center.preview.PreviewSlice;
import org.beamlinestudio.tomography.preview.SinogramSource;
import org.beamlinestudio.tomography.recon.RampFilter;
import org.beamlinestudio.tomography.stages.FbpStageFactory;
import org.beamlinestudio.viewer.FloatImageView;

/**
 * The Center step: the automatic estimates (quick, then robust), the 0°/mirrored-180° overlay with a draggable
 * axis, a slider and spin box on a 0.25 px grid with a live preview slice (binned while dragging, full resolution
 * when released), and a gallery of candidate centers to click. The chosen center goes into the session (and so
 * into the pipeline's reconstruction stage). All compute runs on the session's background executor.
 */
public final class CenterStep implements TomographyStep {

    /** The grid the slider, spin box and gallery use, in pixels. */
    static final double GRID = 0.25;
    /** Half-widths of the slider's range the user can pick; 0 means the whole detector. */
    static final List<Integer> WINDOWS = List.of(10, 25, 50, 100, 0);
    /** Steps between gallery candidates the user can pick, in pixels. */
    static final List<Double> STEPS = List.of(0.25, 0.5, 1.0, 2.0, 5.0);

    private final TomographySession session;
    private final SinogramSource sinograms;
    private final BorderPane root = new BorderPane();
    private final Label quick = new Label("Quick estimate: —");
    private final Label robust = new Label("Robust estimate: —");
    private final Label status = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Button cancelButton = new Button("Cancel");
    private final FloatImageView overlay = new FloatImageView();
    private final Line axis = new Line();
    private final FloatImageView preview = new FloatImageView();
    private final Slider slider = new Slider();
    private final Spinner<Double> spinner = new Spinner<>();
    private final ChoiceBox<Integer> window = new ChoiceBox<>();
    private final Spinner<Integer> galleryCount = new Spinner<>(3, 61, 21, 2);
    private final ChoiceBox<Double> galleryStep = new ChoiceBox<>();
    private final Button galleryCompute = new Button("Recompute around the current center");
    private final TilePane gallery = new TilePane(8, 8);
    private final Label galleryCaption = new Label();
    private final CenterLatestWins setupTasks;
    private final CenterLatestWins previewTasks;
    private final CenterLatestWins overlayTasks;
    private final CenterLatestWins galleryTasks;
    private final CenterLatestWins projectionTasks;

    private CenterPreviewEngine engine;
    private SinogramKey sinogramKey;
    private String engineKey;
    private OpposedProjections projections;
    private boolean updatingControls;
    private boolean applyingEstimate;
    private boolean userChose;
    private boolean dragging;
    private boolean activatedOnce;
    private boolean closed;
    private double lastEstimate = Double.NaN;
    private CenterEstimate quickEstimate;
    private String robustText;
    private final Button useEstimate = new Button("Use the robust estimate");

    /** The step for {@code session}, reconstructing its previews from {@code sinograms}. FX thread. */
    public CenterStep(TomographySession session, SinogramSource sinograms) {
        this.session = session;
        this.sinograms = sinograms;
        var executor = session.context().background();
        setupTasks = new CenterLatestWins(executor, this::failed);
        previewTasks = new CenterLatestWins(executor, this::failed);
        overlayTasks = new CenterLatestWins(executor, this::failed);
        galleryTasks = new CenterLatestWins(executor, this::failed);
        projectionTasks = new CenterLatestWins(executor, e -> overlay.showMessage("No overlay: the 0° and 180° "
                + "projections of " + session.source().file().getFileName() + " cannot be read: " + message(e)));
        userChose = !Double.isNaN(session.centerProperty().get());
        build();
        session.centerProperty().addListener((obs, o, n) -> centerChanged(n.doubleValue()));
        session.previewRowProperty().addListener((obs, o, n) -> inputsChanged());
        session.pipelineProperty().addListener((obs, o, n) -> inputsChanged());
    }

    @Override
    public String title() {
        return "Center";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public void activated() {
        if (closed) {
            return;
        }
        if (projections == null) {
            projectionTasks.submit(cancel -> OpposedProjections.read(session.source()), p -> {
                projections = p;
                overlay.fixedWindowProperty().set(new FloatImageView.Window(-p.differenceWindow(),
                        p.differenceWindow()));
                requestOverlay();
            });
        }
        SinogramKey key = sinogramKey();
        if (!activatedOnce || !key.equals(sinogramKey) || !Objects.equals(engineKey(), engineKey)) {
            activatedOnce = true;
            reload(!key.equals(sinogramKey) || engine == null);
        }
    }

    @Override
    public void close() {
        closed = true;
        setupTasks.cancel();
        previewTasks.cancel();
        overlayTasks.cancel();
        galleryTasks.cancel();
        projectionTasks.cancel();
        CenterPreviewEngine e = engine;
        engine = null;
        if (e != null) {
            session.context().background().execute(e::close);
        }
    }

    // ---------------------------------------------------------------- layout

    private void build() {
        quick.setId("centerQuick");
        robust.setId("centerRobust");
        status.setId("centerStatus");
        progress.setId("centerProgress");
        cancelButton.setId("centerCancel");
        overlay.setId("centerOverlay");
        axis.setId("centerAxis");
        preview.setId("centerPreview");
        slider.setId("centerSlider");
        spinner.setId("centerSpinner");
        window.setId("centerWindow");
        useEstimate.setId("centerUseEstimate");
        useEstimate.setDisable(true);
        useEstimate.setOnAction(e -> choose(Math.round(lastEstimate * 100) / 100.0));
        galleryCount.setId("galleryCount");
        galleryStep.setId("galleryStep");
        galleryCompute.setId("galleryCompute");
        gallery.setId("centerGallery");

        quick.setStyle("-fx-font-size: 13px;");
        robust.setStyle("-fx-font-size: 13px; -fx-font-weight: bold;");
        progress.setPrefWidth(160);
        cancelButton.setOnAction(e -> cancelAll());
        VBox both = new VBox(2, robust, quick);
        both.setMinWidth(0);
        HBox.setHgrow(both, Priority.ALWAYS);
        status.setWrapText(true);
        status.setMaxWidth(420);
        cancelButton.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        progress.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox estimates = new HBox(18, both, status, progress, cancelButton);
        estimates.setAlignment(Pos.CENTER_LEFT);
        estimates.setPadding(new Insets(6, 8, 6, 8));

        axis.setStroke(Color.ORANGE);
        axis.setMouseTransparent(true);
        overlay.overlay().getChildren().add(axis);
        overlay.setCursor(Cursor.H_RESIZE);
        overlay.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> dragAxis(e, true));
        overlay.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> dragAxis(e, true));
        overlay.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> dragAxis(e, false));
        overlay.showMessage("Reading the 0° and 180° projections…");
        preview.showMessage("The preview slice appears once the center is estimated.");
        VBox overlayBox = titled("Axis overlay: 0° minus the mirrored 180° projection (grey where they match; "
                + "drag to move the axis)", overlay);
        VBox previewBox = titled("Preview slice at the chosen center (binned while dragging)", preview);
        HBox views = new HBox(8, overlayBox, previewBox);
        HBox.setHgrow(overlayBox, Priority.ALWAYS);
        HBox.setHgrow(previewBox, Priority.ALWAYS);
        overlayBox.setPrefWidth(10);
        previewBox.setPrefWidth(10);
        VBox.setVgrow(views, Priority.ALWAYS);

        int cols = session.columns();
        slider.setMin(0);
        slider.setMax(Math.max(1, cols - 1));
        slider.setShowTickLabels(true);
        slider.setShowTickMarks(true);
        slider.setBlockIncrement(GRID);
        slider.valueProperty().addListener((obs, o, n) -> {
            if (!updatingControls) {
                choose(snap(n.doubleValue()));
            }
        });
        slider.valueChangingProperty().addListener((obs, o, n) -> {
            if (!n) {
                requestPreview(); // released: full resolution
            }
        });
        HBox.setHgrow(slider, Priority.ALWAYS);
        SpinnerValueFactory.DoubleSpinnerValueFactory factory =
                new SpinnerValueFactory.DoubleSpinnerValueFactory(0, Math.max(1, cols - 1), cols / 2.0, GRID);
        factory.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double v) {
                return v == null ? "" : String.format(Locale.ROOT, "%.2f", v);
            }

            @Override
            public Double fromString(String s) {
                try {
                    return Double.parseDouble(s.trim().replace(',', '.'));
                } catch (NumberFormatException e) {
                    return factory.getValue();
                }
            }
        });
        spinner.setValueFactory(factory);
        spinner.setEditable(true);
        spinner.setPrefWidth(110);
        spinner.valueProperty().addListener((obs, o, n) -> {
            if (!updatingControls && n != null) {
                choose(n);
            }
        });
        window.getItems().setAll(WINDOWS);
        window.setConverter(shownAs(w -> w == 0 ? "whole detector" : "± " + w + " px"));
        window.setValue(25);
        window.valueProperty().addListener((obs, o, n) -> recentreSlider(session.centerProperty().get(), true));
        HBox controls = new HBox(8, new Label("Center (px):"), slider, spinner, new Label("Slider range:"), window,
                useEstimate);
        for (Node n : controls.getChildren()) {
            if (n instanceof javafx.scene.control.Control control && n != slider) {
                control.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        }
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.setPadding(new Insets(4, 8, 4, 8));

        galleryStep.getItems().setAll(STEPS);
        galleryStep.setValue(0.5);
        galleryStep.setConverter(shownAs(v -> String.format(Locale.ROOT, "%.2f px", v)));
        galleryCount.setPrefWidth(80);
        galleryCount.valueProperty().addListener((obs, o, n) -> requestGallery(galleryCentre()));
        galleryStep.valueProperty().addListener((obs, o, n) -> requestGallery(galleryCentre()));
        galleryCompute.setOnAction(e -> requestGallery(session.centerProperty().get()));
        HBox galleryBar = new HBox(8, new Label("Candidates:"), galleryCount, new Label("step"), galleryStep,
                galleryCompute);
        galleryBar.setAlignment(Pos.CENTER_LEFT);
        for (Node n : galleryBar.getChildren()) {
            if (n instanceof javafx.scene.control.Control control) {
                control.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        }
        galleryBar.getChildren().add(galleryCaption);
        HBox.setHgrow(galleryCaption, Priority.ALWAYS);
        galleryCaption.setMinWidth(0);
        gallery.setPadding(new Insets(4));
        gallery.setPrefColumns(11);
        ScrollPane galleryScroll = new ScrollPane(gallery);
        galleryScroll.setFitToWidth(true);
        galleryScroll.setPrefViewportHeight(330);
        VBox galleryBox = new VBox(4, galleryBar, galleryScroll);
        galleryBox.setPadding(new Insets(4, 8, 8, 8));

        VBox middle = new VBox(4, views, controls);
        middle.setPadding(new Insets(0, 8, 0, 8));
        root.setTop(estimates);
        root.setCenter(middle);
        root.setBottom(galleryBox);
        setBusy(null, 0);
    }

    private static VBox titled(String title, Node content) {
        Label l = new Label(title);
        l.setWrapText(true);
        l.setStyle("-fx-font-weight: bold;");
        VBox box = new VBox(4, l, content);
        VBox.setVgrow(content, Priority.ALWAYS);
        if (content instanceof FloatImageView v) {
            v.setMinHeight(240);
        }
        return box;
    }

    // ---------------------------------------------------------------- inputs: sinogram, filter, device

    /** What the sinogram depends on: the row and the enabled stages before the reconstruction. */
    private record SinogramKey(int row, List<Pipeline.StageSpec> before) {
    }

    private SinogramKey sinogramKey() {
        Pipeline p = session.pipelineProperty().get();
        int i = TomographySession.reconstructionStageIndex(p);
        List<Pipeline.StageSpec> before = List.copyOf(i < 0 ? p.stages() : p.stages().subList(0, i));
        return new SinogramKey(session.previewRowProperty().get(), before);
    }

    /** The FBP filter of the pipeline's reconstruction stage (the default one when it is not FBP or unset). */
    private RampFilter filter() {
        Pipeline p = session.pipelineProperty().get();
        int i = TomographySession.reconstructionStageIndex(p);
        Object f = i < 0 ? null : p.stages().get(i).params().get(FbpStageFactory.FILTER);
        try {
            return f == null ? RampFilter.RAM_LAK_TAPER : RampFilter.of(f.toString());
        } catch (IllegalArgumentException e) {
            return RampFilter.RAM_LAK_TAPER;
        }
    }

    private String device() {
        return session.context().executionSettings().compute();
    }

    private String engineKey() {
        return filter().id() + "@" + device();
    }

    private void inputsChanged() {
        if (!activatedOnce || closed) {
            return;
        }
        boolean sinogramChanged = !sinogramKey().equals(sinogramKey);
        if (sinogramChanged || !engineKey().equals(engineKey)) {
            reload(sinogramChanged);
        }
    }

    /**
     * Starts over: fetches the sinogram (when {@code refetch}, else reuses the engine's) and builds an engine for
     * the current filter and device, then the quick and the robust estimates, the preview and the gallery.
     */
    private void reload(boolean refetch) {
        SinogramKey key = sinogramKey();
        String eKey = engineKey();
        Pipeline pipeline = session.pipelineProperty().get();
        int row = key.row();
        Sinogram reuse = refetch || engine == null ? null : engine.sinogram();
        String device = device();
        RampFilter filter = filter();
        previewTasks.cancel();
        galleryTasks.cancel();
        setBusy(reuse == null ? "Reading the sinogram of row " + row + "…" : "Preparing the previews…", -1);
        if (reuse == null) {
            robustText = null;
            quick.setText("Quick estimate: …");
            robust.setText("Robust estimate: …");
        }
        setupTasks.submit(cancel -> {
            Sinogram s = reuse != null ? reuse : sinograms.sinogram(session.source(), pipeline, row, cancel);
            cancel.check();
            CenterEstimate pc = reuse != null ? null
                    : CenterFinders.phaseCorrelation(s.data(), s.nAngles(), s.nCols(), s.angles());
            return new Loaded(CenterPreviewEngine.forDevice(s, device, filter), pc);
        }, loaded -> {
            CenterPreviewEngine old = engine;
            engine = loaded.engine();
            sinogramKey = key;
            engineKey = eKey;
            if (old != null) {
                session.context().background().execute(old::close);
            }
            if (loaded.quick() != null) {
                quickEstimate = loaded.quick();
                quick.setText(describe("Quick estimate", loaded.quick(), "phase correlation 0°/180°"));
                robustEstimate();
            } else {
                setBusy(null, 0);
                requestPreview();
                requestGallery(galleryCentre());
            }
        });
    }

    private record Loaded(CenterPreviewEngine engine, CenterEstimate quick) {
    }

    private void robustEstimate() {
        CenterPreviewEngine e = engine;
        setBusy("Robust estimate (Vo)…", -1);
        setupTasks.submit(cancel -> {
            Sinogram s = e.sinogram();
            CenterEstimate vo = CenterFinders.vo(s.data(), s.nAngles(), s.nCols(), s.angles());
            cancel.check();
            e.calibrate(cancel); // measures the device so the first binned preview already meets its budget
            return vo;
        }, vo -> {
            setBusy(null, 0);
            lastEstimate = vo.center();
            useEstimate.setDisable(false);
            if (quickEstimate != null && Math.abs(quickEstimate.center() - vo.center()) > 2) {
                quick.setText(quick.getText() + String.format(Locale.ROOT,
                        " — %.1f px off the robust one: a dead column or a static artefact misleads it",
                        quickEstimate.center() - vo.center()));
            }
            boolean apply = !userChose;
            robustText = describe("Robust estimate", vo, "Vo");
            updateRobustLabel();
            if (apply) {
                applyingEstimate = true;
                try {
                    double c = Math.round(vo.center() * 100) / 100.0;
                    if (c == session.centerProperty().get()) {
                        centerChanged(c);
                    } else {
                        session.centerProperty().set(c);
                    }
                } finally {
                    applyingEstimate = false;
                }
            } else {
                requestPreview();
            }
            recentreSlider(session.centerProperty().get(), true);
            requestGallery(galleryCentre());
        });
    }

    private static String describe(String what, CenterEstimate e, String method) {
        return String.format(Locale.ROOT, "%s: %.2f px (%s)", what, e.center(), method);
    }

    // ---------------------------------------------------------------- center changes

    /** A center chosen in this step (slider, spin box, axis drag, gallery click). */
    private void choose(double center) {
        if (Double.isNaN(center) || center == session.centerProperty().get()) {
            return;
        }
        session.centerProperty().set(center);
    }

    private void centerChanged(double c) {
        if (closed) {
            return;
        }
        if (!applyingEstimate) {
            userChose = true;
        }
        if (Double.isNaN(c)) {
            return;
        }
        updatingControls = true;
        try {
            if (!slider.isValueChanging()) {
                recentreSlider(c, false);
            }
            slider.setValue(c);
            spinner.getValueFactory().setValue(c);
        } finally {
            updatingControls = false;
        }
        placeAxis(c);
        markChosenTile(c);
        updateRobustLabel();
        requestOverlay();
        requestPreview();
    }

    /** The robust estimate, and whether the center in use is it. */
    private void updateRobustLabel() {
        if (robustText == null) {
            return;
        }
        double c = session.centerProperty().get();
        boolean inUse = Math.abs(c - Math.round(lastEstimate * 100) / 100.0) < 1e-9;
        robust.setText(robustText + (Double.isNaN(c) ? "" : inUse ? " — applied"
                : String.format(Locale.ROOT, " — not applied (you chose %.2f px)", c)));
    }

    private void markChosenTile(double c) {
        for (Node n : gallery.getChildren()) {
            if (n instanceof CenterTile t) {
                t.setChosen(t.center() == c);
            }
        }
    }

    private void recentreSlider(double c, boolean force) {
        if (Double.isNaN(c)) {
            return;
        }
        int cols = session.columns();
        Integer w = window.getValue();
        double lo = 0;
        double hi = Math.max(1, cols - 1);
        if (w != null && w > 0) {
            lo = Math.max(0, Math.floor(c) - w);
            hi = Math.min(cols - 1, Math.ceil(c) + w);
        }
        if (force || c < slider.getMin() || c > slider.getMax() || slider.getMax() - slider.getMin() > hi - lo + 1) {
            boolean was = updatingControls;
            updatingControls = true;
            try {
                slider.setMin(lo);
                slider.setMax(hi);
                double span = hi - lo;
                slider.setMajorTickUnit(span > 400 ? 100 : span > 100 ? 20 : span > 40 ? 10 : 5);
                slider.setMinorTickCount(4);
                slider.setValue(c);
            } finally {
                updatingControls = was;
            }
        }
    }

    private static double snap(double v) {
        return Math.round(v / GRID) * GRID;
    }

    private void dragAxis(MouseEvent e, boolean moving) {
        if (projections == null || overlay.data() == null) {
            return;
        }
        javafx.geometry.Point2D p = overlay.toImage(e.getX(), e.getY());
        boolean wasDragging = dragging;
        dragging = moving;
        if (!Double.isNaN(p.getX())) {
            double c = snap(Math.max(0, Math.min(session.columns() - 1, p.getX() - 0.5)));
            choose(c);
        }
        if (wasDragging && !moving) {
            requestPreview(); // released: full resolution
        }
        e.consume();
    }

    private void placeAxis(double c) {
        double x = c + 0.5; // column j spans [j, j+1) in the overlay's image coordinates
        double h = projections != null ? projections.rows() * overlayRowRepeat(projections) : 1;
        axis.setStartX(x);
        axis.setEndX(x);
        axis.setStartY(0);
        axis.setEndY(h);
        axis.setStrokeWidth(Math.max(1, session.columns() / 400.0));
    }

    // ---------------------------------------------------------------- computations

    private void requestOverlay() {
        OpposedProjections p = projections;
        double c = session.centerProperty().get();
        if (p == null) {
            return;
        }
        double at = Double.isNaN(c) ? session.columns() / 2.0 : c;
        int repeat = overlayRowRepeat(p);
        overlayTasks.submitAfterCurrent(cancel -> stretchRows(p.difference(at), p.columns(), p.rows(), repeat), d -> {
            overlay.setImage(d, p.columns(), p.rows() * repeat, String.format(Locale.ROOT,
                    "axis %.2f px · projection at %.1f° minus the one at %.1f° mirrored about the axis",
                    at, Math.toDegrees(p.firstAngle()), Math.toDegrees(p.oppositeAngle())));
            placeAxis(at);
        });
    }

    /** Rows are repeated on screen when a scan has few of them (a handful of rows would be a hairline). */
    private static int overlayRowRepeat(OpposedProjections p) {
        return Math.max(1, (int) Math.ceil(p.columns() / 4.0 / p.rows()));
    }

    private static float[] stretchRows(float[] d, int columns, int rows, int repeat) {
        if (repeat == 1) {
            return d;
        }
        float[] out = new float[d.length * repeat];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < repeat; k++) {
                System.arraycopy(d, r * columns, out, (r * repeat + k) * columns, columns);
            }
        }
        return out;
    }

    /** A binned preview while the slider or the axis is dragged, else the full-resolution slice. */
    private void requestPreview() {
        CenterPreviewEngine e = engine;
        double c = session.centerProperty().get();
        if (e == null || Double.isNaN(c)) {
            return;
        }
        boolean binned = slider.isValueChanging() || dragging;
        previewTasks.submitAfterCurrent(cancel -> {
            PreviewReduction r = binned ? e.reductionFor(CenterPreviewEngine.BINNED_BUDGET_S, cancel)
                    : e.fullResolutionFor(CenterPreviewEngine.FULL_BUDGET_S);
            return e.preview(c, r, cancel);
        }, (PreviewSlice s) -> {
            preview.setImage(s.slice(), s.size(), s.size(), s.caption());
            if (!binned && s.angleStride() > 1) {
                exactPreview(e, c); // a slow device: the fast full-resolution slice first, then all angles
            }
        });
    }

    private void exactPreview(CenterPreviewEngine e, double c) {
        previewTasks.submitAfterCurrent(cancel -> e.preview(c, PreviewReduction.FULL, cancel),
                (PreviewSlice s) -> preview.setImage(s.slice(), s.size(), s.size(), s.caption()));
    }

    /** The center the gallery is built around: the latest estimate (or the chosen center), on the 0.25 px grid. */
    private double galleryCentre() {
        double c = Double.isNaN(lastEstimate) ? session.centerProperty().get() : lastEstimate;
        return c;
    }

    private void requestGallery(double around) {
        CenterPreviewEngine e = engine;
        if (e == null || Double.isNaN(around) || galleryStep.getValue() == null) {
            return;
        }
        double[] candidates = CenterSweep.candidates(snap(around), galleryCount.getValue(), galleryStep.getValue());
        gallery.getChildren().clear();
        galleryCaption.setText(String.format(Locale.ROOT, "computing %d candidates…", candidates.length));
        setBusy("Gallery of " + candidates.length + " centers…", 0);
        Progress progress = fxProgress();
        long t0 = System.nanoTime();
        galleryTasks.submit(cancel -> e.gallery(candidates, progress, cancel), results -> {
            setBusy(null, 0);
            showGallery(results, (System.nanoTime() - t0) / 1e6);
        });
    }

    private void showGallery(List<SweepResult> results, double millis) {
        SweepResult best = CenterSweep.best(results, CenterPreviewEngine.GALLERY_SCORE);
        // one grey window for all tiles, from the middle one, so the tiles compare by eye
        SweepResult mid = results.get(results.size() / 2);
        double[] w = org.beamlinestudio.viewer.SliceRendering.percentiles(mid.slice(), 0.5, 99.5);
        gallery.getChildren().clear();
        for (int i = 0; i < results.size(); i++) {
            SweepResult r = results.get(i);
            CenterTile tile = new CenterTile(r, r == best, w[0], w[1]);
            tile.setId("candidate-" + i);
            tile.setOnMouseClicked(e -> choose(r.center()));
            gallery.getChildren().add(tile);
        }
        markChosenTile(session.centerProperty().get());
        SweepResult first = results.get(0);
        galleryCaption.setText(String.format(Locale.ROOT,
                "%d centers · entropy score (bits, lower = sharper) · orange: best, blue: chosen · bin %d · %.0f ms",
                results.size(), first.pixel(), millis));
    }

    private Progress fxProgress() {
        AtomicReference<double[]> latest = new AtomicReference<>();
        AtomicBoolean scheduled = new AtomicBoolean();
        return (fraction, message) -> {
            latest.set(new double[] {fraction});
            if (scheduled.compareAndSet(false, true)) {
                Platform.runLater(() -> {
                    scheduled.set(false);
                    if (galleryTasks.busy()) {
                        progress.setProgress(latest.get()[0]);
                    }
                });
            }
        };
    }

    private void cancelAll() {
        setupTasks.cancel();
        previewTasks.cancel();
        galleryTasks.cancel();
        overlayTasks.cancel();
        setBusy("Cancelled.", 0);
        if (engine == null) {
            activatedOnce = false; // the next activation starts over
        }
    }

    private void setBusy(String what, double fraction) {
        boolean busy = what != null && !what.equals("Cancelled.");
        status.setText(what == null ? "" : what);
        status.setStyle("");
        progress.setVisible(busy);
        progress.setProgress(fraction);
        cancelButton.setDisable(!busy);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private void failed(Throwable e) {
        String msg = message(e);
        setBusy(null, 0);
        status.setText("Failed on " + session.source().file().getFileName() + ", row "
                + session.previewRowProperty().get() + ": " + msg);
        status.setStyle("-fx-text-fill: #c62828;");
        org.slf4j.LoggerFactory.getLogger(CenterStep.class).warn("Center step failed", e);
    }

    /** A converter for choice boxes, whose values are only shown, never typed in. */
    private static <T> StringConverter<T> shownAs(Function<T, String> format) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : format.apply(value);
            }

            @Override
            public T fromString(String text) {
                return null;
            }
        };
    }
}
