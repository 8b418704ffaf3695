package org.beamlinestudio.ptychography.recon;

import org.beamlinestudio.ptychography.recon.PtychoKernels.Buffer;

/**
 * The difference map (Thibault et al. 2008) as ptypy runs it: all exit waves updated together, then the overlap
 * constraint solved by alternating object and probe updates (at most {@link #INNER_MAX} rounds, until the probe's
 * change falls below {@link #INNER_CONVERGE} of the first round's), with ptypy's inertia terms. The probe is held
 * for the step's first iteration, as ptypy's {@code probe_update_start}. The Fourier projection is ptypy's
 * power-bounded one (parameter {@code fourierRelax}, default 0.05; 0 = plain projection): with noisy data the plain
 * projection makes the exit waves drift and the object error grow after a few tens of iterations.
 */
final class DifferenceMapEngine implements IterativeEngine {

    static final int INNER_MAX = 10;
    static final double INNER_CONVERGE = 0.05;
    static final double OBJECT_INERTIA = 1e-4;
    static final double PROBE_INERTIA = 1e-9;

    /** ptypy's default {@code fourier_relax_factor}. */
    static final double FOURIER_RELAX = 0.05;

    private final float beta;
    private final double relax;
    private float powerBound;
    private Buffer exit;
    private Buffer objNumer;
    private Buffer objDenom;
    private Buffer probeNumer;
    private Buffer probeDenom;
    private Buffer probeOld;
    private double[] errors;

    DifferenceMapEngine(EngineStep step) {
        this.beta = (float) step.parameter("beta", 1.0);
        this.relax = step.parameter("fourierRelax", FOURIER_RELAX);
    }

    @Override
    public void begin(ReconstructionContext c) {
        PtychoKernels k = c.kernels;
        exit = k.allocate(c.count * c.modes, c.height, c.width, true);
        k.exitWaves(c.object, c.probe, exit);
        objNumer = k.allocate(1, c.frame.height(), c.frame.width(), true);
        objDenom = k.allocate(1, c.frame.height(), c.frame.width(), false);
        probeNumer = k.allocate(c.modes, c.height, c.width, true);
        probeDenom = k.allocate(1, c.height, c.width, false);
        probeOld = k.allocate(c.modes, c.height, c.width, true);
        errors = new double[c.count];
        // ptypy: pbound = ¼ relax² · (largest pattern's photon count) / (pixels per pattern)
        powerBound = (float) (0.25 * relax * relax * c.maxPatternPhotons / ((double) c.height * c.width));
    }

    @Override
    public double[] iterate(ReconstructionContext c, int stepIteration) {
        PtychoKernels k = c.kernels;
        k.dmExitUpdate(c.object, c.probe, exit, beta, powerBound, errors);
        double e = 0;
        for (double v : errors) {
            e += v;
        }
        float limit = (float) c.options.objectAmplitudeLimit();
        boolean probeUpdate = stepIteration > 1;
        // ptypy: object inertia relative to the mean photon power, probe inertia relative to the positions' count.
        float objectInertia = (float) (OBJECT_INERTIA * c.probePowerPeak());
        double first = 0;
        for (int inner = 0; inner < INNER_MAX; inner++) {
            k.accumulateObject(exit, c.probe, objNumer, objDenom);
            k.divide(objNumer, objDenom, objectInertia, c.object, limit);
            if (!probeUpdate) {
                break;
            }
            k.copy(c.probe, probeOld);
            k.accumulateProbe(exit, c.object, probeNumer, probeDenom);
            double objectPower = k.dot(c.object, c.object) / ((double) c.frame.height() * c.frame.width());
            float probeInertia = (float) (PROBE_INERTIA * c.count * objectPower);
            k.divide(probeNumer, probeDenom, probeInertia, c.probe, 0f);
            k.scaleAdd(probeOld, -1f, c.probe, 1f);
            double change = k.dot(probeOld, probeOld);
            if (inner == 0) {
                first = change;
            } else if (change < INNER_CONVERGE * first) {
                break;
            }
        }
        if (probeUpdate) {
            c.constrainProbe(exit);
        }
        return new double[] {e / c.measuredTotal, Double.NaN};
    }

    @Override
    public Buffer[] modeBuffers() {
        return new Buffer[] {exit};
    }

    @Override
    public void end(ReconstructionContext c) {
        PtychoKernels k = c.kernels;
        for (Buffer b : new Buffer[] {exit, objNumer, objDenom, probeNumer, probeDenom, probeOld}) {
            if (b != null) {
                k.free(b);
            }
        }
        exit = null;
    }

    @Override
    public String toString() {
        return "DM";
    }
}
