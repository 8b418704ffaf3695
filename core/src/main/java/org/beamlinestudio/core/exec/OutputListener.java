package org.beamlinestudio.core.exec;

import org.beamlinestudio.core.data.FloatBlock;

/**
 * Sees a local run's result as it is written: each output chunk once the sink has taken it, so a view can show
 * finished slices before the run ends. Called on the run's thread: copy what you keep, return quickly, never
 * throw (a throwing listener is logged and ignored, the run goes on).
 */
@FunctionalInterface
public interface OutputListener {

    /** Ignores every chunk. */
    OutputListener NONE = (streamAxis, block) -> { };

    /**
     * One chunk of the result was written.
     *
     * @param streamAxis the result's axis the chunks arrive along (0 for reconstructed slices)
     * @param block      the values with their place in the whole result (do not modify)
     */
    void written(int streamAxis, FloatBlock block);
}
