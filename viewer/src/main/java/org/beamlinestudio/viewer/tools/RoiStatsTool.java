package org.beamlinestudio.viewer.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Ellipse;
import javafx.scene.shape.Rectangle;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.LatestOnly;

/**
 * A rectangular or elliptical region of interest on an image (with "ROI" on: drag to draw, drag inside to move,
 * drag a corner to resize) and the statistics of the pixels inside — count, mean, standard deviation, min, max,
 * sum, area in pixels and in physical units — updated live as it moves and when the image changes. Statistics are
 * computed on the given executor, latest request wins.
 */
public final class RoiStatsTool extends BorderPane {

    /** A region in a view's image pixel coordinates (x0 ≤ x1, y0 ≤ y1). */
    public record Region(FloatImageView view, RoiStatistics.Shape shape, double x0, double y0, double x1, double y1) {
        boolean contains(Point2D p) {
            return p.getX() >= x0 && p.getX() <= x1 && p.getY() >= y0 && p.getY() <= y1;
        }
    }

    private static final double GRIP_PIXELS = 8;

    private final ToggleButton draw = new ToggleButton("ROI");
    private final ComboBox<RoiStatistics.Shape> shapeChooser = new ComboBox<>();
    private final Button clear = new Button("Clear");
    private final ObjectProperty<RoiStatistics.Shape> shape = new SimpleObjectProperty<>(this, "shape",
            RoiStatistics.Shape.RECTANGLE);
    private final ReadOnlyObjectWrapper<Region> region = new ReadOnlyObjectWrapper<>(this, "region");
    private final ReadOnlyObjectWrapper<RoiStatistics> statistics = new ReadOnlyObjectWrapper<>(this, "statistics");
    private final LatestOnly statisticsRequests;
    private final List<FloatImageView> views = new ArrayList<>();
    private final List<Rectangle> rects = new ArrayList<>();
    private final List<Ellipse> ellipses = new ArrayList<>();
    private final Label count = value("roiCount");
    private final Label mean = value("roiMean");
    private final Label std = value("roiStd");
    private final Label min = value("roiMin");
    private final Label max = value("roiMax");
    private final Label sum = value("roiSum");
    private final Label area = value("roiArea");
    private final Label areaPhysical = value("roiAreaPhysical");
    private double pixelSize = Double.NaN;
    private String units = "";
    private Gesture gesture;

    /** What a drag does: draw from an anchor, move by an offset, or resize with the opposite corner fixed. */
    private record Gesture(boolean move, double ax, double ay, Region at) {
    }

    /** A tool whose statistics run on {@code executor}; {@link #attach} it to views. */
    public RoiStatsTool(Executor executor) {
        this.statisticsRequests = new LatestOnly(executor);
        setId("roiStats");
        draw.setId("roiDraw");
        shapeChooser.setId("roiShape");
        shapeChooser.getItems().addAll(RoiStatistics.Shape.values());
        shapeChooser.valueProperty().bindBidirectional(shape);
        clear.setId("roiClear");
        clear.setOnAction(e -> clearRegion());
        shape.addListener((obs, o, n) -> {
            Region r = region.get();
            if (r != null && n != null && r.shape() != n) {
                setRegion(r.view(), n, r.x0(), r.y0(), r.x1(), r.y1());
            }
        });
        HBox bar = new HBox(8, draw, shapeChooser, clear);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4));
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(3);
        grid.setPadding(new Insets(4, 8, 4, 8));
        grid.addRow(0, name("count"), count, name("min"), min);
        grid.addRow(1, name("mean"), mean, name("max"), max);
        grid.addRow(2, name("std"), std, name("sum"), sum);
        grid.addRow(3, name("area"), area, name(""), areaPhysical);
        for (javafx.scene.control.Control c : new javafx.scene.control.Control[] {draw, clear, shapeChooser}) {
            c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        setTop(bar);
        setCenter(grid);
        show(null);
    }

    private static Label name(String text) {
        Label l = new Label(text);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private static Label value(String id) {
        Label l = new Label("–");
        l.setId(id);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.setPrefWidth(100);
        l.setStyle("-fx-font-family: monospace;");
        return l;
    }

    /** Lets the user draw regions on these views while the tool is on. FX thread. */
    public void attach(FloatImageView... targets) {
        for (FloatImageView v : targets) {
            views.add(v);
            Rectangle r = new Rectangle();
            Ellipse el = new Ellipse();
            for (javafx.scene.shape.Shape s : new javafx.scene.shape.Shape[] {r, el}) {
                s.setFill(Color.color(1, 0.3, 0.8, 0.12));
                s.setStroke(Color.web("#ff4fd8"));
                s.setMouseTransparent(true);
                s.setVisible(false);
                ImagePointer.thinStroke(v, s, 1.5);
            }
            v.overlay().getChildren().addAll(r, el);
            rects.add(r);
            ellipses.add(el);
            ImagePointer.install(v, draw.selectedProperty(), new ImagePointer.Gesture() {
                @Override
                public void pressed(FloatImageView view, Point2D p) {
                    begin(view, p);
                }

                @Override
                public void dragged(FloatImageView view, Point2D p) {
                    drag(view, p);
                }

                @Override
                public void released(FloatImageView view, Point2D p) {
                    gesture = null;
                }
            });
            v.imageProperty().addListener((obs, o, n) -> {
                Region reg = region.get();
                if (reg != null && reg.view() == v) {
                    recompute();
                }
            });
        }
    }

    /** Whether drags on the images draw and edit the ROI (the "ROI" toggle, id {@code roiDraw}). */
    public BooleanProperty activeProperty() {
        return draw.selectedProperty();
    }

    /** The toggle that turns drawing on (for grouping with the other tools). */
    public ToggleButton toggle() {
        return draw;
    }

    /** The shape new and current ROIs have (id {@code roiShape}). */
    public ObjectProperty<RoiStatistics.Shape> roiShapeProperty() {
        return shape;
    }

    /** The ROI, null when none. */
    public ReadOnlyObjectProperty<Region> regionProperty() {
        return region.getReadOnlyProperty();
    }

    /** The statistics of the ROI now, null when none (or not computed yet). */
    public ReadOnlyObjectProperty<RoiStatistics> statisticsProperty() {
        return statistics.getReadOnlyProperty();
    }

    /** The pixel size and units ("µm"): the area is then also given in units². NaN or ≤ 0 turns that off. */
    public void setPixelSize(double size, String unitName) {
        pixelSize = size > 0 ? size : Double.NaN;
        units = unitName == null ? "" : unitName;
        show(statistics.get());
    }

    /** Places the ROI on {@code view} over [x0, x1] × [y0, y1] (image pixel coordinates). FX thread. */
    public void setRegion(FloatImageView view, RoiStatistics.Shape s, double x0, double y0, double x1, double y1) {
        int k = views.indexOf(view);
        if (k < 0) {
            throw new IllegalArgumentException("the ROI tool is not attached to this view");
        }
        Region r = new Region(view, s, Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
        if (shape.get() != s) {
            shape.set(s);
        }
        for (int i = 0; i < views.size(); i++) {
            rects.get(i).setVisible(i == k && s == RoiStatistics.Shape.RECTANGLE);
            ellipses.get(i).setVisible(i == k && s == RoiStatistics.Shape.ELLIPSE);
        }
        Rectangle rect = rects.get(k);
        rect.setX(r.x0());
        rect.setY(r.y0());
        rect.setWidth(r.x1() - r.x0());
        rect.setHeight(r.y1() - r.y0());
        Ellipse el = ellipses.get(k);
        el.setCenterX((r.x0() + r.x1()) / 2);
        el.setCenterY((r.y0() + r.y1()) / 2);
        el.setRadiusX((r.x1() - r.x0()) / 2);
        el.setRadiusY((r.y1() - r.y0()) / 2);
        region.set(r);
        recompute();
    }

    /** Removes the ROI. FX thread. */
    public void clearRegion() {
        statisticsRequests.cancel();
        region.set(null);
        rects.forEach(r -> r.setVisible(false));
        ellipses.forEach(e -> e.setVisible(false));
        statistics.set(null);
        show(null);
    }

    private void begin(FloatImageView view, Point2D p) {
        Region r = region.get();
        double grip = GRIP_PIXELS / ImagePointer.screenScale(view);
        if (r != null && r.view() == view) {
            double[][] corners = {{r.x0(), r.y0(), r.x1(), r.y1()}, {r.x1(), r.y0(), r.x0(), r.y1()},
                {r.x0(), r.y1(), r.x1(), r.y0()}, {r.x1(), r.y1(), r.x0(), r.y0()}};
            for (double[] c : corners) {
                if (Math.abs(p.getX() - c[0]) <= grip && Math.abs(p.getY() - c[1]) <= grip) {
                    gesture = new Gesture(false, c[2], c[3], r); // resize: the opposite corner stays
                    return;
                }
            }
            if (r.contains(p)) {
                gesture = new Gesture(true, p.getX(), p.getY(), r);
                return;
            }
        }
        gesture = new Gesture(false, p.getX(), p.getY(), null);
    }

    private void drag(FloatImageView view, Point2D p) {
        Gesture g = gesture;
        if (g == null) {
            return;
        }
        if (g.move()) {
            double dx = p.getX() - g.ax();
            double dy = p.getY() - g.ay();
            Region r = g.at();
            setRegion(view, r.shape(), r.x0() + dx, r.y0() + dy, r.x1() + dx, r.y1() + dy);
        } else {
            setRegion(view, g.at() == null ? shape.get() : g.at().shape(), g.ax(), g.ay(), p.getX(), p.getY());
        }
    }

    private void recompute() {
        Region r = region.get();
        if (r == null || r.view().data() == null) {
            statisticsRequests.cancel();
            statistics.set(null);
            show(null);
            return;
        }
        float[] data = r.view().data();
        int w = r.view().imageWidth();
        int h = r.view().imageHeight();
        statisticsRequests.submit(() -> RoiStatistics.of(data, w, h, r.shape(), r.x0(), r.y0(), r.x1(), r.y1()), s -> {
            statistics.set(s);
            show(s);
        }, e -> show(null));
    }

    private void show(RoiStatistics s) {
        if (s == null) {
            for (Label l : new Label[] {count, mean, std, min, max, sum, area, areaPhysical}) {
                l.setText("–");
            }
            areaPhysical.setText("");
            return;
        }
        count.setText(Long.toString(s.count()));
        mean.setText(num(s.mean()));
        std.setText(num(s.std()));
        min.setText(num(s.min()));
        max.setText(num(s.max()));
        sum.setText(num(s.sum()));
        area.setText(s.area() + " px");
        areaPhysical.setText(Double.isNaN(pixelSize) ? ""
                : num(s.area() * pixelSize * pixelSize) + " " + (units.isEmpty() ? "units²" : units + "²"));
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.6g", v);
    }
}
