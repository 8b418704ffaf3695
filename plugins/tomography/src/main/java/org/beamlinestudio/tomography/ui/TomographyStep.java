package org.beamlinestudio.tomography.ui;

import javafx.scene.Node;

/**
 * One step of the tomography perspective (Data, Preprocess, Center, Reconstruct, Export). Each step is built
 * with the shared {@link TomographySession}; the perspective shows one step at a time.
 */
public interface TomographyStep {

    /** The step's name in the step bar, e.g. "Center". */
    String title();

    /** The step's content. */
    Node node();

    /** Called on the FX thread each time the step is shown (e.g. the Center step starts its estimate). */
    default void activated() {
    }

    /** Stops the step's background work; called once when the perspective closes. */
    default void close() {
    }
}
