package org.beamlinestudio.tomography.ui;

import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.VBox;
import org.beamlinestudio.tomography.center.SweepResult;
import org.beamlinestudio.viewer.SliceRendering;

/**
 * One candidate of the Center step's gallery: its slice (in the gallery's common grey window) over exactly the
 * center it was reconstructed with and its entropy score; the best-scoring tile is framed.
 */
final class CenterTile extends VBox {

    /** Edge of the tile's image on screen, in pixels. */
    static final double EDGE = 120;

    private final double center;
    private final boolean best;

    CenterTile(SweepResult result, boolean best, double lo, double hi) {
        super(2);
        this.center = result.center();
        int n = result.size();
        WritableImage img = new WritableImage(n, n);
        img.getPixelWriter().setPixels(0, 0, n, n, PixelFormat.getIntArgbInstance(),
                SliceRendering.toArgb(result.slice(), lo, hi), 0, n);
        ImageView view = new ImageView(img);
        view.setFitWidth(EDGE);
        view.setFitHeight(EDGE);
        view.setSmooth(true);
        Label centerLabel = new Label(label(result.center()));
        centerLabel.setId("candidateCenter");
        centerLabel.setStyle("-fx-font-size: 13px; -fx-font-weight: bold;");
        Label scoreLabel = new Label(String.format(Locale.ROOT, "entropy %.3f%s", result.score(), best ? " ★ best" : ""));
        scoreLabel.setId("candidateScore");
        scoreLabel.setStyle("-fx-font-size: 11px;");
        getChildren().addAll(view, centerLabel, scoreLabel);
        setAlignment(Pos.CENTER);
        setUserData(result.center());
        this.best = best;
        setChosen(false);
        setCursor(javafx.scene.Cursor.HAND);
    }

    /** Exactly the center used, to 0.01 px (candidates lie on the 0.25 px grid). */
    static String label(double center) {
        return String.format(Locale.ROOT, "%.2f", center);
    }

    /** Frames the tile in blue when its center is the one chosen now (the best one keeps its orange fill). */
    void setChosen(boolean chosen) {
        String border = chosen ? "-fx-border-color: #1565c0; -fx-border-width: 3; -fx-padding: 2;"
                : best ? "-fx-border-color: #ff9800; -fx-border-width: 3; -fx-padding: 2;"
                : "-fx-border-color: #bdbdbd; -fx-border-width: 1; -fx-padding: 4;";
        setStyle(border + (best ? " -fx-background-color: #fff3e0;" : ""));
    }

    /** The center this tile was reconstructed with. */
    double center() {
        return center;
    }
}
