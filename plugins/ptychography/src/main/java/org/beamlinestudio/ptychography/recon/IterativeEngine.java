package org.beamlinestudio.ptychography.recon;

/** One engine of a sequence, working on the shared context; object, probe and positions carry over to the next. */
interface IterativeEngine {

    /** Allocates its own buffers (exit waves, gradients) from the current estimate. */
    void begin(ReconstructionContext c);

    /**
     * One iteration.
     *
     * @param stepIteration 1-based within this engine's step
     * @return {normalised Fourier error, NLL per valid pixel or NaN}
     */
    double[] iterate(ReconstructionContext c, int stepIteration);

    /** Buffers whose probe-mode index must follow an orthogonalisation done outside the engine (may be empty). */
    default PtychoKernels.Buffer[] modeBuffers() {
        return new PtychoKernels.Buffer[0];
    }

    /** Frees its buffers. */
    void end(ReconstructionContext c);
}
