package org.beamlinestudio.viewer.plot;

import java.util.List;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/** The drawing primitives a plot is made of, so that the canvas and the SVG export draw the same picture. */
interface PlotPainter {

    /** Horizontal text anchor. */
    enum Align { LEFT, CENTER, RIGHT }

    void line(double x1, double y1, double x2, double y2, Color color, double width, String cssClass);

    /** One connected line per segment; each segment is {x0, y0, x1, y1, …}. */
    void polyline(List<double[]> segments, Color color, double width, String cssClass);

    void circle(double cx, double cy, double r, Color fill, String cssClass);

    void rect(double x, double y, double w, double h, Color fill, Color stroke);

    /** Text vertically centred on y; {@code vertical} rotates it by −90° about (x, y). */
    void text(String s, double x, double y, double size, Align align, boolean bold, boolean vertical, Color color);

    /** Clips the drawing that follows to a rectangle, until {@link #unclip()}. */
    void clip(double x, double y, double w, double h);

    void unclip();

    /** The width of {@code s} at {@code size} (same measure for canvas and SVG). */
    static double textWidth(String s, double size, boolean bold) {
        Text t = new Text(s);
        t.setFont(Font.font("System", bold ? FontWeight.BOLD : FontWeight.NORMAL, size));
        return t.getLayoutBounds().getWidth();
    }
}
