package org.beamlinestudio.core.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.beamlinestudio.core.stage.Cancellation;

/**
 * Ctrl-C for a command-line run: the interrupt cancels {@link #cancellation()}, and the JVM's shutdown then waits (up
 * to a limit) until {@link #close()}, so the command can finish what it must before the process ends (remove its
 * partial output, or write the result it has reached).
 */
public final class CancelOnInterrupt implements AutoCloseable {

    private final Cancellation cancel = new Cancellation();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    /**
     * @param name the hook thread's name (seen in thread dumps)
     * @param waitSeconds how long an interrupt waits for {@link #close()}
     */
    public CancelOnInterrupt(String name, long waitSeconds) {
        hook = new Thread(() -> {
            cancel.cancel();
            try {
                done.await(waitSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Cancelled by an interrupt. */
    public Cancellation cancellation() {
        return cancel;
    }

    /** The command is done: an interrupt now ends the process at once. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C): the hook is running, nothing to remove.
        }
    }
}
