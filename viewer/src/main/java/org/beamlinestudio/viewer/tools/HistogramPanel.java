package org.beamlinestudio.viewer.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.beamlinestudio.viewer.Colormaps;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.LatestOnly;
import org.beamlinestudio.viewer.SliceRendering;
import org.beamlinestudio.viewer.ortho.OrthoSliceView;

/**
 * The histogram of the data shown (log counts) with the grey-level window on it: drag either handle or the band
 * between them, or type the window's ends; auto contrast from chosen percentiles; the colormap, inverted, and a
 * log scale. Bound to a {@link FloatImageView} or to an {@link OrthoSliceView}'s shared window and colormap. The
 * histogram and percentiles are computed on the given executor, latest request wins.
 */
public final class HistogramPanel extends VBox {

    /** Auto-contrast percentile pairs offered, low and high. */
    public static final List<double[]> PERCENTILES = List.of(new double[] {0.5, 99.5}, new double[] {0.1, 99.9},
            new double[] {1, 99}, new double[] {2, 98}, new double[] {0, 100});
    private static final double HANDLE_PIXELS = 6;
    private static final double CANVAS_HEIGHT = 130;

    private final Executor executor;
    private final ObjectProperty<FloatImageView.Window> window = new SimpleObjectProperty<>(this, "window");
    private final StringProperty colormap = new SimpleStringProperty(this, "colormap", "gray");
    private final BooleanProperty logScale = new SimpleBooleanProperty(this, "logScale", false);
    private final ReadOnlyObjectWrapper<Histogram> histogram = new ReadOnlyObjectWrapper<>(this, "histogram");
    private final Canvas canvas = new Canvas(260, CANVAS_HEIGHT);
    private final TextField minField = new TextField();
    private final TextField maxField = new TextField();
    private final ComboBox<String> percentileChooser = new ComboBox<>();
    private final ComboBox<String> colormapChooser = new ComboBox<>();
    private final CheckBox inverted = new CheckBox("Inverted");
    private final CheckBox log = new CheckBox("Log scale");
    private final Label info = new Label();
    private final LatestOnly histograms;
    private final List<FloatImageView> sources = new ArrayList<>();
    private ObservableValue<FloatImageView.Window> fallbackWindow;
    private boolean syncing;
    private Drag drag;

    private enum Grip { LOW, HIGH, BAND }

    /** A drag in progress: which grip, where it started (axis units), and the window then. */
    private record Drag(Grip grip, double startU, double lo, double hi) {
    }

    /** A panel whose histograms and percentiles are computed on {@code executor}. */
    public HistogramPanel(Executor executor) {
        this.executor = executor;
        this.histograms = new LatestOnly(executor);
        setId("histogram");
        getStyleClass().add("histogram-panel");
        setSpacing(6);
        setPadding(new Insets(6));
        setMinWidth(220);

        canvas.setId("histogramCanvas");
        Pane canvasBox = new Pane(canvas);
        canvasBox.setMinHeight(CANVAS_HEIGHT);
        canvasBox.setPrefHeight(CANVAS_HEIGHT);
        canvasBox.setMinWidth(100);
        canvas.widthProperty().bind(canvasBox.widthProperty());
        canvas.widthProperty().addListener((obs, o, n) -> redraw());
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> drag = null);
        Tooltip.install(canvas, new Tooltip("Drag a handle to move that end of the window, the band to move both"));

        minField.setId("histogramMin");
        maxField.setId("histogramMax");
        for (TextField f : new TextField[] {minField, maxField}) {
            f.setPrefColumnCount(8);
            f.setOnAction(e -> applyFields());
            f.focusedProperty().addListener((obs, o, n) -> {
                if (!n) {
                    applyFields();
                }
            });
        }
        GridPane fields = new GridPane();
        fields.setHgap(6);
        fields.setVgap(4);
        fields.addRow(0, new Label("Min"), minField);
        fields.addRow(1, new Label("Max"), maxField);

        percentileChooser.setId("histogramPercentiles");
        for (double[] p : PERCENTILES) {
            percentileChooser.getItems().add(percentText(p[0], p[1]));
        }
        percentileChooser.getSelectionModel().select(0);
        Button auto = new Button("Auto");
        auto.setId("histogramAuto");
        auto.setTooltip(new Tooltip("Window from the chosen percentiles of the data shown"));
        auto.setOnAction(e -> autoContrast());
        HBox autoRow = new HBox(6, auto, percentileChooser);
        autoRow.setAlignment(Pos.CENTER_LEFT);

        colormapChooser.setId("histogramColormap");
        colormapChooser.getItems().addAll(Colormaps.names());
        colormapChooser.setValue("gray");
        inverted.setId("histogramInverted");
        log.setId("histogramLog");
        HBox mapRow = new HBox(6, colormapChooser, inverted);
        mapRow.setAlignment(Pos.CENTER_LEFT);
        colormapChooser.valueProperty().addListener((obs, o, n) -> controlsToColormap());
        inverted.selectedProperty().addListener((obs, o, n) -> controlsToColormap());
        colormap.addListener((obs, o, n) -> colormapToControls());
        log.selectedProperty().bindBidirectional(logScale);

        info.setId("histogramInfo");
        info.setStyle("-fx-font-size: 11px; -fx-text-fill: #555;");
        info.setWrapText(true);

        getChildren().addAll(new Label("Histogram (log counts)"), canvasBox, fields, autoRow, mapRow, log, info);
        VBox.setVgrow(canvasBox, Priority.NEVER);

        window.addListener((obs, o, n) -> {
            windowToFields();
            redraw();
        });
        logScale.addListener((obs, o, n) -> {
            recompute();
            FloatImageView.Window w = window.get();
            if (n && w != null && !(w.lo() > 0)) {
                autoContrast(); // a window reaching 0 or below has no place on a log scale
            }
        });
        windowToFields();
    }

    /** Shares the view's fixed window, colormap and log scale, and shows the histogram of its image. FX thread. */
    public void bindTo(FloatImageView view) {
        window.bindBidirectional(view.fixedWindowProperty());
        colormap.bindBidirectional(view.colormapProperty());
        logScale.bindBidirectional(view.logScaleProperty());
        fallbackWindow = view.shownWindowProperty();
        fallbackWindow.addListener((obs, o, n) -> {
            windowToFields();
            redraw();
        });
        watch(List.of(view));
    }

    /** Shares the orthogonal views' window, colormap and log scale; the histogram is of the three planes shown. */
    public void bindTo(OrthoSliceView ortho) {
        window.bindBidirectional(ortho.windowProperty());
        colormap.bindBidirectional(ortho.colormapProperty());
        logScale.bindBidirectional(ortho.logScaleProperty());
        List<FloatImageView> views = new ArrayList<>();
        for (org.beamlinestudio.viewer.ortho.Plane p : org.beamlinestudio.viewer.ortho.Plane.values()) {
            views.add(ortho.view(p));
        }
        watch(views);
    }

    private void watch(List<FloatImageView> views) {
        sources.addAll(views);
        for (FloatImageView v : views) {
            v.imageProperty().addListener((obs, o, n) -> recompute());
        }
        recompute();
    }

    /** The grey-level window (null: the bound view's own auto contrast). */
    public ObjectProperty<FloatImageView.Window> windowProperty() {
        return window;
    }

    /** The colormap, {@link Colormaps} names with {@code _r} when inverted. */
    public StringProperty colormapProperty() {
        return colormap;
    }

    /** Whether values are mapped on a log10 scale. */
    public BooleanProperty logScaleProperty() {
        return logScale;
    }

    /** The histogram shown, null before the first data. */
    public ReadOnlyObjectProperty<Histogram> histogramProperty() {
        return histogram.getReadOnlyProperty();
    }

    /** Chooses the auto-contrast percentiles (one of {@link #PERCENTILES}, or any pair). FX thread. */
    public void setAutoPercentiles(double low, double high) {
        String text = percentText(low, high);
        if (!percentileChooser.getItems().contains(text)) {
            percentileChooser.getItems().add(text);
        }
        percentileChooser.setValue(text);
    }

    /** The auto-contrast percentiles chosen, {low, high}. */
    public double[] autoPercentiles() {
        String v = percentileChooser.getValue();
        String[] parts = v.replace(" %", "").split("–");
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
    }

    /**
     * Sets the window from the chosen percentiles of the data shown (of the positive values on a log scale), off
     * the FX thread; the returned future completes on the FX thread once the window is set.
     */
    public CompletableFuture<FloatImageView.Window> autoContrast() {
        List<float[]> data = shownData();
        double[] p = autoPercentiles();
        boolean onLog = logScale.get();
        CompletableFuture<FloatImageView.Window> done = new CompletableFuture<>();
        if (data.isEmpty()) {
            done.complete(window.get());
            return done;
        }
        CompletableFuture.supplyAsync(() -> percentileWindow(data, p[0], p[1], onLog), executor)
                .whenComplete((w, ex) -> Platform.runLater(() -> {
                    if (ex != null) {
                        info.setText("Auto contrast failed: " + ex.getMessage());
                        done.completeExceptionally(ex);
                        return;
                    }
                    if (w != null) {
                        window.set(w);
                    }
                    done.complete(w);
                }));
        return done;
    }

    /** The window at two percentiles of the arrays together; on a log scale of their positive values. */
    static FloatImageView.Window percentileWindow(List<float[]> data, double low, double high, boolean onLog) {
        int n = 0;
        for (float[] a : data) {
            n += a.length;
        }
        float[] all = new float[n];
        int k = 0;
        for (float[] a : data) {
            for (float v : a) {
                if (!onLog) {
                    all[k++] = v;
                } else if (v > 0) {
                    all[k++] = (float) Math.log10(v);
                }
            }
        }
        if (k == 0) {
            return null;
        }
        double[] p = SliceRendering.percentiles(k == n ? all : Arrays.copyOf(all, k), low, high);
        return onLog ? new FloatImageView.Window(Math.pow(10, p[0]), Math.pow(10, p[1]))
                : new FloatImageView.Window(p[0], p[1]);
    }

    private List<float[]> shownData() {
        List<float[]> data = new ArrayList<>();
        for (FloatImageView v : sources) {
            // Planes the ortho view's layout leaves out are out of the scene.
            if (v.data() != null && v.getScene() != null) {
                data.add(v.data());
            }
        }
        if (data.isEmpty()) {
            for (FloatImageView v : sources) {
                if (v.data() != null) {
                    data.add(v.data());
                }
            }
        }
        return data;
    }

    private void recompute() {
        List<float[]> data = shownData();
        boolean onLog = logScale.get();
        if (data.isEmpty()) {
            histograms.cancel();
            histogram.set(null);
            redraw();
            return;
        }
        histograms.submit(() -> Histogram.of(data, Histogram.BINS, onLog), h -> {
            histogram.set(h);
            info.setText(String.format(Locale.ROOT, "%d values, %s … %s", h.total(), num(h.lo()), num(h.hi())));
            redraw();
        }, e -> info.setText("No histogram: " + e.getMessage()));
    }

    /** The window drawn and edited: the fixed one, else the bound view's automatic one. */
    private FloatImageView.Window effectiveWindow() {
        FloatImageView.Window w = window.get();
        if (w == null && fallbackWindow != null) {
            w = fallbackWindow.getValue();
        }
        return w;
    }

    private void applyFields() {
        if (syncing) {
            return;
        }
        FloatImageView.Window now = effectiveWindow();
        if (now != null && minField.getText().trim().equals(num(now.lo()))
                && maxField.getText().trim().equals(num(now.hi()))) {
            return; // unchanged text: keep the exact window rather than its rounded display
        }
        try {
            double lo = Double.parseDouble(minField.getText().trim());
            double hi = Double.parseDouble(maxField.getText().trim());
            if (!(hi > lo) || (logScale.get() && !(lo > 0))) {
                throw new NumberFormatException();
            }
            FloatImageView.Window w = new FloatImageView.Window(lo, hi);
            if (!w.equals(window.get())) {
                window.set(w);
            }
            minField.setStyle("");
            maxField.setStyle("");
        } catch (NumberFormatException e) {
            // Leave the window alone; mark the fields so the user sees why nothing changed.
            String red = "-fx-border-color: #c62828;";
            minField.setStyle(red);
            maxField.setStyle(red);
            info.setText(logScale.get() ? "Min and max must be numbers with 0 < min < max on a log scale"
                    : "Min and max must be numbers with min < max");
        }
    }

    private void windowToFields() {
        FloatImageView.Window w = effectiveWindow();
        syncing = true;
        try {
            minField.setText(w == null ? "" : num(w.lo()));
            maxField.setText(w == null ? "" : num(w.hi()));
            minField.setStyle("");
            maxField.setStyle("");
        } finally {
            syncing = false;
        }
    }

    private void controlsToColormap() {
        if (syncing || colormapChooser.getValue() == null) {
            return;
        }
        colormap.set(colormapChooser.getValue() + (inverted.isSelected() ? Colormaps.INVERTED_SUFFIX : ""));
    }

    private void colormapToControls() {
        String name = colormap.get();
        if (name == null || !Colormaps.exists(name)) {
            return;
        }
        boolean inv = name.endsWith(Colormaps.INVERTED_SUFFIX) && !Colormaps.names().contains(name);
        syncing = true;
        try {
            colormapChooser.setValue(inv ? name.substring(0, name.length() - Colormaps.INVERTED_SUFFIX.length())
                    : name);
            inverted.setSelected(inv);
        } finally {
            syncing = false;
        }
    }

    // ---- axis: the histogram's range widened to hold the window, linear or log10 ----

    private double[] axis() {
        Histogram h = histogram.get();
        FloatImageView.Window w = effectiveWindow();
        boolean onLog = logScale.get();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        if (h != null) {
            lo = toU(h.lo(), onLog);
            hi = toU(h.hi(), onLog);
        }
        if (w != null) {
            double a = toU(w.lo(), onLog);
            double b = toU(w.hi(), onLog);
            if (Double.isFinite(a)) {
                lo = Math.min(lo, a);
            }
            if (Double.isFinite(b)) {
                hi = Math.max(hi, b);
            }
        }
        if (!(hi > lo)) {
            return null;
        }
        double pad = (hi - lo) * 0.02;
        return new double[] {lo - pad, hi + pad};
    }

    private static double toU(double v, boolean onLog) {
        return onLog ? (v > 0 ? Math.log10(v) : Double.NaN) : v;
    }

    private static double fromU(double u, boolean onLog) {
        return onLog ? Math.pow(10, u) : u;
    }

    private double xOf(double u, double[] ax) {
        return (u - ax[0]) / (ax[1] - ax[0]) * canvas.getWidth();
    }

    private double uOf(double x, double[] ax) {
        return ax[0] + x / canvas.getWidth() * (ax[1] - ax[0]);
    }

    /** The canvas x of the window's low or high handle, NaN when none is drawn (for tests). */
    double handleX(boolean high) {
        FloatImageView.Window w = effectiveWindow();
        double[] ax = axis();
        if (w == null || ax == null) {
            return Double.NaN;
        }
        return xOf(toU(high ? w.hi() : w.lo(), logScale.get()), ax);
    }

    /** The histogram's canvas. */
    Canvas canvas() {
        return canvas;
    }

    private void pressed(MouseEvent e) {
        FloatImageView.Window w = effectiveWindow();
        double[] ax = axis();
        if (w == null || ax == null) {
            return;
        }
        boolean onLog = logScale.get();
        double lo = toU(w.lo(), onLog);
        double hi = toU(w.hi(), onLog);
        double xl = xOf(lo, ax);
        double xh = xOf(hi, ax);
        double dl = Math.abs(e.getX() - xl);
        double dh = Math.abs(e.getX() - xh);
        Grip grip;
        if (Math.min(dl, dh) <= HANDLE_PIXELS) {
            grip = dl <= dh ? Grip.LOW : Grip.HIGH;
        } else if (e.getX() > Math.min(xl, xh) && e.getX() < Math.max(xl, xh)) {
            grip = Grip.BAND;
        } else {
            return;
        }
        drag = new Drag(grip, uOf(e.getX(), ax), lo, hi);
        e.consume();
    }

    private void dragged(MouseEvent e) {
        double[] ax = axis();
        if (drag == null || ax == null) {
            return;
        }
        boolean onLog = logScale.get();
        double u = uOf(e.getX(), ax);
        double minGap = (ax[1] - ax[0]) * 1e-3;
        double lo = drag.lo();
        double hi = drag.hi();
        switch (drag.grip()) {
            case LOW -> lo = Math.min(u, hi - minGap);
            case HIGH -> hi = Math.max(u, lo + minGap);
            default -> {
                lo += u - drag.startU();
                hi += u - drag.startU();
            }
        }
        window.set(new FloatImageView.Window(fromU(lo, onLog), fromU(hi, onLog)));
        e.consume();
    }

    private void redraw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.web("#1e1e1e"));
        g.fillRect(0, 0, w, h);
        double[] ax = axis();
        Histogram hist = histogram.get();
        if (ax == null || w < 2) {
            return;
        }
        boolean onLog = logScale.get();
        FloatImageView.Window win = effectiveWindow();
        double barBottom = h - 14;
        if (win != null) {
            double xl = xOf(toU(win.lo(), onLog), ax);
            double xh = xOf(toU(win.hi(), onLog), ax);
            String map = Colormaps.exists(colormap.get()) ? colormap.get() : "gray";
            // The colour ramp under the band shows where each value lands.
            int[] table = Colormaps.table(map);
            for (int x = (int) Math.max(0, Math.floor(xl)); x < Math.min(w, xh); x++) {
                double t = (x - xl) / Math.max(1e-9, xh - xl);
                int c = table[(int) Math.max(0, Math.min(255, Math.round(t * 255)))];
                g.setFill(Color.rgb((c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF, 0.35));
                g.fillRect(x, 0, 1, barBottom);
            }
        }
        if (hist != null) {
            double maxLog = Math.log10(1 + hist.maxCount());
            long[] counts = hist.counts();
            g.setFill(Color.web("#b0bec5"));
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    continue;
                }
                double x0 = xOf(toU(hist.valueAt((double) i / counts.length), onLog), ax);
                double x1 = xOf(toU(hist.valueAt((double) (i + 1) / counts.length), onLog), ax);
                double bh = (barBottom - 4) * Math.log10(1 + counts[i]) / maxLog;
                g.fillRect(x0, barBottom - bh, Math.max(1, x1 - x0), bh);
            }
        }
        if (win != null) {
            g.setStroke(Color.web("#ffd400"));
            g.setLineWidth(1.5);
            g.setFill(Color.web("#ffd400"));
            for (double v : new double[] {win.lo(), win.hi()}) {
                double x = xOf(toU(v, onLog), ax);
                g.strokeLine(x, 0, x, barBottom);
                g.fillPolygon(new double[] {x - 5, x + 5, x}, new double[] {h, h, barBottom}, 3);
            }
        }
    }

    private static String percentText(double low, double high) {
        return num(low) + "–" + num(high) + " %";
    }

    /** A number short but exact enough to type back (6 significant digits). */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.valueOf((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
