package org.beamlinestudio.ptychography.recon;

import java.util.Map;

/**
 * One entry of an engine sequence, e.g. "100 DM then 100 ML".
 *
 * @param kind the engine
 * @param iterations how many iterations at most (≥ 1)
 * @param parameters the engine's parameters by name (ePIE: {@code alpha}, {@code beta}; rPIE: {@code alpha};
 *     DM: {@code beta}; ML: {@code regularization}); a missing name takes the engine's default
 * @param stopBelowError stop this step early once the Fourier error falls below this (0 = never)
 */
public record EngineStep(EngineKind kind, int iterations, Map<String, Double> parameters, double stopBelowError) {

    /** Checks the counts and copies the parameters. */
    public EngineStep {
        if (iterations < 1) {
            throw new IllegalArgumentException(kind.label() + " needs at least one iteration, got " + iterations);
        }
        parameters = Map.copyOf(parameters);
    }

    /** A step with default parameters and no early stop. */
    public static EngineStep of(EngineKind kind, int iterations) {
        return new EngineStep(kind, iterations, Map.of(), 0);
    }

    /** A parameter, or {@code fallback} when it is not set. */
    public double parameter(String name, double fallback) {
        Double v = parameters.get(name);
        return v == null ? fallback : v;
    }
}
