package org.beamlinestudio.viewer.ortho;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.data.MultiscaleDataset;
import org.beamlinestudio.viewer.Colormaps;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.SliceRendering;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XY / XZ / YZ views of a lazy 3-D volume (axes z, y, x) linked by a crosshair: clicking or dragging in one view
 * moves the crosshair and the other two show the planes through that point. Each view zooms (wheel) and pans
 * (middle drag or Shift drag) on its own; the window and colormap are shared. Planes are read off the FX thread on
 * the given executor, latest request wins per view.
 */
public final class OrthoSliceView extends BorderPane {
    private static final Logger LOG = LoggerFactory.getLogger(OrthoSliceView.class);

    /** Planes larger than this are refused rather than risking the heap (an XZ plane of 8192³ is 64 M pixels). */
    static final long MAX_PLANE_PIXELS = 64L * 1024 * 1024;
    private static final String ALL_THREE = "XY + XZ + YZ";

    /** A point of the volume, in voxel indices. */
    public record Crosshair(long z, long y, long x) {
        long get(int axis) {
            return axis == 0 ? z : axis == 1 ? y : x;
        }

        Crosshair with(int axis, long value) {
            return new Crosshair(axis == 0 ? value : z, axis == 1 ? value : y, axis == 2 ? value : x);
        }
    }

    private final Executor executor;
    private final Map<Plane, PlaneCell> cells = new EnumMap<>(Plane.class);
    private final ObjectProperty<Crosshair> crosshair = new SimpleObjectProperty<>(this, "crosshair");
    private final ObjectProperty<FloatImageView.Window> window = new SimpleObjectProperty<>(this, "window");
    private final StringProperty colormap = new SimpleStringProperty(this, "colormap", "gray");
    private final javafx.beans.property.BooleanProperty logScale =
            new javafx.beans.property.SimpleBooleanProperty(this, "logScale", false);
    private final ReadOnlyStringWrapper readout = new ReadOnlyStringWrapper(this, "readout", "");
    private final ComboBox<String> layoutChooser = new ComboBox<>();
    private final GridPane grid = new GridPane();
    private final Label readoutLabel = new Label();
    private final Label info = new Label();
    private PlaneCell hovered;
    private LazyDataset dataset;
    private PlaneLoader loader;
    private long[] shape;
    private double pixelSize = Double.NaN;
    private String units = "";
    private boolean autoWindowPending;

    /** A view whose reads run on {@code executor} (never the FX thread). */
    public OrthoSliceView(Executor executor) {
        this.executor = executor;
        getStyleClass().add("ortho-slice-view");
        for (Plane p : Plane.values()) {
            cells.put(p, new PlaneCell(p));
        }

        layoutChooser.setId("orthoLayout");
        layoutChooser.getItems().addAll(ALL_THREE, "XY", "XZ", "YZ");
        layoutChooser.setValue(ALL_THREE);
        layoutChooser.valueProperty().addListener((obs, o, n) -> relayout());
        ComboBox<String> colormapChooser = new ComboBox<>();
        colormapChooser.setId("orthoColormap");
        colormapChooser.getItems().addAll(Colormaps.names());
        colormapChooser.valueProperty().bindBidirectional(colormap);
        Button auto = new Button("Auto contrast");
        auto.setId("orthoAutoContrast");
        auto.setOnAction(e -> autoWindowFrom(cells.get(Plane.XY).view.data()));
        HBox bar = new HBox(8, new Label("Views"), layoutChooser, new Label("Colormap"), colormapChooser, auto);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        setTop(bar);

        grid.setHgap(2);
        grid.setVgap(2);
        grid.setStyle("-fx-background-color: #444;");
        setCenter(grid);
        relayout();

        readoutLabel.setId("orthoReadout");
        readoutLabel.textProperty().bind(readout.getReadOnlyProperty());
        readoutLabel.setPadding(new Insets(2, 8, 2, 8));
        readoutLabel.setMaxWidth(Double.MAX_VALUE);
        setBottom(readoutLabel);

        info.setId("orthoInfo");
        info.setWrapText(true);
        info.setAlignment(Pos.TOP_LEFT);
        info.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        info.setStyle("-fx-text-fill: #e0e0e0; -fx-font-size: 12px; -fx-padding: 10; -fx-background-color: #2a2a2a;");
        info.setText("No volume shown");
        setFocusTraversable(true);
        addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, this::keyPressed);

        crosshair.addListener((obs, o, n) -> {
            updateInfo();
            for (PlaneCell c : cells.values()) {
                if (n != null && (o == null || o.get(c.plane.fixedAxis()) != n.get(c.plane.fixedAxis()))) {
                    c.request(n);
                }
                c.drawCrosshair();
            }
        });
    }

    /** Shows a 3-D dataset with the crosshair at its centre; coarse levels are built in memory only. FX thread. */
    public void show(LazyDataset ds) {
        show(ds.rank() == 3 ? MultiscaleDataset.of(ds) : null, ds);
    }

    /**
     * Shows a 3-D volume with its coarse levels (e.g. with a sidecar store, so that reopening is instant): views
     * zoomed out draw from the matching coarse level, a coarse preview first when the slab is not in memory.
     * FX thread.
     */
    public void show(MultiscaleDataset volume) {
        show(volume, volume.base());
    }

    private void show(MultiscaleDataset volume, LazyDataset ds) {
        if (loader != null) {
            loader.close();
            loader = null;
        }
        if (ds.rank() != 3) {
            dataset = null;
            shape = null;
            for (PlaneCell c : cells.values()) {
                c.generation.incrementAndGet();
                c.view.showMessage("Cannot show " + ds.path() + " in " + ds.file() + " as orthogonal views: it has "
                        + ds.rank() + " dimensions; expected 3 (z, y, x)");
            }
            return;
        }
        dataset = ds;
        shape = ds.shape();
        loader = new PlaneLoader(volume, Math.max(1, Runtime.getRuntime().availableProcessors()), executor);
        autoWindowPending = window.get() == null;
        for (PlaneCell c : cells.values()) {
            c.zoomPan.reset();
            c.view.showMessage("Reading…");
        }
        Crosshair centre = new Crosshair(shape[0] / 2, shape[1] / 2, shape[2] / 2);
        crosshair.set(null);
        crosshair.set(centre);
    }

    /** The crosshair (z, y, x) in voxel indices; null before a dataset is shown. */
    public ObjectProperty<Crosshair> crosshairProperty() {
        return crosshair;
    }

    /** Moves the crosshair, clamped to the volume. FX thread. */
    public void setCrosshair(long z, long y, long x) {
        if (shape == null) {
            return;
        }
        crosshair.set(new Crosshair(clamp(z, 0), clamp(y, 1), clamp(x, 2)));
    }

    /** The image view of one plane (its data, rendered image and overlay). */
    public FloatImageView view(Plane plane) {
        return cells.get(plane).view;
    }

    /** The grey-level window shared by the three views; null until the first XY plane sets it from its percentiles. */
    public ObjectProperty<FloatImageView.Window> windowProperty() {
        return window;
    }

    /** The colormap shared by the three views ({@link Colormaps} names). */
    public StringProperty colormapProperty() {
        return colormap;
    }

    /** Whether the three views map values on a log10 scale (diffraction images); false by default. */
    public javafx.beans.property.BooleanProperty logScaleProperty() {
        return logScale;
    }

    /** The planes' grid (what a snapshot of the views shows, without the bars). */
    public javafx.scene.layout.Region viewsPane() {
        return grid;
    }

    /** Shows all three planes ({@code null}) or only {@code plane}. FX thread. */
    public void setLayout(Plane plane) {
        layoutChooser.setValue(plane == null ? ALL_THREE : plane.name());
    }

    /** The plane shown alone, or null when all three are shown. */
    public Plane layoutPlane() {
        String v = layoutChooser.getValue();
        return ALL_THREE.equals(v) ? null : Plane.valueOf(v);
    }

    /** Whether the user may choose the layout (off for a 2-D image, which has only an XY plane). */
    public void setLayoutChoosable(boolean choosable) {
        layoutChooser.setDisable(!choosable);
    }

    /** The pixel readout under the mouse (indices, value, physical position when the pixel size is known). */
    public ReadOnlyStringProperty readoutProperty() {
        return readout.getReadOnlyProperty();
    }

    /**
     * The (isotropic) voxel size, e.g. {@code 0.65, "µm"}: turns on physical positions in the readout and the
     * scale bar. A size ≤ 0 or NaN turns them off.
     */
    public void setPixelSize(double size, String units) {
        this.pixelSize = size > 0 ? size : Double.NaN;
        this.units = units == null ? "" : units;
        for (PlaneCell c : cells.values()) {
            c.drawScaleBar();
        }
        updateInfo();
    }

    /** The level of the image a plane shows now: 0 full resolution, k a 2^k coarse level, -1 none yet. */
    int shownLevel(Plane plane) {
        return cells.get(plane).shownLevel;
    }

    /** The readout text for image pixel (column, row) of a plane, or "" outside the image. */
    String readoutAt(Plane plane, int col, int row) {
        FloatImageView v = view(plane);
        Crosshair c = crosshair.get();
        if (v.data() == null || c == null || col < 0 || row < 0 || col >= v.imageWidth() || row >= v.imageHeight()) {
            return "";
        }
        Crosshair at = c.with(plane.columnAxis(), col).with(plane.rowAxis(), row);
        float value = v.data()[row * v.imageWidth() + col];
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s  z %d, y %d, x %d: %.6g",
                plane, at.z(), at.y(), at.x(), value));
        if (!Double.isNaN(pixelSize)) {
            s.append("   (z ").append(physical(at.z())).append(", y ").append(physical(at.y()))
                    .append(", x ").append(physical(at.x())).append(')');
        }
        return s.toString();
    }

    /** A voxel index as a physical position, 5 significant digits without trailing zeros, with its units. */
    private String physical(long index) {
        String number = new java.math.BigDecimal(index * pixelSize).round(new java.math.MathContext(5))
                .stripTrailingZeros().toPlainString();
        return units.isEmpty() ? number : number + " " + units;
    }

    private long clamp(long v, int axis) {
        return Math.max(0, Math.min(shape[axis] - 1, v));
    }

    private void relayout() {
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        grid.getRowConstraints().clear();
        String choice = layoutChooser.getValue();
        if (ALL_THREE.equals(choice)) {
            grid.add(cells.get(Plane.XY), 0, 0);
            grid.add(cells.get(Plane.YZ), 1, 0);
            grid.add(cells.get(Plane.XZ), 0, 1);
            grid.add(info, 1, 1);
            for (int i = 0; i < 2; i++) {
                ColumnConstraints cc = new ColumnConstraints();
                cc.setPercentWidth(50);
                grid.getColumnConstraints().add(cc);
                RowConstraints rc = new RowConstraints();
                rc.setPercentHeight(50);
                grid.getRowConstraints().add(rc);
            }
        } else {
            grid.add(cells.get(Plane.valueOf(choice)), 0, 0);
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(100);
            grid.getColumnConstraints().add(cc);
            RowConstraints rc = new RowConstraints();
            rc.setPercentHeight(100);
            grid.getRowConstraints().add(rc);
        }
    }

    private void updateInfo() {
        Crosshair c = crosshair.get();
        if (dataset == null || c == null) {
            return;
        }
        StringBuilder s = new StringBuilder();
        s.append(dataset.path()).append("\n").append(dataset.file().getFileName()).append("\n\n");
        s.append(String.format(Locale.ROOT, "%d × %d × %d (z, y, x)%n", shape[0], shape[1], shape[2]));
        s.append(String.format(Locale.ROOT, "crosshair z %d, y %d, x %d%n", c.z(), c.y(), c.x()));
        if (!Double.isNaN(pixelSize)) {
            s.append("voxel ").append(physical(1)).append('\n');
        }
        s.append("\nClick or drag: move the crosshair\nWheel, + / −, 0: zoom, reset\n"
                + "Middle or Shift drag, arrows: pan\nPage Up / Down: step the slice");
        info.setText(s.toString());
    }

    /** Keys act on the view under the mouse: zoom, pan, and stepping its slice. */
    private void keyPressed(javafx.scene.input.KeyEvent e) {
        PlaneCell c = hovered;
        Crosshair at = crosshair.get();
        if (c == null || at == null) {
            return;
        }
        double w = c.zoomPan.getWidth() / 2;
        double h = c.zoomPan.getHeight() / 2;
        switch (e.getCode()) {
            case PLUS, ADD, EQUALS -> c.zoomPan.zoomAbout(1.25, w, h);
            case MINUS, SUBTRACT -> c.zoomPan.zoomAbout(0.8, w, h);
            case DIGIT0, NUMPAD0 -> c.zoomPan.reset();
            case LEFT -> c.zoomPan.panBy(40, 0);
            case RIGHT -> c.zoomPan.panBy(-40, 0);
            case UP -> c.zoomPan.panBy(0, 40);
            case DOWN -> c.zoomPan.panBy(0, -40);
            case PAGE_UP, PAGE_DOWN -> {
                int axis = c.plane.fixedAxis();
                long next = at.get(axis) + (e.getCode() == javafx.scene.input.KeyCode.PAGE_DOWN ? 1 : -1);
                setCrosshair(axis == 0 ? next : at.z(), axis == 1 ? next : at.y(), axis == 2 ? next : at.x());
            }
            default -> {
                return;
            }
        }
        e.consume();
    }

    private void autoWindowFrom(float[] data) {
        if (data != null && data.length > 0) {
            double[] p = SliceRendering.percentiles(data, SliceRendering.LOW_PERCENTILE,
                    SliceRendering.HIGH_PERCENTILE);
            window.set(new FloatImageView.Window(p[0], p[1]));
        }
    }

    /** One plane's view in its zoom/pan viewport, with crosshair lines and a scale bar. */
    private final class PlaneCell extends StackPane {
        final Plane plane;
        final FloatImageView view = new FloatImageView();
        final ZoomPanPane zoomPan;
        final AtomicLong generation = new AtomicLong();
        final Line vertical = new Line();
        final Line horizontal = new Line();
        final Rectangle scaleBar = new Rectangle(0, 4, Color.WHITE);
        final Label scaleLabel = new Label();
        final VBox scaleBox = new VBox(2, scaleLabel, scaleBar);
        private double dragX;
        private double dragY;
        private boolean panning;

        PlaneCell(Plane plane) {
            this.plane = plane;
            setId("ortho" + plane.name());
            setMinSize(0, 0);
            view.setId("orthoView" + plane.name());
            view.setBottom(null); // the readout lives under all three views
            view.fixedWindowProperty().bind(window);
            view.colormapProperty().bind(colormap);
            view.logScaleProperty().bind(logScale);
            zoomPan = new ZoomPanPane(view);
            for (Line l : new Line[] {vertical, horizontal}) {
                l.setStroke(Color.web("#ffd400", 0.85));
                l.setMouseTransparent(true);
                l.setVisible(false);
            }
            view.overlay().getChildren().addAll(vertical, horizontal);
            view.overlay().localToSceneTransformProperty().addListener((obs, o, n) -> {
                drawCrosshair();
                drawScaleBar();
                refineIfZoomed();
            });
            Label name = new Label(plane.name());
            name.setStyle("-fx-text-fill: #ffd400; -fx-font-weight: bold;");
            name.setMouseTransparent(true);
            StackPane.setAlignment(name, Pos.TOP_LEFT);
            StackPane.setMargin(name, new Insets(4, 6, 4, 6));
            scaleLabel.setStyle("-fx-text-fill: white; -fx-font-size: 11px;");
            scaleBox.setMouseTransparent(true);
            scaleBox.setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
            scaleBox.setVisible(false);
            StackPane.setAlignment(scaleBox, Pos.BOTTOM_LEFT);
            StackPane.setMargin(scaleBox, new Insets(8, 12, 10, 12));
            getChildren().addAll(zoomPan, name, scaleBox);

            addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
            addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
            addEventHandler(MouseEvent.MOUSE_MOVED, e -> readout.set(readoutAt(plane, pixel(e))));
            addEventHandler(ScrollEvent.SCROLL, this::scrolled);
            addEventHandler(MouseEvent.MOUSE_ENTERED, e -> hovered = this);
            addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
                if (hovered == this) {
                    hovered = null;
                }
            });
        }

        /** The level shown now (-1: none), so zooming in past it asks for a finer one. */
        private int shownLevel = -1;
        private int requestedLevel = -1;

        /** The coarsest level that still gives each screen pixel its own value at the current zoom. */
        private int wantedLevel() {
            PlaneLoader l = loader;
            if (l == null || shape == null || getWidth() <= 0 || getHeight() <= 0) {
                return 0;
            }
            double fit = Math.min(getWidth() / shape[plane.columnAxis()], getHeight() / shape[plane.rowAxis()]);
            return l.volume().levelFor(fit * zoomPan.zoomFactor());
        }

        /** Asks again for the plane when the zoom now needs a finer level than the one shown. FX thread. */
        void refineIfZoomed() {
            Crosshair c = crosshair.get();
            if (c != null && loader != null && requestedLevel >= 0 && wantedLevel() < requestedLevel) {
                request(c);
            }
        }

        void request(Crosshair at) {
            LazyDataset ds = dataset;
            PlaneLoader l = loader;
            long[] sh = shape;
            if (ds == null || l == null) {
                return;
            }
            long gen = generation.incrementAndGet();
            int cols = (int) sh[plane.columnAxis()];
            int rows = (int) sh[plane.rowAxis()];
            long pixels = (long) cols * rows;
            String caption = plane + "  " + Plane.axisName(plane.fixedAxis()) + " = " + at.get(plane.fixedAxis());
            if (pixels > MAX_PLANE_PIXELS) {
                view.showMessage("The " + plane + " plane of " + ds.path() + " is " + sh[plane.columnAxis()] + "×"
                        + sh[plane.rowAxis()] + " pixels; at most " + MAX_PLANE_PIXELS + " are shown at full size");
                return;
            }
            int level = wantedLevel();
            requestedLevel = level;
            try {
                l.request(plane, at.get(plane.fixedAxis()), level, img -> {
                    if (generation.get() != gen) {
                        return;
                    }
                    // Coarse images are spread over the full grid here, off the FX thread, so the crosshair,
                    // readout and overlays keep working in voxel indices whatever level is shown.
                    float[] data = img.toFullSize(cols, rows);
                    String shown = img.level() == 0 ? caption
                            : caption + "  (1:" + (1 << img.level()) + (img.preview() ? ", refining…)" : ")");
                    Platform.runLater(() -> {
                        if (generation.get() == gen && dataset == ds) {
                            if (autoWindowPending && plane == Plane.XY) {
                                autoWindowPending = false;
                                autoWindowFrom(img.data());
                            }
                            view.setImage(data, cols, rows, shown);
                            shownLevel = img.level();
                            drawCrosshair();
                            drawScaleBar();
                        }
                    });
                }, (p, index, e) -> {
                    LOG.warn("Reading the {} plane of {} in {} failed", plane, ds.path(), ds.file(), e);
                    Platform.runLater(() -> {
                        if (generation.get() == gen) {
                            view.showMessage("Cannot read the " + plane + " plane at " + caption + " of "
                                    + ds.path() + " in " + ds.file() + ": " + e.getMessage());
                        }
                    });
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("the reader executor is shut down; {} not read", caption);
            }
        }

        private String readoutAt(Plane p, Point2D px) {
            return px == null ? "" : OrthoSliceView.this.readoutAt(p, (int) Math.floor(px.getX()),
                    (int) Math.floor(px.getY()));
        }

        /** Image pixel coordinates under a mouse event, null when no image is shown. */
        private Point2D pixel(MouseEvent e) {
            if (view.data() == null) {
                return null;
            }
            return view.overlay().sceneToLocal(e.getSceneX(), e.getSceneY());
        }

        private void pressed(MouseEvent e) {
            dragX = e.getX();
            dragY = e.getY();
            panning = e.getButton() == MouseButton.MIDDLE || e.isShiftDown();
            OrthoSliceView.this.requestFocus();
            if (!panning && e.getButton() == MouseButton.PRIMARY) {
                moveCrosshair(e);
            }
        }

        private void dragged(MouseEvent e) {
            if (panning) {
                zoomPan.panBy(e.getX() - dragX, e.getY() - dragY);
                dragX = e.getX();
                dragY = e.getY();
            } else if (e.isPrimaryButtonDown()) {
                moveCrosshair(e);
            }
        }

        private void moveCrosshair(MouseEvent e) {
            Point2D px = pixel(e);
            Crosshair c = crosshair.get();
            if (px == null || c == null) {
                return;
            }
            int col = (int) Math.floor(px.getX());
            int row = (int) Math.floor(px.getY());
            if (col < 0 || row < 0 || col >= view.imageWidth() || row >= view.imageHeight()) {
                return;
            }
            crosshair.set(c.with(plane.columnAxis(), col).with(plane.rowAxis(), row));
            readout.set(OrthoSliceView.this.readoutAt(plane, col, row));
        }

        private void scrolled(ScrollEvent e) {
            if (e.getDeltaY() == 0) {
                return;
            }
            Point2D p = zoomPan.sceneToLocal(e.getSceneX(), e.getSceneY());
            zoomPan.zoomAbout(e.getDeltaY() > 0 ? 1.25 : 0.8, p.getX(), p.getY());
            e.consume();
        }

        /** Screen pixels per image pixel, NaN when nothing is shown. */
        private double screenScale() {
            if (view.data() == null || getScene() == null) {
                return Double.NaN;
            }
            double img = view.overlay().getLocalToSceneTransform().getMxx();
            double mine = getLocalToSceneTransform().getMxx();
            return img / mine;
        }

        void drawCrosshair() {
            Crosshair c = crosshair.get();
            boolean on = c != null && view.data() != null;
            vertical.setVisible(on);
            horizontal.setVisible(on);
            if (!on) {
                return;
            }
            double s = screenScale();
            double stroke = Double.isFinite(s) && s > 0 ? 1 / s : 1;
            double cx = c.get(plane.columnAxis()) + 0.5;
            double cy = c.get(plane.rowAxis()) + 0.5;
            vertical.setStartX(cx);
            vertical.setEndX(cx);
            vertical.setStartY(0);
            vertical.setEndY(view.imageHeight());
            horizontal.setStartX(0);
            horizontal.setEndX(view.imageWidth());
            horizontal.setStartY(cy);
            horizontal.setEndY(cy);
            vertical.setStrokeWidth(stroke);
            horizontal.setStrokeWidth(stroke);
        }

        void drawScaleBar() {
            double s = screenScale();
            if (Double.isNaN(pixelSize) || !(s > 0)) {
                scaleBox.setVisible(false);
                return;
            }
            double length = niceLength(80 / s * pixelSize);
            scaleBar.setWidth(length / pixelSize * s);
            scaleLabel.setText(new java.math.BigDecimal(length).round(new java.math.MathContext(3))
                    .stripTrailingZeros().toPlainString() + (units.isEmpty() ? "" : " " + units));
            scaleBox.setVisible(true);
        }
    }

    /** The largest 1, 2 or 5 × 10ⁿ not above {@code x}. */
    static double niceLength(double x) {
        double decade = Math.pow(10, Math.floor(Math.log10(x)));
        double m = x / decade;
        return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * decade;
    }
}
