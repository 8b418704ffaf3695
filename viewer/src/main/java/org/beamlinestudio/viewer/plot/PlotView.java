package org.beamlinestudio.viewer.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.beamlinestudio.core.pipeline.AtomicFiles;

/**
 * A scientific x–y plot: series of points and/or lines with optional y error bars, linear or log axes with
 * readable ticks, axis labels and a legend; export as PNG, SVG and CSV. Set data on the FX thread.
 *
 * <p>Drawn on a canvas (id {@code plotCanvas}) that is redrawn on resize and data change; the nearest point's
 * values show in a readout label (id {@code plotReadout}) as the mouse moves. Drag a rectangle to zoom, double-click
 * to return to the autorange.
 */
public class PlotView extends Region {

    /** Axis scale. */
    public enum Scale { LINEAR, LOG }

    /** How a series is drawn. */
    public enum Style { POINTS, LINE, POINTS_AND_LINE }

    /**
     * One series.
     *
     * @param yErr  one standard error per point, or null
     * @param color null picks the next colour of the palette
     */
    public record Series(String name, double[] x, double[] y, double[] yErr, Style style, Color color) {
        public Series {
            Objects.requireNonNull(name, "name");
            if (x.length != y.length || (yErr != null && yErr.length != y.length)) {
                throw new IllegalArgumentException(name + ": x, y (and yErr) differ in length");
            }
        }

        /** Points with error bars. */
        public static Series points(String name, double[] x, double[] y, double[] yErr) {
            return new Series(name, x, y, yErr, Style.POINTS, null);
        }

        /** A line (e.g. a fitted curve). */
        public static Series line(String name, double[] x, double[] y) {
            return new Series(name, x, y, null, Style.LINE, null);
        }
    }

    private List<Series> series = List.of();
    private String title = "";
    private String xLabel = "";
    private String yLabel = "";
    private Scale xScale = Scale.LINEAR;
    private Scale yScale = Scale.LINEAR;

    private static final double PREF_WIDTH = 640;
    private static final double PREF_HEIGHT = 420;
    /** Beyond this distance in pixels no point is "under the mouse". */
    private static final double READOUT_RADIUS = 25;
    private static final double MIN_ZOOM_PIXELS = 5;

    private final Canvas canvas = new Canvas();
    private final Label readout = new Label();
    private double[] xView;
    private double[] yView;
    private double[] dragStart;
    private double[] dragEnd;

    /** An empty plot. */
    public PlotView() {
        getStyleClass().add("plot-view");
        canvas.setId("plotCanvas");
        readout.setId("plotReadout");
        readout.setMouseTransparent(true);
        readout.setStyle("-fx-font-size: 11px; -fx-text-fill: #303030; -fx-background-color: rgba(255,255,255,0.85);"
                + " -fx-padding: 0 3 0 3;");
        getChildren().addAll(canvas, readout);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> readout.setText(readoutAt(e.getX(), e.getY())));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> readout.setText(""));
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                dragStart = new double[] {e.getX(), e.getY()};
                dragEnd = null;
            }
        });
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (dragStart != null) {
                dragEnd = new double[] {e.getX(), e.getY()};
                redraw();
            }
        });
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (dragStart != null && dragEnd != null) {
                zoomToPixels(dragStart[0], dragStart[1], e.getX(), e.getY());
            }
            dragStart = null;
            dragEnd = null;
            redraw();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                resetZoom();
            }
        });
    }

    @Override
    protected double computePrefWidth(double height) {
        return PREF_WIDTH;
    }

    @Override
    protected double computePrefHeight(double width) {
        return PREF_HEIGHT;
    }

    @Override
    protected void layoutChildren() {
        double w = Math.max(1, Math.floor(getWidth()));
        double h = Math.max(1, Math.floor(getHeight()));
        canvas.setWidth(w);
        canvas.setHeight(h);
        canvas.relocate(0, 0);
        readout.autosize();
        readout.relocate(2, h - readout.getHeight() - 1);
        redraw();
    }

    /** Replaces the series shown (and returns to the autorange). FX thread. */
    public void setSeries(List<Series> newSeries) {
        series = List.copyOf(newSeries);
        xView = null;
        yView = null;
        requestLayout();
        redraw();
    }

    /** The series shown. */
    public List<Series> series() {
        return series;
    }

    public void setTitle(String t) {
        title = t == null ? "" : t;
        requestLayout();
        redraw();
    }

    public String title() {
        return title;
    }

    public void setXLabel(String label) {
        xLabel = label == null ? "" : label;
        requestLayout();
        redraw();
    }

    public void setYLabel(String label) {
        yLabel = label == null ? "" : label;
        requestLayout();
        redraw();
    }

    public String xLabel() {
        return xLabel;
    }

    public String yLabel() {
        return yLabel;
    }

    /** Linear or log x axis (log ignores values ≤ 0). */
    public void setXScale(Scale s) {
        xScale = Objects.requireNonNull(s, "scale");
        xView = null;
        requestLayout();
        redraw();
    }

    /** Linear or log y axis (log ignores values ≤ 0). */
    public void setYScale(Scale s) {
        yScale = Objects.requireNonNull(s, "scale");
        yView = null;
        requestLayout();
        redraw();
    }

    public Scale xScale() {
        return xScale;
    }

    public Scale yScale() {
        return yScale;
    }

    /** The plot as a standalone SVG document (what {@link #saveSvg} writes). */
    public String toSvg() {
        double[] size = size();
        SvgPainter svg = new SvgPainter(size[0], size[1]);
        PlotRenderer r = renderer();
        r.draw(svg, r.layout(size[0], size[1], xScale, yScale, xView, yView), size[0], size[1]);
        return svg.document();
    }

    /** Writes the plot as it is on screen as a PNG, atomically. FX thread. */
    public void savePng(Path file) throws IOException {
        redraw();
        WritableImage img = canvas.snapshot(null, null);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pr = img.getPixelReader();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            pr.getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
            bi.setRGB(0, y, w, 1, row, 0, w);
        }
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
        try {
            if (!javax.imageio.ImageIO.write(bi, "png", tmp.toFile())) {
                throw new IOException("no PNG writer in javax.imageio for " + file);
            }
            AtomicFiles.moveAtomically(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@link #toSvg()} atomically. */
    public void saveSvg(Path file) throws IOException {
        AtomicFiles.writeString(file, toSvg());
    }

    /** Writes the series as CSV (one block per series: x, y, yErr), atomically. */
    public void saveCsv(Path file) throws IOException {
        StringBuilder b = new StringBuilder("series,x,y,yErr\n");
        for (Series s : series) {
            String name = csvField(s.name());
            for (int i = 0; i < s.x().length; i++) {
                b.append(name).append(',').append(num(s.x()[i])).append(',').append(num(s.y()[i])).append(',')
                        .append(s.yErr() == null ? "" : num(s.yErr()[i])).append('\n');
            }
        }
        AtomicFiles.writeString(file, b.toString());
    }

    /** Canvas coordinates {px, py} of data point (x, y) in the current view; NaN where a log axis gets ≤ 0. */
    public double[] toPixel(double x, double y) {
        PlotRenderer.Layout l = currentLayout();
        return new double[] {l.x().toPixel(x), l.y().toPixel(y)};
    }

    /** Data coordinates {x, y} of canvas point (px, py) in the current view. */
    public double[] fromPixel(double px, double py) {
        PlotRenderer.Layout l = currentLayout();
        return new double[] {l.x().fromPixel(px), l.y().fromPixel(py)};
    }

    /** The x range shown {lo, hi} (autorange or zoom). */
    public double[] xRange() {
        PlotRenderer.Layout l = currentLayout();
        return new double[] {l.x().lo(), l.x().hi()};
    }

    /** The y range shown {lo, hi} (autorange or zoom). */
    public double[] yRange() {
        PlotRenderer.Layout l = currentLayout();
        return new double[] {l.y().lo(), l.y().hi()};
    }

    /** The major tick values of the x axis shown. */
    public double[] xTicks() {
        return currentLayout().x().majorTicks();
    }

    /** The major tick values of the y axis shown. */
    public double[] yTicks() {
        return currentLayout().y().majorTicks();
    }

    /** Shows only [xLo, xHi] × [yLo, yHi] (as a drag-rectangle zoom does). FX thread. */
    public void zoomTo(double xLo, double xHi, double yLo, double yHi) {
        xView = new double[] {Math.min(xLo, xHi), Math.max(xLo, xHi)};
        yView = new double[] {Math.min(yLo, yHi), Math.max(yLo, yHi)};
        redraw();
    }

    /** Returns to the autorange (as a double-click does). FX thread. */
    public void resetZoom() {
        xView = null;
        yView = null;
        redraw();
    }

    /**
     * The readout for the point nearest canvas point (px, py): "name: x = …, y = … ± …", or "" when no point lies
     * within 25 pixels.
     */
    public String readoutAt(double px, double py) {
        PlotRenderer.Layout l = currentLayout();
        Series best = null;
        int bestIndex = -1;
        double bestD2 = READOUT_RADIUS * READOUT_RADIUS;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                double dx = l.x().toPixel(s.x()[i]) - px;
                double dy = l.y().toPixel(s.y()[i]) - py;
                double d2 = dx * dx + dy * dy;
                if (d2 <= bestD2) {
                    bestD2 = d2;
                    best = s;
                    bestIndex = i;
                }
            }
        }
        if (best == null) {
            return "";
        }
        String text = best.name() + ": x = " + AxisTicks.readout(best.x()[bestIndex]) + ", y = "
                + AxisTicks.readout(best.y()[bestIndex]);
        if (best.yErr() != null && Double.isFinite(best.yErr()[bestIndex])) {
            text += " ± " + AxisTicks.readout(best.yErr()[bestIndex]);
        }
        return text;
    }

    /** The readout shown now (what the mouse last pointed at). */
    public String readoutText() {
        return readout.getText();
    }

    private void zoomToPixels(double x0, double y0, double x1, double y1) {
        if (Math.abs(x1 - x0) < MIN_ZOOM_PIXELS || Math.abs(y1 - y0) < MIN_ZOOM_PIXELS) {
            return;
        }
        double[] a = fromPixel(x0, y0);
        double[] b = fromPixel(x1, y1);
        zoomTo(a[0], b[0], a[1], b[1]);
    }

    private void redraw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        if (w < 2 || h < 2) {
            return;
        }
        PlotRenderer r = renderer();
        var gc = canvas.getGraphicsContext2D();
        gc.clearRect(0, 0, w, h);
        r.draw(new CanvasPainter(gc), r.layout(w, h, xScale, yScale, xView, yView), w, h);
        if (dragStart != null && dragEnd != null) {
            gc.setFill(Color.color(0.2, 0.4, 0.8, 0.15));
            gc.setStroke(Color.color(0.2, 0.4, 0.8, 0.8));
            gc.setLineWidth(1);
            double x = Math.min(dragStart[0], dragEnd[0]);
            double y = Math.min(dragStart[1], dragEnd[1]);
            double rw = Math.abs(dragEnd[0] - dragStart[0]);
            double rh = Math.abs(dragEnd[1] - dragStart[1]);
            gc.fillRect(x, y, rw, rh);
            gc.strokeRect(x, y, rw, rh);
        }
    }

    private PlotRenderer renderer() {
        return new PlotRenderer(series, title, xLabel, yLabel);
    }

    private PlotRenderer.Layout currentLayout() {
        double[] size = size();
        return renderer().layout(size[0], size[1], xScale, yScale, xView, yView);
    }

    /** The canvas size, or the preferred size before the first layout. */
    private double[] size() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        return w >= 2 && h >= 2 ? new double[] {w, h} : new double[] {PREF_WIDTH, PREF_HEIGHT};
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "NaN" : Double.toString(v);
    }

    private static String csvField(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
