package org.beamlinestudio.core.stage;

import java.util.concurrent.atomic.AtomicBoolean;

/** A flag long work checks between chunks. Thread-safe. */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** Asks the work to stop at its next check. */
    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws {@link CancelledException} when cancellation was asked for. */
    public void check() throws CancelledException {
        if (cancelled.get()) {
            throw new CancelledException();
        }
    }

    /** Thrown by {@link #check()}; work unwinds and leaves no partial output under a final name. */
    public static final class CancelledException extends Exception {
        private static final long serialVersionUID = 1L;

        public CancelledException() {
            super("cancelled by the user");
        }
    }
}
