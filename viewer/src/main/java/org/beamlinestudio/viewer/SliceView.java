package org.beamlinestudio.viewer;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Slider;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.data.MultiscaleDataset;
import org.beamlinestudio.viewer.ortho.Plane;
import org.beamlinestudio.viewer.ortho.PlaneLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One 2-D image of a lazy dataset: the whole array for rank 2; for rank ≥ 3 a slider walks the
 * first axis (other leading axes at 0). Slices are read and rendered off the FX thread; when the
 * slider moves on, stale reads are skipped and only the latest request is shown. Grey levels come
 * from the 0.5–99.5 % percentiles of the slice. A volume shown with its coarse levels
 * ({@link #show(MultiscaleDataset)}) reads through the orthogonal views' {@link PlaneLoader}: a coarse preview
 * of a slice not in memory first (from the sidecar store when one was built), then the full slice.
 */
public final class SliceView extends BorderPane {
    private static final Logger LOG = LoggerFactory.getLogger(SliceView.class);

    /** Slices larger than this are refused rather than risking the heap of a workstation. */
    static final long MAX_PIXELS = 64L * 1024 * 1024;

    /** What the view shows now. */
    public enum State { EMPTY, LOADING, SHOWN, FAILED }

    /** A read and rendered slice, handed from the reader thread to the FX thread. */
    private record Rendered(long generation, long index, float[] values, int[] argb, int width, int height,
                            double lo, double hi, int level) {
    }

    private final Executor executor;
    private final AtomicLong generation = new AtomicLong();
    private final ImageView imageView = new ImageView();
    private final StackPane imagePane = new StackPane();
    private final Label message = new Label();
    private final ProgressIndicator busy = new ProgressIndicator();
    private final Slider slider = new Slider();
    private final Label sliderLabel = new Label();
    private final HBox sliderBar;
    private final Label status = new Label();

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.EMPTY);
    private final ReadOnlyObjectWrapper<WritableImage> image = new ReadOnlyObjectWrapper<>(this, "image");
    private final ReadOnlyObjectWrapper<LazyDataset> dataset = new ReadOnlyObjectWrapper<>(this, "dataset");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyIntegerWrapper shownIndex = new ReadOnlyIntegerWrapper(this, "shownIndex", -1);
    private final ReadOnlyIntegerWrapper shownLevel = new ReadOnlyIntegerWrapper(this, "shownLevel", -1);
    private PlaneLoader loader;

    private Rendered current;
    private double stretch = 1;
    private String baseStatus = "";

    /** A view whose reads run on {@code executor} (never the FX thread). */
    public SliceView(Executor executor) {
        this.executor = executor;
        getStyleClass().add("slice-view");

        imageView.setSmooth(false);
        imageView.setId("sliceImage");
        imageView.setPreserveRatio(false); // fitted by hand in fitImage(): aspect kept unless extreme
        imagePane.widthProperty().addListener((obs, o, n) -> fitImage());
        imagePane.heightProperty().addListener((obs, o, n) -> fitImage());
        imagePane.setMinSize(0, 0);
        imagePane.setStyle("-fx-background-color: #1e1e1e;");
        message.setWrapText(true);
        message.setId("sliceMessage");
        message.setStyle("-fx-text-fill: #f0f0f0; -fx-font-size: 14px; -fx-padding: 16;");
        message.setAlignment(Pos.CENTER);
        busy.setMaxSize(48, 48);
        busy.setVisible(false);
        imagePane.getChildren().addAll(imageView, message, busy);
        setCenter(imagePane);

        slider.setId("sliceSlider");
        slider.setBlockIncrement(1);
        slider.setMajorTickUnit(1);
        slider.setMinorTickCount(0);
        slider.setSnapToTicks(true);
        HBox.setHgrow(slider, Priority.ALWAYS);
        sliderLabel.setMinWidth(110);
        sliderBar = new HBox(8, sliderLabel, slider);
        sliderBar.setAlignment(Pos.CENTER_LEFT);
        sliderBar.setPadding(new Insets(4, 8, 4, 8));
        slider.valueProperty().addListener((obs, o, n) -> {
            long idx = Math.round(n.doubleValue());
            if (dataset.get() != null && idx != Math.round(o.doubleValue())) {
                requestSlice(idx);
            }
        });

        status.setId("sliceStatus");
        status.setPadding(new Insets(2, 8, 2, 8));
        status.setMaxWidth(Double.MAX_VALUE);
        setBottom(status);

        // The mouse wheel over the image steps through slices; Page Up / Down jump by ten.
        imagePane.setOnScroll(e -> {
            if (e.getDeltaY() != 0) {
                step(e.getDeltaY() < 0 ? 1 : -1);
                e.consume();
            }
        });
        imagePane.setOnMouseClicked(e -> slider.requestFocus());
        addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            switch (e.getCode()) {
                case PAGE_DOWN -> step(10);
                case PAGE_UP -> step(-10);
                default -> {
                    return;
                }
            }
            e.consume();
        });
        imageView.addEventHandler(MouseEvent.MOUSE_MOVED, this::readout);
        imageView.addEventHandler(MouseEvent.MOUSE_EXITED, e -> status.setText(baseStatus));
        showMessage("No dataset selected");
    }

    /** Shows a dataset from its first image (index 0 on the first axis for rank ≥ 3). FX thread. */
    public void show(LazyDataset ds) {
        useLoader(null);
        showDataset(ds);
    }

    /**
     * Shows a 3-D volume from its first slice, each slice not in memory as a coarse preview first (level
     * {@link #shownLevelProperty()} &gt; 0, state still {@link State#LOADING}), then at full resolution. FX thread.
     */
    public void show(MultiscaleDataset volume) {
        show(volume, true);
    }

    /**
     * As {@link #show(MultiscaleDataset)}, with coarse previews only when {@code coarsePreviews} (e.g. only when the
     * preview level is kept in a sidecar store: on a never-opened file with slice-wise chunks a preview reads
     * 2^k slices where the full slice reads one). FX thread.
     */
    public void show(MultiscaleDataset volume, boolean coarsePreviews) {
        LazyDataset ds = volume.base();
        PlaneLoader l = null;
        if (ds.rank() == 3) {
            l = new PlaneLoader(volume, Math.max(1, Runtime.getRuntime().availableProcessors()), executor);
            l.setPreviews(coarsePreviews);
        }
        useLoader(l);
        showDataset(ds);
    }

    private void useLoader(PlaneLoader l) {
        if (loader != null) {
            loader.close();
        }
        loader = l;
    }

    private void showDataset(LazyDataset ds) {
        dataset.set(ds);
        current = null;
        int rank = ds.rank();
        if (rank < 2) {
            fail("Cannot show " + ds.path() + ": it has " + rank + " dimension" + (rank == 1 ? "" : "s")
                    + "; an image needs 2 or more");
            setTop(null);
            return;
        }
        if (rank >= 3) {
            long n = ds.shape()[0];
            slider.setMin(0);
            slider.setMax(Math.max(0, n - 1));
            slider.setValue(0);
            slider.setDisable(n <= 1);
            setTop(sliderBar);
        } else {
            setTop(null);
        }
        requestSlice(0);
    }

    /** Shows a slice of the first axis (rank ≥ 3); ignored otherwise. FX thread. */
    public void showIndex(long index) {
        LazyDataset ds = dataset.get();
        if (ds == null || ds.rank() < 3) {
            return;
        }
        long clamped = Math.max(0, Math.min(ds.shape()[0] - 1, index));
        if (Math.round(slider.getValue()) != clamped) {
            slider.setValue(clamped); // the listener requests the slice
        } else {
            requestSlice(clamped);
        }
    }

    /** Moves by {@code delta} slices along the first axis (rank ≥ 3). FX thread. */
    public void step(long delta) {
        showIndex(Math.round(slider.getValue()) + delta);
    }

    /** Clears the view and shows a message in place of the image. FX thread. */
    public void showMessage(String text) {
        generation.incrementAndGet();
        useLoader(null);
        shownLevel.set(-1);
        dataset.set(null);
        current = null;
        image.set(null);
        imageView.setImage(null);
        setTop(null);
        busy.setVisible(false);
        message.setText(text);
        message.setVisible(true);
        baseStatus = "";
        status.setText("");
        state.set(State.EMPTY);
    }

    private void requestSlice(long index) {
        LazyDataset ds = dataset.get();
        long gen = generation.incrementAndGet();
        long[] shape = ds.shape();
        int rank = shape.length;
        long h = shape[rank - 2];
        long w = shape[rank - 1];
        if (h * w > MAX_PIXELS || h > Integer.MAX_VALUE || w > Integer.MAX_VALUE) {
            fail("Cannot show " + ds.path() + ": one image is " + h + "×" + w + " pixels, more than this view handles");
            return;
        }
        state.set(State.LOADING);
        busy.setVisible(true);
        if (current == null) {
            message.setText("Reading " + ds.path() + " …");
            message.setVisible(true);
        }
        sliderLabel.setText(sliceLabel(index, shape));
        long[] offset = new long[rank];
        int[] count = new int[rank];
        Arrays.fill(count, 1);
        if (rank >= 3) {
            offset[0] = index;
        }
        count[rank - 2] = (int) h;
        count[rank - 1] = (int) w;
        if (loader != null) {
            requestThroughLoader(loader, ds, gen, index, (int) w, (int) h);
            return;
        }
        CompletableFuture.supplyAsync(() -> {
            if (generation.get() != gen) {
                return null; // the slider moved on before this read started: skip it
            }
            try {
                long t0 = System.nanoTime();
                float[] values = ds.readFloats(offset, count);
                if (generation.get() != gen) {
                    return null;
                }
                LOG.debug("read {} slice {} ({}×{}) in {} ms", ds.path(), index, h, w, (System.nanoTime() - t0) / 1_000_000);
                double[] range = SliceRendering.percentiles(values, SliceRendering.LOW_PERCENTILE,
                        SliceRendering.HIGH_PERCENTILE);
                int[] argb = SliceRendering.toArgb(values, range[0], range[1]);
                return new Rendered(gen, index, values, argb, (int) w, (int) h, range[0], range[1], 0);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor).whenComplete((r, ex) -> Platform.runLater(() -> {
            if (generation.get() != gen) {
                return; // a newer request owns the view
            }
            if (ex != null) {
                Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                LOG.warn("reading {} of {} failed", ds.path(), ds.file(), cause);
                fail(describe(cause));
            } else if (r != null) {
                paint(r);
            }
        }));
    }

    /** The slice from the pyramid's loader: a coarse preview (stretched to full size) first when it is not in memory. */
    private void requestThroughLoader(PlaneLoader l, LazyDataset ds, long gen, long index, int w, int h) {
        l.request(Plane.XY, index, 0, img -> {
            if (generation.get() != gen) {
                return;
            }
            float[] values = img.toFullSize(w, h);
            // Percentiles of the coarse data itself: the same grey levels, for 1/f² of the work.
            double[] range = SliceRendering.percentiles(img.data(), SliceRendering.LOW_PERCENTILE,
                    SliceRendering.HIGH_PERCENTILE);
            int[] argb = SliceRendering.toArgb(values, range[0], range[1]);
            Rendered r = new Rendered(gen, index, values, argb, w, h, range[0], range[1], img.level());
            Platform.runLater(() -> {
                if (generation.get() == gen) {
                    paint(r);
                }
            });
        }, (plane, i, e) -> Platform.runLater(() -> {
            if (generation.get() == gen) {
                LOG.warn("reading {} of {} failed", ds.path(), ds.file(), e);
                fail(describe(e));
            }
        }));
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private void fail(String text) {
        busy.setVisible(false);
        shownLevel.set(-1);
        current = null;
        image.set(null);
        imageView.setImage(null);
        message.setText(text);
        message.setVisible(true);
        baseStatus = "";
        status.setText("");
        error.set(text);
        state.set(State.FAILED);
    }

    private void paint(Rendered r) {
        WritableImage img = new WritableImage(r.width(), r.height());
        img.getPixelWriter().setPixels(0, 0, r.width(), r.height(), PixelFormat.getIntArgbInstance(),
                r.argb(), 0, r.width());
        current = r;
        busy.setVisible(r.level() > 0); // a coarse preview: the full slice is on its way
        message.setVisible(false);
        imageView.setImage(img);
        fitImage();
        image.set(img);
        error.set(null);
        shownIndex.set((int) r.index());
        LazyDataset ds = dataset.get();
        baseStatus = String.format(Locale.ROOT, "%s  ·  %d×%d  ·  grey %s … %s (%.1f–%.1f %%)%s",
                ds.rank() >= 3 ? sliceLabel(r.index(), ds.shape()) : NodeText.dims(ds.shape()),
                r.height(), r.width(), num(r.lo()), num(r.hi()),
                SliceRendering.LOW_PERCENTILE, SliceRendering.HIGH_PERCENTILE, stretchText())
                + (r.level() > 0 ? "  ·  coarse preview 1:" + (1 << r.level()) + ", reading full resolution…" : "");
        status.setText(baseStatus);
        shownLevel.set(r.level());
        state.set(r.level() > 0 ? State.LOADING : State.SHOWN);
    }

    /**
     * Fits the image to the pane keeping its aspect ratio, except that a very flat (or very narrow)
     * image is stretched to at most {@link #MAX_SHOWN_ASPECT}:1, so that e.g. a 2-row projection
     * stays readable; the status line says so.
     */
    private void fitImage() {
        Rendered r = current;
        double pw = imagePane.getWidth() - 8;
        double ph = imagePane.getHeight() - 8;
        if (r == null || pw <= 0 || ph <= 0) {
            return;
        }
        double scale = Math.min(pw / r.width(), ph / r.height());
        double dw = r.width() * scale;
        double dh = r.height() * scale;
        double s = 1;
        if (dh < dw / MAX_SHOWN_ASPECT && dh < ph) {
            double target = Math.min(ph, dw / MAX_SHOWN_ASPECT);
            s = target / dh;
            dh = target;
        } else if (dw < dh / MAX_SHOWN_ASPECT && dw < pw) {
            double target = Math.min(pw, dh / MAX_SHOWN_ASPECT);
            s = target / dw;
            dw = target;
        }
        imageView.setFitWidth(dw);
        imageView.setFitHeight(dh);
        boolean changed = Math.abs(s - stretch) > 1e-6;
        stretch = s;
        if (changed && !baseStatus.isEmpty()) {
            int cut = baseStatus.indexOf("  ·  stretched");
            baseStatus = (cut >= 0 ? baseStatus.substring(0, cut) : baseStatus) + stretchText();
            status.setText(baseStatus);
        }
    }

    /** Most elongated aspect ratio shown as is; flatter images are stretched to it. */
    static final double MAX_SHOWN_ASPECT = 8;

    private String stretchText() {
        if (Math.abs(stretch - 1) < 1e-6) {
            return "";
        }
        return String.format(Locale.ROOT, "  ·  stretched ×%.0f to stay readable", stretch);
    }

    /** How much the shown image is stretched along its short axis (1 = true aspect ratio). */
    public double displayStretch() {
        return stretch;
    }

    private static String sliceLabel(long index, long[] shape) {
        return "slice " + index + " / " + (shape[0] - 1);
    }

    private void readout(MouseEvent e) {
        Rendered r = current;
        if (r == null || imageView.getImage() == null) {
            return;
        }
        double shownW = imageView.getLayoutBounds().getWidth();
        double shownH = imageView.getLayoutBounds().getHeight();
        if (shownW <= 0 || shownH <= 0) {
            return;
        }
        int col = (int) Math.floor(e.getX() / shownW * r.width());
        int row = (int) Math.floor(e.getY() / shownH * r.height());
        if (col < 0 || row < 0 || col >= r.width() || row >= r.height()) {
            status.setText(baseStatus);
            return;
        }
        status.setText(readoutText(r, row, col));
    }

    /** The status text for the pixel at (row, col) of the shown slice, or null when none is shown. */
    public String readoutAt(int row, int col) {
        Rendered r = current;
        if (r == null || row < 0 || col < 0 || row >= r.height() || col >= r.width()) {
            return null;
        }
        return readoutText(r, row, col);
    }

    private String readoutText(Rendered r, int row, int col) {
        LazyDataset ds = dataset.get();
        StringBuilder idx = new StringBuilder("[");
        if (ds != null && ds.rank() >= 3) {
            idx.append(r.index()).append(", ");
            for (int a = 1; a < ds.rank() - 2; a++) {
                idx.append("0, ");
            }
        }
        idx.append(row).append(", ").append(col).append(']');
        return idx + " = " + num(r.values()[row * r.width() + col]) + "    " + baseStatus;
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e7) {
            return String.valueOf((long) v);
        }
        if (a >= 1000 && a < 1e7) {
            return String.valueOf(Math.round(v)); // 4+ significant digits already
        }
        return a != 0 && (a < 1e-3 || a >= 1e6) ? String.format(Locale.ROOT, "%.4g", v)
                : String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** What the view shows now. */
    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The image on screen (null while none). */
    public ReadOnlyObjectProperty<WritableImage> imageProperty() {
        return image.getReadOnlyProperty();
    }

    /** The dataset being shown. */
    public ReadOnlyObjectProperty<LazyDataset> datasetProperty() {
        return dataset.getReadOnlyProperty();
    }

    /** The last read or display error (null after a successful paint). */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Index on the first axis of the slice on screen (-1 while none; 0 for rank 2). */
    public ReadOnlyIntegerProperty shownIndexProperty() {
        return shownIndex.getReadOnlyProperty();
    }

    /** The pyramid level of the slice on screen: 0 full resolution, k &gt; 0 a 1:2^k coarse preview, -1 none. */
    public ReadOnlyIntegerProperty shownLevelProperty() {
        return shownLevel.getReadOnlyProperty();
    }

    /** The message shown in place of the image (meaningful when no image is shown). */
    public String message() {
        return message.isVisible() ? message.getText() : "";
    }

    /** The status line (slice, size, contrast; pixel under the mouse). */
    public String statusText() {
        return status.getText();
    }

    /** The slider over the first axis (rank ≥ 3). */
    public Slider slider() {
        return slider;
    }
}
