package org.beamlinestudio.app;

import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last line of defence: any exception nobody caught is logged and shown, never fatal. */
public final class ErrorReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);

    private ErrorReporter() {
    }

    /** Installs the default uncaught-exception handler; {@code show} runs on the FX thread. */
    public static void install(Consumer<String> show) {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            LOG.error("unexpected error on thread {}", thread.getName(), e);
            String text = "Unexpected error: " + (e.getMessage() == null ? e.toString() : e.getMessage())
                    + " (details in the log)";
            try {
                if (Platform.isFxApplicationThread()) {
                    show.accept(text);
                } else {
                    Platform.runLater(() -> show.accept(text));
                }
            } catch (RuntimeException showing) {
                LOG.error("could not show the error", showing);
            }
        });
    }
}
