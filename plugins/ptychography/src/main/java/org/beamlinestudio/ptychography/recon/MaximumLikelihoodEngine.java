package org.beamlinestudio.ptychography.recon;

import org.beamlinestudio.ptychography.recon.PtychoKernels.Buffer;

/**
 * Maximum-likelihood refinement with the Poisson model, by nonlinear conjugate gradients as ptypy's ML: Polak–Ribière
 * directions over object and probe together, the probe gradient scaled by ptypy's object/probe preconditioner
 * ({@code |g_O|² / |g_P|²}, geometrically averaged over iterations), and a Newton step along each direction from
 * the likelihood's exact first and second derivatives there.
 */
final class MaximumLikelihoodEngine implements IterativeEngine {

    private static final double SCALE_MEMORY = 0.9;

    private Buffer chi;
    private Buffer gradObject;
    private Buffer gradProbe;
    private Buffer prevGradObject;
    private Buffer prevGradProbe;
    private Buffer dirObject;
    private Buffer dirProbe;
    private double scale = Double.NaN;
    private double prevNorm;
    private boolean first;
    private double lastLikelihood = Double.NaN;

    MaximumLikelihoodEngine(EngineStep step) {
        // "regularization" is accepted for the plan's sake; this engine has no smoothness prior yet.
    }

    @Override
    public void begin(ReconstructionContext c) {
        PtychoKernels k = c.kernels;
        chi = k.allocate(c.count * c.modes, c.height, c.width, true);
        gradObject = k.allocate(1, c.frame.height(), c.frame.width(), true);
        prevGradObject = k.allocate(1, c.frame.height(), c.frame.width(), true);
        dirObject = k.allocate(1, c.frame.height(), c.frame.width(), true);
        gradProbe = k.allocate(c.modes, c.height, c.width, true);
        prevGradProbe = k.allocate(c.modes, c.height, c.width, true);
        dirProbe = k.allocate(c.modes, c.height, c.width, true);
        first = true;
        scale = Double.NaN;
        lastLikelihood = Double.NaN;
    }

    @Override
    public double[] iterate(ReconstructionContext c, int stepIteration) {
        PtychoKernels k = c.kernels;
        double[] le = k.mlGradientWaves(c.object, c.probe, chi);
        k.accumulateObject(chi, c.probe, gradObject, null);
        k.accumulateProbe(chi, c.object, gradProbe, null);
        double go2 = k.dot(gradObject, gradObject);
        double gp2 = k.dot(gradProbe, gradProbe);
        double s = gp2 > 0 ? go2 / gp2 : 1;
        scale = Double.isNaN(scale) ? s : Math.pow(scale, SCALE_MEMORY) * Math.pow(s, 1 - SCALE_MEMORY);
        double norm = go2 + scale * gp2;
        double gamma = 0;
        if (!first && prevNorm > 0) {
            double cross = k.dot(gradObject, prevGradObject) + scale * k.dot(gradProbe, prevGradProbe);
            gamma = Math.max(0, (norm - cross) / prevNorm);
        }
        // h ← γ h − M g (M: 1 on the object, scale on the probe)
        if (first) {
            k.copy(gradObject, dirObject);
            k.scaleAdd(dirObject, -1f, null, 0f);
            k.copy(gradProbe, dirProbe);
            k.scaleAdd(dirProbe, (float) -scale, null, 0f);
        } else {
            k.scaleAdd(dirObject, (float) gamma, gradObject, -1f);
            k.scaleAdd(dirProbe, (float) gamma, gradProbe, (float) -scale);
        }
        k.copy(gradObject, prevGradObject);
        k.copy(gradProbe, prevGradProbe);
        prevNorm = norm;
        first = false;
        double[] d = k.mlLineDerivatives(c.object, c.probe, dirObject, dirProbe);
        // Newton step on the larger of the exact and the Fisher curvature: the exact one goes negative where the
        // model is far below the counts (early on, dark pixels with a stray photon); the larger is the safer step.
        double curvature = Math.max(d[1], d[2]);
        double t = 0;
        if (d[0] < 0 && curvature > 0) {
            t = -d[0] / curvature;
        } else {
            first = true;
        }
        if (!Double.isNaN(lastLikelihood) && le[0] > lastLikelihood) {
            first = true; // the last step overshot: restart the directions from the steepest descent
        }
        lastLikelihood = le[0];
        if (t > 0) {
            k.scaleAdd(c.object, 1f, dirObject, (float) t);
            k.scaleAdd(c.probe, 1f, dirProbe, (float) t);
            c.constrainProbe(dirProbe, prevGradProbe);
        }
        double nll = (le[0] - c.saturatedLikelihood) / c.validPixels;
        return new double[] {le[1] / c.measuredTotal, nll};
    }

    @Override
    public Buffer[] modeBuffers() {
        return new Buffer[] {dirProbe, prevGradProbe};
    }

    @Override
    public void end(ReconstructionContext c) {
        PtychoKernels k = c.kernels;
        for (Buffer b : new Buffer[] {chi, gradObject, gradProbe, prevGradObject, prevGradProbe, dirObject,
            dirProbe}) {
            if (b != null) {
                k.free(b);
            }
        }
        chi = null;
    }

    @Override
    public String toString() {
        return "ML";
    }
}
