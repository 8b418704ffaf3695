package org.beamlinestudio.core.stage;

/** Receives progress from long work. Implementations must be cheap and thread-safe. */
@FunctionalInterface
public interface Progress {

    /** A sink that ignores progress. */
    Progress NONE = (fraction, message) -> { };

    /**
     * @param fraction 0…1 of this piece of work, or negative when unknown
     * @param message  what is happening, in a scientist's words ("Normalising slab 3/40")
     */
    void update(double fraction, String message);

    /** A view of this progress that maps this work's 0…1 onto {@code [from, to]} of the parent. */
    default Progress sub(double from, double to) {
        Progress parent = this;
        return (f, m) -> parent.update(f < 0 ? f : from + (to - from) * Math.max(0, Math.min(1, f)), m);
    }
}
