package org.beamlinestudio.app;

import javafx.application.Platform;

/** Runs on the JavaFX thread: now when already there, else later. */
final class FxThread {

    private FxThread() {
    }

    /** Runs {@code r} on the FX thread. */
    static void run(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }
}
