package org.beamlinestudio.viewer;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Runs requests off the FX thread and delivers only the latest one's answer on the FX thread: a slow search or
 * histogram that finishes after a newer one never overwrites the newer result. Call from the FX thread.
 */
public final class LatestOnly {
    private final Executor executor;
    private final AtomicLong generation = new AtomicLong();

    /** Requests run on {@code executor}. */
    public LatestOnly(Executor executor) {
        this.executor = executor;
    }

    /** Runs {@code work} in the background; {@code done} or {@code failed} runs on the FX thread if still latest. */
    public <T> void submit(Callable<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        long mine = generation.incrementAndGet();
        CompletableFuture<T> future;
        try {
            future = CompletableFuture.supplyAsync(() -> {
                if (generation.get() != mine) {
                    return null; // superseded before it started: skip the I/O
                }
                try {
                    return work.call();
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, executor);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            return; // the window is closing and its executor has stopped: nobody waits for this answer
        }
        future.whenComplete((value, error) -> Platform.runLater(() -> {
            if (generation.get() != mine) {
                return;
            }
            if (error != null) {
                failed.accept(error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            } else {
                done.accept(value);
            }
        }));
    }

    /** Drops whatever is in flight. */
    public void cancel() {
        generation.incrementAndGet();
    }
}
