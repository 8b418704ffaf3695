package org.beamlinestudio.tomography.ui;

import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.beamlinestudio.core.stage.Cancellation;

/**
 * One kind of Center-step computation (preview, overlay, gallery...) where only the latest request matters: a new
 * request cancels the one in flight, at most one runs at a time (a request made meanwhile waits, replacing any
 * older waiting one), and results of cancelled requests are dropped. Used on the FX thread only; the work runs on
 * the given executor and its result is delivered on the FX thread.
 */
final class CenterLatestWins {

    /** Work that checks its cancellation and returns a result. */
    @FunctionalInterface
    interface Work<T> {
        T run(Cancellation cancel) throws Exception;
    }

    private final Executor executor;
    private final Consumer<Throwable> onError;
    private Cancellation inFlight;
    private Runnable waiting;
    private boolean running;

    CenterLatestWins(Executor executor, Consumer<Throwable> onError) {
        this.executor = executor;
        this.onError = onError;
    }

    /** Asks for {@code work}, cancelling the one in flight; {@code onResult} gets its result on the FX thread. */
    <T> void submit(Work<T> work, Consumer<T> onResult) {
        cancel();
        queue(work, onResult);
    }

    /**
     * Asks for {@code work} after the one in flight, which still finishes and is shown (while a slider is dragged
     * each preview would otherwise be cancelled by the next before it is ever seen); replaces any waiting request.
     */
    <T> void submitAfterCurrent(Work<T> work, Consumer<T> onResult) {
        waiting = null;
        queue(work, onResult);
    }

    private <T> void queue(Work<T> work, Consumer<T> onResult) {
        Cancellation cancel = new Cancellation();
        Runnable start = () -> start(work, onResult, cancel);
        if (running) {
            waiting = start;
        } else {
            start.run();
        }
    }

    /** Cancels the request in flight and drops the waiting one. */
    void cancel() {
        if (inFlight != null) {
            inFlight.cancel();
        }
        waiting = null;
    }

    /** Whether a request is running or waiting. */
    boolean busy() {
        return running || waiting != null;
    }

    private <T> void start(Work<T> work, Consumer<T> onResult, Cancellation cancel) {
        running = true;
        inFlight = cancel;
        executor.execute(() -> {
            T result = null;
            Throwable error = null;
            try {
                result = work.run(cancel);
            } catch (Cancellation.CancelledException e) {
                // a newer request replaced it: nothing to show
            } catch (Throwable e) {
                error = e;
            }
            T r = result;
            Throwable err = error;
            Platform.runLater(() -> {
                running = false;
                if (!cancel.isCancelled()) {
                    if (err != null) {
                        onError.accept(err);
                    } else if (r != null) {
                        onResult.accept(r);
                    }
                }
                Runnable next = waiting;
                waiting = null;
                if (next != null) {
                    next.run();
                }
            });
        });
    }
}
