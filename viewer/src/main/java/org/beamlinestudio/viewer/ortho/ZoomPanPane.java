package org.beamlinestudio.viewer.ortho;

import javafx.scene.Node;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;

/**
 * A clipped viewport that lays out one node at its own size and zooms (about a point) and pans it with transforms,
 * so the node itself never knows it is magnified.
 */
final class ZoomPanPane extends Region {
    static final double MIN_ZOOM = 1;
    static final double MAX_ZOOM = 64;

    private final Node content;
    private final Translate pan = new Translate();
    private final Scale zoom = new Scale(1, 1, 0, 0);

    ZoomPanPane(Node content) {
        this.content = content;
        content.getTransforms().setAll(pan, zoom);
        getChildren().add(content);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        setMinSize(0, 0);
    }

    /** Multiplies the zoom by {@code factor} keeping the point (x, y) of this pane where it is. */
    void zoomAbout(double factor, double x, double y) {
        double old = zoom.getX();
        double next = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, old * factor));
        double f = next / old;
        pan.setX(x - (x - pan.getX()) * f);
        pan.setY(y - (y - pan.getY()) * f);
        zoom.setX(next);
        zoom.setY(next);
        if (next == MIN_ZOOM) {
            reset();
        }
    }

    /** Moves the content by (dx, dy) pane pixels. */
    void panBy(double dx, double dy) {
        pan.setX(pan.getX() + dx);
        pan.setY(pan.getY() + dy);
    }

    /** Back to the whole image fitted in the pane. */
    void reset() {
        zoom.setX(1);
        zoom.setY(1);
        pan.setX(0);
        pan.setY(0);
    }

    double zoomFactor() {
        return zoom.getX();
    }

    @Override
    protected void layoutChildren() {
        content.resizeRelocate(0, 0, getWidth(), getHeight());
    }
}
