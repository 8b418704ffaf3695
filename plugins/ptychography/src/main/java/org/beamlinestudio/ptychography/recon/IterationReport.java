package org.beamlinestudio.ptychography.recon;

/**
 * What one iteration reports; the perspective plots these and results store them as the error history.
 *
 * @param iteration 1-based over the whole sequence
 * @param engine the engine that ran it
 * @param fourierError normalised Fourier-magnitude error Σ(|Ψ|−√I)² / ΣI over valid pixels, before the update
 * @param negLogLikelihood Poisson negative log-likelihood per valid pixel (ML; {@code NaN} when not computed)
 * @param millis wall time of the iteration
 */
public record IterationReport(int iteration, EngineKind engine, double fourierError, double negLogLikelihood,
        double millis) {
}
