package org.beamlinestudio.viewer.perspective;

import javafx.scene.Node;

/** One technique's view of one opened file, hosted in the file's tab. */
public interface Perspective {

    /** The perspective's root node. */
    Node node();

    /** Short title for the tab's switcher, e.g. "Tomography". */
    String title();

    /**
     * Stops its background work (previews, estimates) and releases resources. Jobs handed to the shell through
     * {@link PerspectiveContext#jobSubmitted} keep running: the Jobs panel follows them.
     */
    void close();
}
