package org.beamlinestudio.viewer.plot;

import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/** Paints plot primitives on a JavaFX canvas. */
final class CanvasPainter implements PlotPainter {
    private final GraphicsContext gc;

    CanvasPainter(GraphicsContext gc) {
        this.gc = gc;
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Color color, double width, String cssClass) {
        gc.setStroke(color);
        gc.setLineWidth(width);
        gc.strokeLine(x1, y1, x2, y2);
    }

    @Override
    public void polyline(List<double[]> segments, Color color, double width, String cssClass) {
        gc.setStroke(color);
        gc.setLineWidth(width);
        for (double[] s : segments) {
            gc.beginPath();
            gc.moveTo(s[0], s[1]);
            for (int i = 2; i + 1 < s.length; i += 2) {
                gc.lineTo(s[i], s[i + 1]);
            }
            gc.stroke();
        }
    }

    @Override
    public void circle(double cx, double cy, double r, Color fill, String cssClass) {
        gc.setFill(fill);
        gc.fillOval(cx - r, cy - r, 2 * r, 2 * r);
    }

    @Override
    public void rect(double x, double y, double w, double h, Color fill, Color stroke) {
        if (fill != null) {
            gc.setFill(fill);
            gc.fillRect(x, y, w, h);
        }
        if (stroke != null) {
            gc.setStroke(stroke);
            gc.setLineWidth(1);
            gc.strokeRect(x, y, w, h);
        }
    }

    @Override
    public void text(String s, double x, double y, double size, Align align, boolean bold, boolean vertical,
            Color color) {
        gc.save();
        gc.setFill(color);
        gc.setFont(Font.font("System", bold ? FontWeight.BOLD : FontWeight.NORMAL, size));
        gc.setTextBaseline(VPos.CENTER);
        gc.setTextAlign(align == Align.LEFT ? TextAlignment.LEFT
                : align == Align.RIGHT ? TextAlignment.RIGHT : TextAlignment.CENTER);
        gc.translate(x, y);
        if (vertical) {
            gc.rotate(-90);
        }
        gc.fillText(s, 0, 0);
        gc.restore();
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        gc.save();
        gc.beginPath();
        gc.rect(x, y, w, h);
        gc.closePath();
        gc.clip();
    }

    @Override
    public void unclip() {
        gc.restore();
    }
}
