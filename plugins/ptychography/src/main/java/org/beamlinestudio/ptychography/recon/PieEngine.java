package org.beamlinestudio.ptychography.recon;

import java.util.SplittableRandom;

/**
 * ePIE (Maiden and Rodenburg 2009) and rPIE (Maiden et al. 2017): positions visited one at a time in an order
 * reshuffled every iteration from the run's seed; object and probe updated in place after each.
 */
final class PieEngine implements IterativeEngine {

    private final boolean regularised;
    private final float objectStep;
    private final float objectMix;
    private final float probeStep;
    private final float probeMix;
    private final SplittableRandom random;
    private int[] order;

    /**
     * @param regularised rPIE when true
     * @param step the engine's parameters (ePIE: alpha 1, beta 1; rPIE: alpha 0.1, beta 1)
     */
    PieEngine(boolean regularised, EngineStep step, long seed) {
        this.regularised = regularised;
        if (regularised) {
            objectStep = 1f;
            objectMix = (float) step.parameter("alpha", 0.1);
            probeStep = 1f;
            probeMix = (float) step.parameter("beta", 1.0);
        } else {
            objectStep = (float) step.parameter("alpha", 1.0);
            objectMix = 1f;
            probeStep = (float) step.parameter("beta", 1.0);
            probeMix = 1f;
        }
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void begin(ReconstructionContext c) {
        order = new int[c.count];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
    }

    @Override
    public double[] iterate(ReconstructionContext c, int stepIteration) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float limit = (float) c.options.objectAmplitudeLimit();
        double e = 0;
        for (int n : order) {
            e += c.kernels.pieUpdate(n, c.object, c.probe, objectStep, objectMix, probeStep, probeMix, limit);
        }
        c.constrainProbe();
        return new double[] {e / c.measuredTotal, Double.NaN};
    }

    @Override
    public void end(ReconstructionContext c) {
        order = null;
    }

    @Override
    public String toString() {
        return regularised ? "rPIE" : "ePIE";
    }
}
