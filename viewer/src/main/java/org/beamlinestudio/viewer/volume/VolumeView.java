package org.beamlinestudio.viewer.volume;

import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.render.BrickRanges;
import org.beamlinestudio.core.render.Camera;
import org.beamlinestudio.core.render.ClipBox;
import org.beamlinestudio.core.render.InteractiveQuality;
import org.beamlinestudio.core.render.RenderMode;
import org.beamlinestudio.core.render.RenderRequest;
import org.beamlinestudio.core.render.RenderedImage;
import org.beamlinestudio.core.render.TransferFunction;
import org.beamlinestudio.core.render.VolumeGrid;
import org.beamlinestudio.core.render.VolumeHistogram;
import org.beamlinestudio.core.render.VolumeLevels;
import org.beamlinestudio.core.render.VolumeRenderer;
import org.beamlinestudio.core.render.VolumeRenderers;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.viewer.Colormaps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ray-cast view of a 3-D dataset: drag to rotate, right/middle- or shift-drag to pan, wheel to
 * zoom; orthographic or perspective; MIP, DVR or shaded DVR; six clip sliders; the transfer function edited over the histogram. While the
 * camera moves it renders a coarse level at half size (latest request wins, stale ones are
 * skipped); once it rests for {@value #REST_DELAY_MS} ms it renders the finest level within the
 * memory budget, cancelled by the next move. Levels are read on the I/O executor, rendering runs
 * on the view's own thread; the FX thread only builds requests and shows images.
 *
 * <p>Node ids: {@code volumeImage}, {@code volumeMode}, {@code volumePerspective}, {@code volumeColormap}, {@code volumePreset},
 * {@code volumeTransferFunction}, {@code volumeLow}, {@code volumeHigh}, {@code clipXMin} …
 * {@code clipZMax}, {@code volumeReset}, {@code volumeDevice}, {@code volumeStatus},
 * {@code volumeProgress}, {@code volumeCancel}.
 */
public final class VolumeView extends BorderPane {

    private static final Logger LOG = LoggerFactory.getLogger(VolumeView.class);

    /** A resting level up to this size is read before the coarse one (see {@link #show(VolumeLevels)}). */
    static final long FINE_FIRST_BYTES = 256L << 20;

    /** Idle time after the last move before the full-quality render. */
    public static final int REST_DELAY_MS = 250;

    /** What the view shows. */
    public enum State { EMPTY, LOADING, MOVING, REFINING, AT_REST, FAILED }

    private final Executor io;
    private final ExecutorService renderThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "volume-view-render");
        t.setDaemon(true);
        return t;
    });
    private final long budgetBytes;
    private volatile VolumeRenderer renderer;
    private final boolean ownsRenderer;

    private final ObjectProperty<Camera> camera = new SimpleObjectProperty<>(this, "camera", Camera.DEFAULT);
    private final ObjectProperty<RenderMode> mode = new SimpleObjectProperty<>(this, "mode", RenderMode.MIP);
    private final ObjectProperty<ClipBox> clip = new SimpleObjectProperty<>(this, "clip", ClipBox.ALL);
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.EMPTY);
    private final ReadOnlyObjectWrapper<RenderedImage> shown = new ReadOnlyObjectWrapper<>(this, "shownImage");

    private final Pane imagePane = new Pane();
    private final ImageView imageView = new ImageView();
    private final TransferFunctionEditor editor = new TransferFunctionEditor();
    private final ChoiceBox<RenderMode> modeBox = new ChoiceBox<>();
    private final ChoiceBox<String> colormapBox = new ChoiceBox<>();
    private final ChoiceBox<TransferFunction.Preset> presetBox = new ChoiceBox<>();
    private final javafx.scene.control.CheckBox perspectiveBox = new javafx.scene.control.CheckBox("Perspective");
    private final TextField lowField = new TextField();
    private final TextField highField = new TextField();
    private final Slider[] clipSliders = new Slider[6];
    private final Label deviceLabel = new Label("Device: opening …");
    private final Label status = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Button cancelLoad = new Button("Cancel");
    private final PauseTransition rest = new PauseTransition(Duration.millis(REST_DELAY_MS));

    private final AtomicLong generation = new AtomicLong();
    private long datasetGeneration;
    private VolumeLevels levels;
    private VolumeGrid coarse;
    private VolumeGrid fine;
    private Cancellation loading = new Cancellation();
    private Cancellation restRender = new Cancellation();
    private double pressX;
    private double pressY;
    private boolean updatingControls;

    /** A view that opens the renderer for the device choice ({@code auto}) in the background. */
    public VolumeView(Executor io) {
        this(io, "auto");
    }

    /** A view on the device {@code devicePreference} ({@code auto}, {@code java} or an id), opened in the background. */
    public VolumeView(Executor io, String devicePreference) {
        this(io, null, VolumeLevels.defaultBudgetBytes(), devicePreference);
    }

    /**
     * A view on a given renderer (not closed by the view; null opens one for {@code auto}), keeping
     * levels within {@code budgetBytes}.
     */
    public VolumeView(Executor io, VolumeRenderer renderer, long budgetBytes) {
        this(io, renderer, budgetBytes, "auto");
    }

    private VolumeView(Executor io, VolumeRenderer renderer, long budgetBytes, String devicePreference) {
        this.io = io;
        this.budgetBytes = budgetBytes;
        this.renderer = renderer;
        this.ownsRenderer = renderer == null;
        setId("volumeView");
        buildImage();
        setRight(buildControls());
        rest.setOnFinished(e -> render(false));
        camera.addListener((o, a, b) -> moved());
        clip.addListener((o, a, b) -> moved());
        mode.addListener((o, a, b) -> {
            modeBox.setValue(b);
            moved();
        });
        editor.transferFunctionProperty().addListener((o, a, b) -> {
            if (b != null) {
                syncWindowFields(b);
                moved();
            }
        });
        if (renderer == null) {
            renderThread.execute(() -> {
                VolumeRenderers.Opened opened = VolumeRenderers.open(devicePreference);
                this.renderer = opened.renderer();
                LOG.info("Volume view renders on {} ({})", opened.renderer().deviceId(), opened.reason());
                Platform.runLater(() -> showDevice(opened.renderer(), opened.reason()));
            });
        } else {
            showDevice(renderer, "given");
        }
    }

    private void showDevice(VolumeRenderer r, String reason) {
        deviceLabel.setText("Device: " + r.deviceName());
        deviceLabel.setTooltip(new Tooltip(r.deviceId() + " — " + reason));
    }

    private void buildImage() {
        imageView.setId("volumeImage");
        imageView.setPreserveRatio(false);
        imageView.setSmooth(true);
        imageView.fitWidthProperty().bind(imagePane.widthProperty());
        imageView.fitHeightProperty().bind(imagePane.heightProperty());
        imagePane.getChildren().add(imageView);
        imagePane.setStyle("-fx-background-color: black;");
        imagePane.setMinSize(64, 64);
        imagePane.setPrefSize(640, 480);
        imagePane.widthProperty().addListener((o, a, b) -> resized());
        imagePane.heightProperty().addListener((o, a, b) -> resized());
        imagePane.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            pressX = e.getX();
            pressY = e.getY();
            imagePane.requestFocus();
        });
        imagePane.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            double dx = e.getX() - pressX;
            double dy = e.getY() - pressY;
            pressX = e.getX();
            pressY = e.getY();
            if (e.getButton() == MouseButton.PRIMARY && !e.isShiftDown()) {
                camera.set(camera.get().rotatedBy(dx * 0.4, dy * 0.4));
            } else {
                camera.set(camera.get().pannedBy(dx, dy));
            }
        });
        imagePane.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() != 0) {
                camera.set(camera.get().zoomedBy(Math.exp(e.getDeltaY() * 0.003)));
            }
        });
        setCenter(imagePane);
    }

    private ScrollPane buildControls() {
        modeBox.setId("volumeMode");
        modeBox.getItems().setAll(RenderMode.values());
        modeBox.setValue(mode.get());
        modeBox.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                mode.set(b);
            }
        });
        perspectiveBox.setId("volumePerspective");
        perspectiveBox.selectedProperty().addListener((o, a, b) ->
                camera.set(camera.get().withFov(b ? Camera.DEFAULT_FOV_DEGREES : 0)));
        colormapBox.setId("volumeColormap");
        colormapBox.getItems().setAll(Colormaps.names());
        colormapBox.setValue("gray");
        colormapBox.valueProperty().addListener((o, a, b) -> {
            TransferFunction tf = editor.transferFunctionProperty().get();
            if (b != null && tf != null) {
                editor.transferFunctionProperty().set(tf.withColors(Colormaps.table(b)));
            }
        });
        presetBox.setId("volumePreset");
        presetBox.getItems().setAll(TransferFunction.Preset.values());
        presetBox.setValue(TransferFunction.Preset.LINEAR);
        presetBox.valueProperty().addListener((o, a, b) -> {
            TransferFunction tf = editor.transferFunctionProperty().get();
            if (b != null && tf != null && !updatingControls) {
                editor.transferFunctionProperty().set(tf.withPoints(b.points()));
            }
        });
        editor.setId("volumeTransferFunction");
        lowField.setId("volumeLow");
        highField.setId("volumeHigh");
        lowField.setPrefColumnCount(6);
        highField.setPrefColumnCount(6);
        lowField.setOnAction(e -> applyWindowFields());
        highField.setOnAction(e -> applyWindowFields());
        HBox window = new HBox(4, new Label("Window"), lowField, new Label("–"), highField);

        GridPane clips = new GridPane();
        clips.setHgap(4);
        clips.setVgap(2);
        String[] axes = {"X", "Y", "Z"};
        for (int a = 0; a < 3; a++) {
            Slider min = new Slider(0, 1, 0);
            Slider max = new Slider(0, 1, 1);
            min.setId("clip" + axes[a] + "Min");
            max.setId("clip" + axes[a] + "Max");
            clipSliders[2 * a] = min;
            clipSliders[2 * a + 1] = max;
            // min never passes max: the clip box stays valid whichever slider moves.
            min.valueProperty().addListener((o, x, v) -> {
                if (v.doubleValue() > max.getValue()) {
                    max.setValue(v.doubleValue());
                }
                clipChanged();
            });
            max.valueProperty().addListener((o, x, v) -> {
                if (v.doubleValue() < min.getValue()) {
                    min.setValue(v.doubleValue());
                }
                clipChanged();
            });
            clips.addRow(a, new Label(axes[a]), min, max);
        }
        Button reset = new Button("Reset view");
        reset.setId("volumeReset");
        reset.setOnAction(e -> {
            for (int i = 0; i < 6; i++) {
                clipSliders[i].setValue(i % 2 == 0 ? 0 : 1);
            }
            camera.set(Camera.DEFAULT.withFov(camera.get().fovDegrees()));
        });
        deviceLabel.setId("volumeDevice");
        deviceLabel.setWrapText(true);
        status.setId("volumeStatus");
        status.setWrapText(true);
        progress.setId("volumeProgress");
        progress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progress, javafx.scene.layout.Priority.ALWAYS);
        progress.setVisible(false);
        cancelLoad.setId("volumeCancel");
        cancelLoad.setVisible(false);
        cancelLoad.setOnAction(e -> {
            loading.cancel();
            progress.setVisible(false);
            cancelLoad.setVisible(false);
            status.setText(coarse == null ? "Loading cancelled" : "Full-quality level cancelled: showing the coarse level");
            if (coarse != null && fine == null) {
                fine = coarse;
                render(false);
            }
        });
        Label help = new Label("Drag: rotate · right/shift-drag: pan · wheel: zoom. "
                + "Ramp: drag points, click to add, right-click to remove.");
        help.setWrapText(true);
        help.setStyle("-fx-text-fill: #666; -fx-font-size: 11px;");
        VBox box = new VBox(6, deviceLabel, new HBox(6, new Label("Mode"), modeBox), perspectiveBox,
                new HBox(6, new Label("Colours"), colormapBox), new HBox(6, new Label("Opacity"), presetBox),
                editor, window, new Label("Clip (min, max)"), clips, reset, new HBox(6, progress, cancelLoad), status, help);
        box.setPadding(new Insets(8));
        box.setPrefWidth(280);
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        return scroll;
    }

    private void clipChanged() {
        if (updatingControls) {
            return;
        }
        clip.set(new ClipBox(clipSliders[0].getValue(), clipSliders[1].getValue(), clipSliders[2].getValue(),
                clipSliders[3].getValue(), clipSliders[4].getValue(), clipSliders[5].getValue()));
    }

    private void syncWindowFields(TransferFunction tf) {
        lowField.setText(number(tf.low()));
        highField.setText(number(tf.high()));
    }

    /** Five significant digits, plain unless very large or small: what fits the window fields. */
    static String number(double v) {
        double a = Math.abs(v);
        if (v == 0 || (a >= 1e-3 && a < 1e7)) {
            return new java.math.BigDecimal(v).round(new java.math.MathContext(5)).stripTrailingZeros()
                    .toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    private void applyWindowFields() {
        TransferFunction tf = editor.transferFunctionProperty().get();
        if (tf == null) {
            return;
        }
        try {
            double lo = Double.parseDouble(lowField.getText().trim());
            double hi = Double.parseDouble(highField.getText().trim());
            if (hi > lo) {
                editor.transferFunctionProperty().set(tf.withWindow(lo, hi));
                updateHistogram();
                return;
            }
            status.setText("Window: high must be greater than low");
        } catch (NumberFormatException e) {
            status.setText("Window: '" + lowField.getText() + "' – '" + highField.getText() + "' are not numbers");
        }
        syncWindowFields(tf);
    }

    /**
     * Shows a 3-D dataset (or one whose leading axes are 1); anything else gives a message naming
     * the file, dataset and shape. FX thread.
     */
    public void show(LazyDataset dataset) {
        VolumeLevels l;
        try {
            l = VolumeLevels.of(dataset);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        show(l);
    }

    /** Shows a volume's levels: the coarse level first, then the finest within the budget. FX thread. */
    public void show(VolumeLevels newLevels) {
        loading.cancel();
        restRender.cancel();
        Cancellation c = new Cancellation();
        loading = c;
        long gen = ++datasetGeneration;
        levels = newLevels;
        coarse = null;
        fine = null;
        state.set(State.LOADING);
        progress.setVisible(true);
        cancelLoad.setVisible(true);
        progress.setProgress(-1);
        long[] s = newLevels.fullShape();
        status.setText(String.format(Locale.ROOT, "Reading a coarse level of %d × %d × %d …", s[0], s[1], s[2]));
        io.execute(() -> {
            try {
                VolumeRenderer r = awaitRenderer();
                int restLevel = InteractiveQuality.restingLevel(newLevels, budgetBytes, r);
                int movingLevel = InteractiveQuality.movingLevel(newLevels, restLevel);
                // A small resting level is read first (one pass over the file; the coarse level is then
                // reduced from memory); a large one after the coarse level, so there is a picture while it loads.
                boolean fineFirst = newLevels.levelBytes(restLevel) <= FINE_FIRST_BYTES;
                if (fineFirst) {
                    newLevels.level(restLevel, c, p -> progressLater(gen, p));
                }
                VolumeGrid coarseGrid = newLevels.level(movingLevel, c, p -> progressLater(gen, p));
                BrickRanges.of(coarseGrid);
                double[] window = VolumeHistogram.percentileWindow(coarseGrid, 0.005, 0.999);
                Platform.runLater(() -> coarseReady(gen, coarseGrid, window));
                if (!fineFirst) {
                    long[] ls = newLevels.levelShape(restLevel);
                    Platform.runLater(() -> {
                        if (gen == datasetGeneration) {
                            status.setText(String.format(Locale.ROOT, "Reading level %d (%d × %d × %d) for full quality …",
                                    restLevel, ls[0], ls[1], ls[2]));
                        }
                    });
                }
                VolumeGrid fineGrid = newLevels.level(restLevel, c, p -> progressLater(gen, p));
                // Brick ranges are computed here, on the I/O thread, not by the first full-quality render.
                BrickRanges.of(fineGrid);
                Platform.runLater(() -> fineReady(gen, fineGrid));
            } catch (Cancellation.CancelledException e) {
                LOG.debug("volume load cancelled");
            } catch (Exception | OutOfMemoryError e) {
                String where = newLevels.dataset() == null ? "" : newLevels.dataset().file() + " ["
                        + newLevels.dataset().path() + "]: ";
                String text = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.warn("volume view cannot show {}{}", where, text);
                Platform.runLater(() -> {
                    if (gen == datasetGeneration) {
                        fail(text.startsWith(where) || where.isEmpty() ? text : where + text);
                    }
                });
            }
        });
    }

    private VolumeRenderer awaitRenderer() throws InterruptedException {
        while (renderer == null) {
            Thread.sleep(20);
        }
        return renderer;
    }

    private void progressLater(long gen, double p) {
        Platform.runLater(() -> {
            if (gen == datasetGeneration) {
                progress.setProgress(p);
            }
        });
    }

    private void coarseReady(long gen, VolumeGrid grid, double[] window) {
        if (gen != datasetGeneration) {
            return;
        }
        coarse = grid;
        TransferFunction.Preset preset = presetBox.getValue();
        String cmap = colormapBox.getValue();
        editor.transferFunctionProperty().set(new TransferFunction(window[0], window[1], preset.points(),
                Colormaps.table(cmap)));
        updateHistogram();
        render(true);
    }

    private void fineReady(long gen, VolumeGrid grid) {
        if (gen != datasetGeneration) {
            return;
        }
        fine = grid;
        progress.setVisible(false);
        cancelLoad.setVisible(false);
        render(false);
    }

    private void updateHistogram() {
        VolumeGrid g = coarse;
        TransferFunction tf = editor.transferFunctionProperty().get();
        if (g == null || tf == null) {
            return;
        }
        renderThread.execute(() -> {
            VolumeHistogram h = VolumeHistogram.of(g, 128, tf.low(), tf.high());
            Platform.runLater(() -> {
                if (g == coarse) {
                    editor.histogramProperty().set(h);
                }
            });
        });
    }

    private void fail(String message) {
        state.set(State.FAILED);
        progress.setVisible(false);
        cancelLoad.setVisible(false);
        status.setText(message);
        imageView.setImage(null);
    }

    private void moved() {
        if (coarse == null) {
            return;
        }
        render(true);
        rest.playFromStart();
    }

    private void resized() {
        if (coarse != null) {
            rest.playFromStart();
        }
    }

    /** Renders now: the coarse level at reduced size when {@code moving}, else the finest level loaded. */
    private void render(boolean moving) {
        VolumeGrid grid = moving || fine == null ? coarse : fine;
        TransferFunction tf = editor.transferFunctionProperty().get();
        if (grid == null || tf == null || renderer == null) {
            return;
        }
        int w = Math.max(16, (int) imagePane.getWidth());
        int h = Math.max(16, (int) imagePane.getHeight());
        RenderRequest full = new RenderRequest(grid, camera.get(), clip.get(), mode.get(), tf, w, h,
                InteractiveQuality.STEP_VOXELS);
        RenderRequest request = moving ? InteractiveQuality.moving(full, grid) : full;
        long gen = generation.incrementAndGet();
        // A move makes a running full-quality render stale: stop it. Moving renders are short and
        // never cancelled, so fast drags still show frames; stale queued ones are skipped.
        restRender.cancel();
        Cancellation c = new Cancellation();
        if (!moving) {
            restRender = c;
        }
        boolean refining = !moving && grid == fine;
        state.set(moving ? State.MOVING : State.REFINING);
        VolumeRenderer r = renderer;
        renderThread.execute(() -> {
            if (gen != generation.get()) {
                return;
            }
            try {
                RenderedImage img = r.render(request, c);
                Platform.runLater(() -> shownLater(gen, img, grid, moving, refining));
            } catch (Cancellation.CancelledException e) {
                LOG.trace("stale render cancelled");
            } catch (RuntimeException e) {
                LOG.warn("volume render failed on {}: {}", r.deviceId(), e.toString());
                Platform.runLater(() -> fail("Rendering failed on " + r.deviceName() + ": " + e.getMessage()));
            }
        });
    }

    private void shownLater(long gen, RenderedImage img, VolumeGrid grid, boolean moving, boolean refined) {
        long latest = generation.get();
        // While dragging, a frame a little behind is better than none; a stale full-quality frame is not shown.
        if (gen != latest && (!moving || gen < latest - 8)) {
            return;
        }
        WritableImage image = new WritableImage(img.width(), img.height());
        image.getPixelWriter().setPixels(0, 0, img.width(), img.height(), PixelFormat.getIntArgbInstance(), img.argb(),
                0, img.width());
        imageView.setImage(image);
        shown.set(img);
        if (gen == latest) {
            state.set(moving ? State.MOVING : (refined ? State.AT_REST : State.REFINING));
        }
        status.setText(String.format(Locale.ROOT, "%s · level %d (%d × %d × %d) · %d × %d px · %.0f ms%s",
                mode.get(), grid.level(), grid.nz(), grid.ny(), grid.nx(), img.width(), img.height(), img.nanos() / 1e6,
                moving ? " · moving" : ""));
    }

    /** The camera (rotate, zoom, pan). */
    public ObjectProperty<Camera> cameraProperty() {
        return camera;
    }

    /** MIP or DVR. */
    public ObjectProperty<RenderMode> modeProperty() {
        return mode;
    }

    /** The clip box (also set by the sliders). */
    public ObjectProperty<ClipBox> clipBoxProperty() {
        return clip;
    }

    /** The transfer function being edited (null until a volume is shown). */
    public ObjectProperty<TransferFunction> transferFunctionProperty() {
        return editor.transferFunctionProperty();
    }

    /** Empty, loading, moving, refining or at rest. */
    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The image on screen, with its values and device. */
    public ReadOnlyObjectProperty<RenderedImage> shownImageProperty() {
        return shown.getReadOnlyProperty();
    }

    /** The status line's text (level, size, time, or the problem). */
    public String statusText() {
        return status.getText();
    }

    /** The transfer function editor. */
    public TransferFunctionEditor editor() {
        return editor;
    }

    /** The levels shown, or null. */
    public VolumeLevels levels() {
        return levels;
    }

    /** Stops loading and rendering; closes the renderer if the view opened it. */
    public void close() {
        loading.cancel();
        restRender.cancel();
        rest.stop();
        renderThread.execute(() -> {
            if (ownsRenderer && renderer != null) {
                renderer.close();
            }
        });
        renderThread.shutdown();
    }
}
