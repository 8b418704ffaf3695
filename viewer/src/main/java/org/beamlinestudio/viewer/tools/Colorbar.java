package org.beamlinestudio.viewer.tools;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.beamlinestudio.viewer.Colormaps;
import org.beamlinestudio.viewer.FloatImageView;

/** A vertical colour bar of the colormap over the window, with the window's ends (and "log" when on a log scale). */
public final class Colorbar extends Region {
    private static final double WIDTH = 74;
    private static final double BAR = 16;

    private final Canvas canvas = new Canvas(WIDTH, 200);
    private final ObjectProperty<FloatImageView.Window> window = new SimpleObjectProperty<>(this, "window");
    private final StringProperty colormap = new SimpleStringProperty(this, "colormap", "gray");
    private final BooleanProperty logScale = new SimpleBooleanProperty(this, "logScale", false);

    /** An empty bar; bind its properties to a view's. */
    public Colorbar() {
        setId("colorbar");
        getChildren().add(canvas);
        setStyle("-fx-background-color: #1e1e1e;");
        setMinWidth(WIDTH);
        setPrefWidth(WIDTH);
        setMaxWidth(WIDTH);
        window.addListener((obs, o, n) -> redraw());
        colormap.addListener((obs, o, n) -> redraw());
        logScale.addListener((obs, o, n) -> redraw());
    }

    /** The window shown at the bar's ends. */
    public ObjectProperty<FloatImageView.Window> windowProperty() {
        return window;
    }

    /** The colormap drawn. */
    public StringProperty colormapProperty() {
        return colormap;
    }

    /** Whether the window is on a log scale. */
    public BooleanProperty logScaleProperty() {
        return logScale;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.max(1, getWidth()));
        canvas.setHeight(Math.max(1, getHeight()));
        redraw();
    }

    private void redraw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        double top = 22;
        double bottom = h - 22;
        if (bottom - top < 10) {
            return;
        }
        int[] table = Colormaps.table(Colormaps.exists(colormap.get()) ? colormap.get() : "gray");
        double x = 8;
        for (int y = (int) top; y < bottom; y++) {
            double t = 1 - (y - top) / (bottom - top);
            int c = table[(int) Math.max(0, Math.min(255, Math.round(t * 255)))];
            g.setFill(Color.rgb((c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF));
            g.fillRect(x, y, BAR, 1);
        }
        g.setStroke(Color.gray(0.7));
        g.setLineWidth(1);
        g.strokeRect(x + 0.5, top + 0.5, BAR - 1, bottom - top - 1);
        FloatImageView.Window win = window.get();
        g.setFill(Color.gray(0.92));
        g.setFont(Font.font(11));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        if (win != null) {
            g.fillText(HistogramPanel.num(sig(win.hi())), 4, top - 10);
            g.fillText(HistogramPanel.num(sig(win.lo())), 4, bottom + 10);
        }
        if (logScale.get()) {
            g.fillText("log", x + BAR + 4, (top + bottom) / 2);
        }
    }

    private static double sig(double v) {
        return v == 0 || !Double.isFinite(v) ? v
                : new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }
}
