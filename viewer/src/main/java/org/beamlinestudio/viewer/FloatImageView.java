package org.beamlinestudio.viewer;

import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;

/**
 * An in-memory float image (a preview slice, a sinogram, a projection) fitted to its pane with its aspect kept,
 * colour-mapped ({@link Colormaps}, grey by default; optionally on a log scale) with either auto contrast (0.5–99.5 %) or a fixed window, with a pixel readout and an overlay pane
 * in image coordinates for lines and markers. Callers compute off the FX thread and call {@link #setImage} on it.
 */
public final class FloatImageView extends BorderPane {

    /** A grey-level window: values at {@code lo} and below are black, at {@code hi} and above white. */
    public record Window(double lo, double hi) {
    }

    private final ImageView imageView = new ImageView();
    private final Pane overlay = new Pane();
    private final StackPane imagePane = new StackPane();
    private final Label message = new Label();
    private final Label status = new Label();
    private final ReadOnlyObjectWrapper<WritableImage> image = new ReadOnlyObjectWrapper<>(this, "image");
    private final ReadOnlyObjectWrapper<Window> shownWindow = new ReadOnlyObjectWrapper<>(this, "shownWindow");
    private final ObjectProperty<Window> fixedWindow = new SimpleObjectProperty<>(this, "fixedWindow");
    private final StringProperty colormap = new SimpleStringProperty(this, "colormap", "gray");
    private final BooleanProperty logScale = new SimpleBooleanProperty(this, "logScale", false);
    private float[] data;
    private int width;
    private int height;
    private String caption = "";

    /** An empty view. */
    public FloatImageView() {
        getStyleClass().add("float-image-view");
        imageView.setSmooth(false);
        imageView.setPreserveRatio(false);
        overlay.setPickOnBounds(false);
        overlay.setManaged(false);
        message.setWrapText(true);
        message.setStyle("-fx-text-fill: #f0f0f0; -fx-font-size: 13px; -fx-padding: 12;");
        message.setAlignment(Pos.CENTER);
        imagePane.setMinSize(0, 0);
        imagePane.setStyle("-fx-background-color: #1e1e1e;");
        imagePane.getChildren().addAll(imageView, overlay, message);
        imagePane.widthProperty().addListener((obs, o, n) -> fit());
        imagePane.heightProperty().addListener((obs, o, n) -> fit());
        setCenter(imagePane);
        status.setPadding(new Insets(2, 6, 2, 6));
        status.setMaxWidth(Double.MAX_VALUE);
        status.setStyle("-fx-font-size: 11px;");
        setBottom(status);
        imageView.addEventHandler(MouseEvent.MOUSE_MOVED, this::readout);
        imageView.addEventHandler(MouseEvent.MOUSE_EXITED, e -> status.setText(caption));
        fixedWindow.addListener((obs, o, n) -> repaint());
        colormap.addListener((obs, o, n) -> repaint());
        logScale.addListener((obs, o, n) -> repaint());
        showMessage("");
    }

    /**
     * Shows {@code data} ({@code height} rows of {@code width}, C order) with a caption under it. FX thread. The
     * array is kept, not copied: do not change it afterwards.
     */
    public void setImage(float[] data, int width, int height, String caption) {
        if (data.length != (long) width * height) {
            throw new IllegalArgumentException(data.length + " values for a " + width + "×" + height + " image");
        }
        this.data = data;
        this.width = width;
        this.height = height;
        this.caption = caption == null ? "" : caption;
        message.setVisible(false);
        repaint();
    }

    /** Clears the image and shows a message in its place. FX thread. */
    public void showMessage(String text) {
        data = null;
        image.set(null);
        imageView.setImage(null);
        shownWindow.set(null);
        message.setText(text);
        message.setVisible(true);
        caption = "";
        status.setText("");
    }

    /** A fixed grey-level window; null (the default) means auto contrast on each image. */
    public ObjectProperty<Window> fixedWindowProperty() {
        return fixedWindow;
    }

    /**
     * The colour map used to render ({@link Colormaps} names such as "gray", "viridis", "magma", "viridis_r");
     * "gray" by default. An unknown name renders grey.
     */
    public StringProperty colormapProperty() {
        return colormap;
    }

    /**
     * Whether values are mapped on a log10 scale (diffraction images): the window is still given in data values;
     * values ≤ 0 get the colour of the window's low end. False by default.
     */
    public BooleanProperty logScaleProperty() {
        return logScale;
    }

    /** The window of the image shown now (auto or fixed), null when none is shown. */
    public ReadOnlyObjectProperty<Window> shownWindowProperty() {
        return shownWindow.getReadOnlyProperty();
    }

    /** The rendered image, null when none is shown. */
    public ReadOnlyObjectProperty<WritableImage> imageProperty() {
        return image.getReadOnlyProperty();
    }

    /** The values shown, null when none (do not modify). */
    public float[] data() {
        return data;
    }

    /** Width in pixels of the image shown. */
    public int imageWidth() {
        return width;
    }

    /** Height in pixels of the image shown. */
    public int imageHeight() {
        return height;
    }

    /** The caption under the image. */
    public String caption() {
        return caption;
    }

    /**
     * A pane laid over the image whose coordinates are the image's pixels (0…width, 0…height): add lines and
     * markers there and they follow zooming and resizing.
     */
    public Pane overlay() {
        return overlay;
    }

    /** Image pixel coordinates of a point in this view's coordinates. */
    public Point2D toImage(double x, double y) {
        Point2D local = overlay.sceneToLocal(localToScene(x, y));
        return local == null ? new Point2D(Double.NaN, Double.NaN) : local;
    }

    private void repaint() {
        if (data == null) {
            return;
        }
        Window w = fixedWindow.get();
        boolean log = logScale.get();
        if (w == null) {
            w = autoWindow(log);
        }
        int[] argb = toArgb(w, log);
        WritableImage img = new WritableImage(width, height);
        img.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        imageView.setImage(img);
        shownWindow.set(w);
        image.set(img);
        status.setText(caption);
        fit();
    }

    /** Auto contrast: the 0.5–99.5 % percentiles, of the positive values when on a log scale. */
    private Window autoWindow(boolean log) {
        if (!log) {
            double[] p = SliceRendering.percentiles(data, SliceRendering.LOW_PERCENTILE, SliceRendering.HIGH_PERCENTILE);
            return new Window(p[0], p[1]);
        }
        float[] logs = new float[data.length];
        int n = 0;
        for (float v : data) {
            if (v > 0) {
                logs[n++] = (float) Math.log10(v);
            }
        }
        if (n == 0) {
            return new Window(0, 1);
        }
        double[] p = SliceRendering.percentiles(java.util.Arrays.copyOf(logs, n), SliceRendering.LOW_PERCENTILE,
                SliceRendering.HIGH_PERCENTILE);
        return new Window(Math.pow(10, p[0]), Math.pow(10, p[1]));
    }

    private int[] toArgb(Window w, boolean log) {
        String name = Colormaps.exists(colormap.get()) ? colormap.get() : "gray";
        int[] table = Colormaps.table(name);
        double lo = log ? Math.log10(w.lo()) : w.lo();
        double hi = log ? Math.log10(w.hi()) : w.hi();
        double range = hi - lo;
        int[] out = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            float v = data[i];
            if (Float.isNaN(v)) {
                out[i] = 0xFF600000;
                continue;
            }
            double t;
            if (log && !(v > 0)) {
                t = 0;
            } else if (!(range > 0) || !Double.isFinite(range)) {
                t = 0.5;
            } else {
                t = ((log ? Math.log10(v) : v) - lo) / range;
            }
            int k = t <= 0 ? 0 : t >= 1 ? 255 : (int) Math.round(t * 255);
            out[i] = table[k];
        }
        return out;
    }

    private void fit() {
        if (data == null) {
            return;
        }
        double pw = Math.max(1, imagePane.getWidth());
        double ph = Math.max(1, imagePane.getHeight());
        double scale = Math.min(pw / width, ph / height);
        double w = width * scale;
        double h = height * scale;
        imageView.setFitWidth(w);
        imageView.setFitHeight(h);
        // The overlay is unmanaged: place it over the image (centred by the StackPane) and scale image pixels.
        overlay.setPrefSize(width, height);
        overlay.resize(width, height);
        overlay.getTransforms().setAll(new javafx.scene.transform.Scale(scale, scale, 0, 0));
        overlay.relocate((pw - w) / 2, (ph - h) / 2);
    }

    private void readout(MouseEvent e) {
        if (data == null || imageView.getFitWidth() <= 0) {
            return;
        }
        int col = (int) Math.floor(e.getX() / imageView.getFitWidth() * width);
        int row = (int) Math.floor(e.getY() / imageView.getFitHeight() * height);
        if (col < 0 || row < 0 || col >= width || row >= height) {
            status.setText(caption);
            return;
        }
        status.setText(String.format(Locale.ROOT, "x %d, y %d: %.6g   %s", col, row, data[row * width + col], caption));
    }
}
