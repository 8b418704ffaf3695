package org.beamlinestudio.viewer.volume;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.beamlinestudio.core.render.OpacityPoint;
import org.beamlinestudio.core.render.TransferFunction;
import org.beamlinestudio.core.render.VolumeHistogram;

/**
 * The transfer function over the histogram: grey bars (log counts) of the window's values, the
 * colour ramp as a strip along the bottom, and the opacity ramp as a line through draggable points.
 * Drag a point to move it; click empty space to add one; right-click a point to remove it (two
 * always remain). Edits set {@link #transferFunctionProperty()}.
 */
public final class TransferFunctionEditor extends Region {

    /** Pixels from a point within which a press grabs it. */
    static final double GRAB_RADIUS = 7;
    private static final double STRIP = 10;
    private static final double PAD = 6;

    private final Canvas canvas = new Canvas();
    private final ObjectProperty<TransferFunction> transfer = new SimpleObjectProperty<>(this, "transferFunction");
    private final ObjectProperty<VolumeHistogram> histogram = new SimpleObjectProperty<>(this, "histogram");
    private int dragging = -1;

    /** An editor with nothing to show until a transfer function is set. */
    public TransferFunctionEditor() {
        getChildren().add(canvas);
        setMinSize(120, 80);
        setPrefSize(240, 120);
        transfer.addListener((o, a, b) -> draw());
        histogram.addListener((o, a, b) -> draw());
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> dragging = -1);
    }

    /** The edited transfer function. */
    public ObjectProperty<TransferFunction> transferFunctionProperty() {
        return transfer;
    }

    /** The histogram drawn behind the ramp (over the transfer function's window). */
    public ObjectProperty<VolumeHistogram> histogramProperty() {
        return histogram;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.max(1, getWidth()));
        canvas.setHeight(Math.max(1, getHeight()));
        draw();
    }

    private double plotWidth() {
        return Math.max(1, canvas.getWidth() - 2 * PAD);
    }

    private double plotHeight() {
        return Math.max(1, canvas.getHeight() - 2 * PAD - STRIP);
    }

    /** Canvas x of window position t. */
    double xOf(double t) {
        return PAD + t * plotWidth();
    }

    /** Canvas y of opacity a. */
    double yOf(double a) {
        return PAD + (1 - a) * plotHeight();
    }

    private double tAt(double x) {
        return clamp((x - PAD) / plotWidth());
    }

    private double aAt(double y) {
        return clamp(1 - (y - PAD) / plotHeight());
    }

    private static double clamp(double v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    private int pointNear(double x, double y) {
        TransferFunction tf = transfer.get();
        if (tf == null) {
            return -1;
        }
        List<OpacityPoint> pts = tf.points();
        for (int i = 0; i < pts.size(); i++) {
            if (Math.hypot(xOf(pts.get(i).position()) - x, yOf(pts.get(i).opacity()) - y) <= GRAB_RADIUS) {
                return i;
            }
        }
        return -1;
    }

    private void pressed(MouseEvent e) {
        TransferFunction tf = transfer.get();
        if (tf == null) {
            return;
        }
        int i = pointNear(e.getX(), e.getY());
        List<OpacityPoint> pts = new ArrayList<>(tf.points());
        if (e.getButton() == MouseButton.SECONDARY) {
            if (i >= 0 && pts.size() > 2) {
                pts.remove(i);
                transfer.set(tf.withPoints(pts));
            }
            return;
        }
        if (i < 0) {
            OpacityPoint p = new OpacityPoint(tAt(e.getX()), aAt(e.getY()));
            pts.add(p);
            TransferFunction added = tf.withPoints(pts);
            transfer.set(added);
            i = added.points().indexOf(p);
        }
        dragging = i;
        e.consume();
    }

    private void dragged(MouseEvent e) {
        TransferFunction tf = transfer.get();
        if (tf == null || dragging < 0 || dragging >= tf.points().size()) {
            return;
        }
        List<OpacityPoint> pts = new ArrayList<>(tf.points());
        // A point stays between its neighbours, so dragging never reorders the ramp under the mouse.
        double lo = dragging > 0 ? pts.get(dragging - 1).position() : 0;
        double hi = dragging < pts.size() - 1 ? pts.get(dragging + 1).position() : 1;
        double t = Math.max(lo, Math.min(hi, tAt(e.getX())));
        pts.set(dragging, new OpacityPoint(t, aAt(e.getY())));
        transfer.set(tf.withPoints(pts));
        e.consume();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.web("#202428"));
        g.fillRect(0, 0, w, h);
        TransferFunction tf = transfer.get();
        if (tf == null) {
            return;
        }
        VolumeHistogram hist = histogram.get();
        if (hist != null && hist.maxCount() > 0) {
            long[] c = hist.counts();
            double logMax = Math.log1p(hist.maxCount());
            double bw = plotWidth() / c.length;
            g.setFill(Color.web("#5f6b75"));
            for (int b = 0; b < c.length; b++) {
                double bh = Math.log1p(c[b]) / logMax * plotHeight();
                g.fillRect(PAD + b * bw, PAD + plotHeight() - bh, Math.max(1, bw), bh);
            }
        }
        int[] colors = tf.colors();
        double stripY = PAD + plotHeight() + 2;
        for (int px = 0; px < (int) plotWidth(); px++) {
            int argb = colors[(int) Math.round(px / Math.max(1, plotWidth() - 1) * 255)];
            g.setFill(Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF));
            g.fillRect(PAD + px, stripY, 1, STRIP - 2);
        }
        List<OpacityPoint> pts = tf.points();
        g.setStroke(Color.web("#ffca28"));
        g.setLineWidth(1.5);
        g.beginPath();
        g.moveTo(xOf(0), yOf(tf.opacityAt(0)));
        for (OpacityPoint p : pts) {
            g.lineTo(xOf(p.position()), yOf(p.opacity()));
        }
        g.lineTo(xOf(1), yOf(tf.opacityAt(1)));
        g.stroke();
        g.setFill(Color.WHITE);
        for (OpacityPoint p : pts) {
            g.fillOval(xOf(p.position()) - 4, yOf(p.opacity()) - 4, 8, 8);
        }
    }
}
