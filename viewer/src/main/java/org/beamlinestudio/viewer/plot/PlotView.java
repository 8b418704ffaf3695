package org.beamlinestudio.viewer.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * A scientific x–y plot: series of points and/or lines with optional y error bars, linear or log axes with
 * readable ticks, axis labels and a legend; export as PNG, SVG and CSV. Set data on the FX thread.
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

    /** An empty plot. */
    public PlotView() {
        getStyleClass().add("plot-view");
    }

    /** Replaces the series shown. FX thread. */
    public void setSeries(List<Series> newSeries) {
        series = List.copyOf(newSeries);
        requestLayout();
    }

    /** The series shown. */
    public List<Series> series() {
        return series;
    }

    public void setTitle(String t) {
        title = t == null ? "" : t;
        requestLayout();
    }

    public String title() {
        return title;
    }

    public void setXLabel(String label) {
        xLabel = label == null ? "" : label;
        requestLayout();
    }

    public void setYLabel(String label) {
        yLabel = label == null ? "" : label;
        requestLayout();
    }

    public String xLabel() {
        return xLabel;
    }

    public String yLabel() {
        return yLabel;
    }

    /** Linear or log x axis (log ignores values ≤ 0). */
    public void setXScale(Scale s) {
        xScale = s;
        requestLayout();
    }

    /** Linear or log y axis (log ignores values ≤ 0). */
    public void setYScale(Scale s) {
        yScale = s;
        requestLayout();
    }

    public Scale xScale() {
        return xScale;
    }

    public Scale yScale() {
        return yScale;
    }

    /** The plot as a standalone SVG document (what {@link #saveSvg} writes). */
    public String toSvg() {
        throw new UnsupportedOperationException("not drawn yet");
    }

    /** Writes the plot as it is on screen as a PNG, atomically. FX thread. */
    public void savePng(Path file) throws IOException {
        throw new UnsupportedOperationException("not drawn yet");
    }

    /** Writes {@link #toSvg()} atomically. */
    public void saveSvg(Path file) throws IOException {
        throw new UnsupportedOperationException("not drawn yet");
    }

    /** Writes the series as CSV (one block per series: x, y, yErr), atomically. */
    public void saveCsv(Path file) throws IOException {
        throw new UnsupportedOperationException("not drawn yet");
    }
}
