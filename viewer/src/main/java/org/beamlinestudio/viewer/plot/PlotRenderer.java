package org.beamlinestudio.viewer.plot;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.paint.Color;
import org.beamlinestudio.viewer.plot.PlotPainter.Align;
import org.beamlinestudio.viewer.plot.PlotView.Scale;
import org.beamlinestudio.viewer.plot.PlotView.Series;
import org.beamlinestudio.viewer.plot.PlotView.Style;

/** Lays out and draws one plot (frame, ticks, labels, series, legend) onto a {@link PlotPainter}. */
final class PlotRenderer {

    /** Okabe & Ito's colour-blind-safe palette (yellow last: it is faint on white). */
    static final List<Color> PALETTE = List.of(Color.web("#0072B2"), Color.web("#D55E00"), Color.web("#009E73"),
            Color.web("#CC79A7"), Color.web("#E69F00"), Color.web("#56B4E9"), Color.web("#000000"),
            Color.web("#F0E442"));

    static final double POINT_RADIUS = 3;
    static final double CAP_HALF_WIDTH = 3;
    private static final double TICK_FONT = 11;
    private static final double LABEL_FONT = 12;
    private static final double TITLE_FONT = 13;
    private static final Color GRID = Color.web("#e8e8e8");
    private static final Color INK = Color.web("#202020");

    /** One axis: a data range, its scale and the pixel span it maps onto (p0 is the data lo end). */
    record Axis(Scale scale, double lo, double hi, double p0, double p1) {
        double toPixel(double v) {
            if (scale == Scale.LOG) {
                if (!(v > 0)) {
                    return Double.NaN;
                }
                return p0 + (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * (p1 - p0);
            }
            return p0 + (v - lo) / (hi - lo) * (p1 - p0);
        }

        double fromPixel(double p) {
            double t = (p - p0) / (p1 - p0);
            if (scale == Scale.LOG) {
                return Math.pow(10, Math.log10(lo) + t * (Math.log10(hi) - Math.log10(lo)));
            }
            return lo + t * (hi - lo);
        }

        double[] majorTicks() {
            return scale == Scale.LOG ? AxisTicks.logMajor(lo, hi) : AxisTicks.linear(lo, hi);
        }

        double[] minorTicks() {
            return scale == Scale.LOG ? AxisTicks.logMinor(lo, hi) : new double[0];
        }

        String label(double v) {
            return scale == Scale.LOG ? AxisTicks.logLabel(v) : AxisTicks.linearLabel(v, AxisTicks.niceStep(hi - lo, 5));
        }
    }

    /** The axes and the plot area for a given canvas size. */
    record Layout(Axis x, Axis y, double left, double top, double right, double bottom) {
    }

    private final List<Series> series;
    private final List<Color> colors;
    private final String title;
    private final String xLabel;
    private final String yLabel;

    PlotRenderer(List<Series> series, String title, String xLabel, String yLabel) {
        this.series = series;
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        List<Color> c = new ArrayList<>();
        int next = 0;
        for (Series s : series) {
            c.add(s.color() != null ? s.color() : PALETTE.get(next++ % PALETTE.size()));
        }
        this.colors = c;
    }

    /** The colour each series is drawn in. */
    List<Color> colors() {
        return colors;
    }

    /** The axes for a {@code w}×{@code h} canvas; a null view range means autorange. */
    Layout layout(double w, double h, Scale xScale, Scale yScale, double[] xView, double[] yView) {
        double left = 68;
        double right = w - 16;
        double top = title.isEmpty() ? 14 : 32;
        double bottom = h - (xLabel.isEmpty() ? 30 : 46);
        double[] xr = xView != null ? xView : autorange(true, xScale == Scale.LOG);
        double[] yr = yView != null ? yView : autorange(false, yScale == Scale.LOG);
        return new Layout(new Axis(xScale, xr[0], xr[1], left, right), new Axis(yScale, yr[0], yr[1], bottom, top),
                left, top, right, bottom);
    }

    private double[] autorange(boolean isX, boolean log) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[] v = isX ? s.x() : s.y();
            for (int i = 0; i < v.length; i++) {
                double lo = v[i];
                double hi = v[i];
                if (!isX && s.yErr() != null && Double.isFinite(s.yErr()[i])) {
                    lo = v[i] - s.yErr()[i];
                    hi = v[i] + s.yErr()[i];
                    if (log && !(lo > 0)) {
                        lo = v[i];
                    }
                }
                if (Double.isFinite(lo) && (!log || lo > 0)) {
                    min = Math.min(min, lo);
                }
                if (Double.isFinite(hi) && (!log || hi > 0)) {
                    max = Math.max(max, hi);
                }
            }
        }
        return AxisTicks.autorange(min, max, log);
    }

    /** Draws everything onto {@code p} with layout {@code l} in a {@code w}×{@code h} picture. */
    void draw(PlotPainter p, Layout l, double w, double h) {
        p.rect(0, 0, w, h, Color.WHITE, null);
        Axis x = l.x();
        Axis y = l.y();
        double[] xt = x.majorTicks();
        double[] yt = y.majorTicks();
        for (double t : xt) {
            double px = x.toPixel(t);
            p.line(px, l.top(), px, l.bottom(), GRID, 1, "grid");
        }
        for (double t : yt) {
            double py = y.toPixel(t);
            p.line(l.left(), py, l.right(), py, GRID, 1, "grid");
        }
        for (double t : x.minorTicks()) {
            double px = x.toPixel(t);
            p.line(px, l.bottom(), px, l.bottom() + 3, INK, 1, "tick-minor");
        }
        for (double t : y.minorTicks()) {
            double py = y.toPixel(t);
            p.line(l.left() - 3, py, l.left(), py, INK, 1, "tick-minor");
        }
        for (double t : xt) {
            double px = x.toPixel(t);
            p.line(px, l.bottom(), px, l.bottom() + 6, INK, 1, "tick");
            p.text(x.label(t), px, l.bottom() + 15, TICK_FONT, Align.CENTER, false, false, INK);
        }
        for (double t : yt) {
            double py = y.toPixel(t);
            p.line(l.left() - 6, py, l.left(), py, INK, 1, "tick");
            p.text(y.label(t), l.left() - 9, py, TICK_FONT, Align.RIGHT, false, false, INK);
        }
        p.clip(l.left(), l.top(), l.right() - l.left(), l.bottom() - l.top());
        for (int k = 0; k < series.size(); k++) {
            drawSeries(p, series.get(k), colors.get(k), x, y, l);
        }
        p.unclip();
        p.rect(l.left(), l.top(), l.right() - l.left(), l.bottom() - l.top(), null, INK);
        if (!title.isEmpty()) {
            p.text(title, (l.left() + l.right()) / 2, 16, TITLE_FONT, Align.CENTER, true, false, INK);
        }
        if (!xLabel.isEmpty()) {
            p.text(xLabel, (l.left() + l.right()) / 2, h - 12, LABEL_FONT, Align.CENTER, false, false, INK);
        }
        if (!yLabel.isEmpty()) {
            p.text(yLabel, 14, (l.top() + l.bottom()) / 2, LABEL_FONT, Align.CENTER, false, true, INK);
        }
        drawLegend(p, l);
    }

    private void drawSeries(PlotPainter p, Series s, Color c, Axis x, Axis y, Layout l) {
        boolean line = s.style() != Style.POINTS;
        boolean points = s.style() != Style.LINE;
        if (line) {
            List<double[]> segments = new ArrayList<>();
            List<Double> cur = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                double px = x.toPixel(s.x()[i]);
                double py = y.toPixel(s.y()[i]);
                if (Double.isFinite(px) && Double.isFinite(py)) {
                    cur.add(px);
                    cur.add(py);
                } else {
                    flush(cur, segments);
                }
            }
            flush(cur, segments);
            p.polyline(segments, c, 1.6, "series-line");
        }
        if (!points) {
            return;
        }
        for (int i = 0; i < s.x().length; i++) {
            double px = x.toPixel(s.x()[i]);
            double py = y.toPixel(s.y()[i]);
            if (!Double.isFinite(px) || !Double.isFinite(py)) {
                continue;
            }
            if (s.yErr() != null && Double.isFinite(s.yErr()[i]) && s.yErr()[i] > 0) {
                double e = s.yErr()[i];
                double top = y.toPixel(s.y()[i] + e);
                double lowValue = s.y()[i] - e;
                // On a log axis a bar reaching zero or below runs to the bottom of the plot.
                double bottom = y.scale() == Scale.LOG && !(lowValue > 0) ? l.bottom() + 2 : y.toPixel(lowValue);
                p.line(px, top, px, bottom, c, 1, "errbar");
                p.line(px - CAP_HALF_WIDTH, top, px + CAP_HALF_WIDTH, top, c, 1, "errcap");
                if (!(y.scale() == Scale.LOG && !(lowValue > 0))) {
                    p.line(px - CAP_HALF_WIDTH, bottom, px + CAP_HALF_WIDTH, bottom, c, 1, "errcap");
                }
            }
            p.circle(px, py, POINT_RADIUS, c, "series-point");
        }
    }

    private static void flush(List<Double> cur, List<double[]> segments) {
        if (cur.size() >= 4) {
            segments.add(cur.stream().mapToDouble(Double::doubleValue).toArray());
        }
        cur.clear();
    }

    private void drawLegend(PlotPainter p, Layout l) {
        if (series.isEmpty()) {
            return;
        }
        double row = 16;
        double textW = 0;
        for (Series s : series) {
            textW = Math.max(textW, PlotPainter.textWidth(s.name(), TICK_FONT, false));
        }
        double w = 8 + 22 + 6 + textW + 8;
        double h = 6 + row * series.size() + 2;
        double x0 = l.right() - 8 - w;
        double y0 = l.top() + 8;
        p.rect(x0, y0, w, h, Color.color(1, 1, 1, 0.9), Color.web("#b0b0b0"));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            Color c = colors.get(k);
            double cy = y0 + 4 + row * k + row / 2;
            double sx = x0 + 8;
            if (s.style() != Style.POINTS) {
                p.line(sx, cy, sx + 22, cy, c, 1.6, "legend-line");
            }
            if (s.style() != Style.LINE) {
                p.circle(sx + 11, cy, POINT_RADIUS, c, "legend-point");
            }
            p.text(s.name(), sx + 28, cy, TICK_FONT, Align.LEFT, false, false, INK);
        }
    }
}
