package org.beamlinestudio.ptychography.recon;

/** Told after every iteration, on the reconstruction's thread: keep it short (copy, post, return). */
@FunctionalInterface
public interface ReconstructionListener {

    /** An iteration finished; {@link PtychoReconstructor#snapshot()} gives its object and probe on request. */
    void iterationDone(IterationReport report);

    /** A listener that ignores everything. */
    static ReconstructionListener none() {
        return report -> { };
    }
}
