package org.beamlinestudio.tomography.recon;

import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;

/**
 * Turns sinograms into slices, following the conventions of {@link ReconstructionGeometry}. One
 * instance per run (it may hold device buffers and FFT plans sized for the geometry); not
 * thread-safe; close it when done.
 */
public interface Reconstructor extends AutoCloseable {

    /**
     * Reconstructs a slab of sinograms.
     *
     * @param sinograms {@code slices × angles × columns}, C order (not modified)
     * @param slices    how many sinograms the slab holds
     * @return {@code slices × size × size}, C order
     */
    float[] reconstruct(float[] sinograms, int slices, ReconstructionGeometry geometry, Progress progress,
                        Cancellation cancel) throws Cancellation.CancelledException;

    /** The compute device it runs on: {@code java} or an OpenCL device id. */
    String deviceId();

    @Override
    default void close() {
    }
}
