package org.beamlinestudio.core.plugin;

/**
 * A reader's answer to "is this file yours?".
 *
 * @param confidence 0 (not mine) … 1 (certainly mine, e.g. a NeXus {@code definition} that names
 *                   my application definition)
 * @param reason     what the reader saw, shown when readers tie or none fits
 */
public record ProbeResult(double confidence, String reason) {

    public ProbeResult {
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0,1]: " + confidence);
        }
    }

    /** Not this reader's file. */
    public static ProbeResult no(String reason) {
        return new ProbeResult(0, reason);
    }

    /** Whether the reader claims the file at all. */
    public boolean claims() {
        return confidence > 0;
    }
}
