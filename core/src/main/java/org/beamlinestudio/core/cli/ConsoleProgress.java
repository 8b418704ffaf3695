package org.beamlinestudio.core.cli;

import java.io.PrintWriter;
import org.beamlinestudio.core.stage.Progress;

/** Prints progress as lines ("[ 42%] Flat/dark normalisation, chunk 3/8"), at most one per step. */
public final class ConsoleProgress implements Progress {
    private static final long MIN_INTERVAL_NANOS = 500_000_000L;

    private final PrintWriter err;
    private long lastPrint;
    private int lastPercent = -1;

    public ConsoleProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void update(double fraction, String message) {
        int percent = fraction < 0 ? -1 : (int) Math.round(fraction * 100);
        long now = System.nanoTime();
        boolean stepped = percent >= 0 && percent / 5 != lastPercent / 5;
        if (percent == 100 || stepped || now - lastPrint > MIN_INTERVAL_NANOS * 10) {
            err.printf("[%3s%%] %s%n", percent < 0 ? "?" : Integer.toString(percent), message);
            err.flush();
            lastPrint = now;
            lastPercent = percent;
        }
    }
}
