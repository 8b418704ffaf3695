package org.beamlinestudio.viewer.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.stage.FileChooser;
import org.beamlinestudio.core.pipeline.AtomicFiles;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.plot.PlotView;

/**
 * A line drawn on an image (drag with "Line" on) and the profile of the values along it, sampled bilinearly once
 * per pixel length, in a plot against distance (physical when the pixel size is known); follows the image when it
 * changes (another slice); exports CSV. Works on one or more views (the last one drawn on is profiled).
 */
public final class LineProfileTool extends BorderPane {

    /** A line in a view's image pixel coordinates. */
    public record Segment(FloatImageView view, double x0, double y0, double x1, double y1) {
    }

    private final ToggleButton draw = new ToggleButton("Line");
    private final Button csv = new Button("CSV…");
    private final Label info = new Label("Turn on “Line” and drag on the image");
    private final PlotView plot = new PlotView();
    private final ReadOnlyObjectWrapper<LineProfile> profile = new ReadOnlyObjectWrapper<>(this, "profile");
    private final ReadOnlyObjectWrapper<Segment> segment = new ReadOnlyObjectWrapper<>(this, "segment");
    private final List<FloatImageView> views = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();
    private double pixelSize = Double.NaN;
    private String units = "";
    private Point2D start;

    /** An empty tool; {@link #attach} it to views. */
    public LineProfileTool() {
        setId("lineProfile");
        draw.setId("lineProfileDraw");
        csv.setId("lineProfileCsv");
        csv.setDisable(true);
        csv.setOnAction(e -> chooseCsv());
        info.setId("lineProfileInfo");
        info.setStyle("-fx-font-size: 11px;");
        plot.setId("lineProfilePlot");
        plot.setYLabel("value");
        plot.setXLabel("distance (px)");
        plot.setMinSize(100, 80);
        plot.setPrefSize(420, 180);
        draw.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        csv.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, draw, csv, info);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4));
        setTop(bar);
        setCenter(plot);
    }

    /** Lets the user draw on these views while the tool is on. FX thread. */
    public void attach(FloatImageView... targets) {
        for (FloatImageView v : targets) {
            views.add(v);
            Line line = new Line();
            line.setStroke(Color.web("#00e5ff"));
            line.setMouseTransparent(true);
            line.setVisible(false);
            ImagePointer.thinStroke(v, line, 1.5);
            v.overlay().getChildren().add(line);
            lines.add(line);
            ImagePointer.install(v, draw.selectedProperty(), new ImagePointer.Gesture() {
                @Override
                public void pressed(FloatImageView view, Point2D p) {
                    start = p;
                }

                @Override
                public void dragged(FloatImageView view, Point2D p) {
                    if (start != null) {
                        setLine(view, start.getX(), start.getY(), p.getX(), p.getY());
                    }
                }

                @Override
                public void released(FloatImageView view, Point2D p) {
                    start = null;
                }
            });
            v.imageProperty().addListener((obs, o, n) -> {
                Segment s = segment.get();
                if (s != null && s.view() == v) {
                    update();
                }
            });
        }
    }

    /** Whether drags on the images draw a line (the "Line" toggle, id {@code lineProfileDraw}). */
    public BooleanProperty activeProperty() {
        return draw.selectedProperty();
    }

    /** The toggle that turns drawing on (for grouping with the other tools). */
    public ToggleButton toggle() {
        return draw;
    }

    /** Sets the line on {@code view} (image pixel coordinates) and profiles it. FX thread. */
    public void setLine(FloatImageView view, double x0, double y0, double x1, double y1) {
        int k = views.indexOf(view);
        if (k < 0) {
            throw new IllegalArgumentException("the line profile is not attached to this view");
        }
        for (int i = 0; i < lines.size(); i++) {
            lines.get(i).setVisible(i == k);
        }
        Line l = lines.get(k);
        l.setStartX(x0);
        l.setStartY(y0);
        l.setEndX(x1);
        l.setEndY(y1);
        segment.set(new Segment(view, x0, y0, x1, y1));
        update();
    }

    /** The pixel size and units ("µm"): distances are then physical. NaN or ≤ 0 turns that off. */
    public void setPixelSize(double size, String unitName) {
        pixelSize = size > 0 ? size : Double.NaN;
        units = unitName == null ? "" : unitName;
        update();
    }

    /** The profile shown, null when none. */
    public ReadOnlyObjectProperty<LineProfile> profileProperty() {
        return profile.getReadOnlyProperty();
    }

    /** The line drawn, null when none. */
    public ReadOnlyObjectProperty<Segment> segmentProperty() {
        return segment.getReadOnlyProperty();
    }

    /** The plot of the profile. */
    public PlotView plot() {
        return plot;
    }

    /**
     * Writes the profile as CSV atomically: {@code index,distance_px,[distance_UNITS,]value}, one row per sample.
     */
    public void saveCsv(Path file) throws IOException {
        LineProfile p = profile.get();
        if (p == null) {
            throw new IOException("no line profile to export to " + file + ": draw a line on the image first");
        }
        boolean physical = !Double.isNaN(pixelSize);
        StringBuilder b = new StringBuilder("index,distance_px,");
        if (physical) {
            b.append("distance_").append(units.isEmpty() ? "physical" : units.replace(',', ' ')).append(',');
        }
        b.append("value\n");
        for (int i = 0; i < p.values().length; i++) {
            b.append(i).append(',').append(p.distance()[i]).append(',');
            if (physical) {
                b.append(p.distance()[i] * pixelSize).append(',');
            }
            b.append(Double.isNaN(p.values()[i]) ? "NaN" : Double.toString(p.values()[i])).append('\n');
        }
        AtomicFiles.writeString(file, b.toString());
    }

    private void update() {
        Segment s = segment.get();
        if (s == null || s.view().data() == null) {
            profile.set(null);
            plot.setSeries(List.of());
            csv.setDisable(true);
            return;
        }
        FloatImageView v = s.view();
        LineProfile p = LineProfile.sample(v.data(), v.imageWidth(), v.imageHeight(), s.x0(), s.y0(), s.x1(), s.y1());
        profile.set(p);
        boolean physical = !Double.isNaN(pixelSize);
        double[] x = p.distance().clone();
        if (physical) {
            for (int i = 0; i < x.length; i++) {
                x[i] *= pixelSize;
            }
        }
        plot.setXLabel(physical ? "distance (" + (units.isEmpty() ? "physical" : units) + ")" : "distance (px)");
        plot.setSeries(List.of(PlotView.Series.line("profile", x, p.values())));
        double length = Math.hypot(s.x1() - s.x0(), s.y1() - s.y0());
        info.setText(String.format(Locale.ROOT, "(%.1f, %.1f) → (%.1f, %.1f), %.1f px%s, %d samples", s.x0(), s.y0(),
                s.x1(), s.y1(), length, physical ? String.format(Locale.ROOT, " = %.4g %s", length * pixelSize, units)
                        : "", p.values().length));
        csv.setDisable(false);
    }

    private void chooseCsv() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the line profile as CSV");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        fc.setInitialFileName("profile.csv");
        java.io.File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f == null) {
            return;
        }
        try {
            saveCsv(f.toPath());
            info.setText("Saved " + f);
        } catch (IOException ex) {
            info.setText("Cannot write " + f + ": " + ex.getMessage());
        }
    }
}
