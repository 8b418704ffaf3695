package org.beamlinestudio.viewer.tools;

import java.util.function.BiConsumer;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.shape.Shape;
import org.beamlinestudio.viewer.FloatImageView;

/**
 * Routes primary-button presses, drags and releases on an image view to a drawing tool while the tool is active,
 * in image pixel coordinates, and keeps them from the view's own handlers (the orthogonal view's crosshair).
 * Shift and the middle button still pan.
 */
final class ImagePointer {
    /** What a tool does with a gesture, in image pixel coordinates. */
    interface Gesture {
        void pressed(FloatImageView view, Point2D p);

        void dragged(FloatImageView view, Point2D p);

        void released(FloatImageView view, Point2D p);
    }

    private ImagePointer() {
    }

    static void install(FloatImageView view, ObservableBooleanValue active, Gesture gesture) {
        BiConsumer<MouseEvent, Integer> route = (e, kind) -> {
            if (!active.get() || view.data() == null || e.isShiftDown()) {
                return;
            }
            boolean primary = kind == 1 ? e.isPrimaryButtonDown() : e.getButton() == MouseButton.PRIMARY;
            if (!primary) {
                return;
            }
            Point2D p = view.overlay().sceneToLocal(e.getSceneX(), e.getSceneY());
            if (p == null) {
                return;
            }
            switch (kind) {
                case 0 -> gesture.pressed(view, p);
                case 1 -> gesture.dragged(view, p);
                default -> gesture.released(view, p);
            }
            e.consume();
        };
        view.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> route.accept(e, 0));
        view.addEventFilter(MouseEvent.MOUSE_DRAGGED, e -> route.accept(e, 1));
        view.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> route.accept(e, 2));
    }

    /** Screen pixels per image pixel of a view (1 before it is laid out). */
    static double screenScale(FloatImageView view) {
        double s = view.overlay().getLocalToSceneTransform().getMxx();
        return s > 0 && Double.isFinite(s) ? s : 1;
    }

    /** Keeps an overlay shape's stroke about {@code pixels} screen pixels wide at any zoom. */
    static void thinStroke(FloatImageView view, Shape shape, double pixels) {
        Runnable update = () -> shape.setStrokeWidth(pixels / screenScale(view));
        view.overlay().localToSceneTransformProperty().addListener((obs, o, n) -> update.run());
        update.run();
    }
}
