package org.beamlinestudio.ptychography.recon;

import java.util.Arrays;
import org.beamlinestudio.ptychography.recon.PtychoKernels.Buffer;

/**
 * Maximum-likelihood refinement with the Poisson model, by nonlinear conjugate gradients as ptypy's ML: Polak–Ribière
 * directions over object and probe together, the probe gradient scaled by ptypy's object/probe preconditioner
 * ({@code |g_O|² / |g_P|²}, geometrically averaged over iterations), and a Newton step along each direction from
 * the likelihood's exact first and second derivatives there, safeguarded: the step is kept only when the objective
 * at the new point is not above the old one, otherwise it is shortened by quadratic interpolation (ptypy's ML takes
 * the Newton step unchecked, which from a plain probe guess overshoots by orders of magnitude: the Poisson
 * likelihood is far from quadratic where the model is near zero under counted photons). The trial point's
 * likelihood and gradient waves are those of the next iteration, so a kept first trial costs nothing extra.
 *
 * <p>Parameter {@code regularization}: ptypy's {@code reg_del2_amplitude}, a Gaussian smoothness prior on the
 * object {@code R(O) = 2 w Σ_{neighbour pairs} |O_a − O_b|²} (ptypy's {@code Regul_del2}: forward and backward
 * differences along both axes), with {@code w = amplitude · N_meas · N_photons / (8 N_obj²)} (ptypy's rescaling
 * under the Poisson assumption: measured pixels, photons, object pixels). It enters the gradient and the line
 * search; 0 (the default) leaves the engine exactly the unregularised one.
 */
final class MaximumLikelihoodEngine implements IterativeEngine {

    /** The parameter name of the smoothness prior's amplitude. */
    static final String REGULARIZATION = "regularization";
    private static final double SCALE_MEMORY = 0.9;
    /** Trials per line search before the step is abandoned and the directions restart. */
    private static final int MAX_TRIALS = 8;

    private final double regularization;
    private Buffer chi;
    private Buffer gradObject;
    private Buffer gradProbe;
    private Buffer prevGradObject;
    private Buffer prevGradProbe;
    private Buffer dirObject;
    private Buffer dirProbe;
    private Buffer savedObject;
    private Buffer savedProbe;
    private Buffer priorGradient;
    private float[] objectHost;
    private float[] dirHost;
    private double priorWeight;
    private double scale = Double.NaN;
    private double prevNorm;
    private boolean first;
    /** {L, E} of the current point with χ in {@link #chi}, from the last kept trial; null when stale. */
    private double[] cached;
    private int[] cachedViewY;
    private int[] cachedViewX;

    MaximumLikelihoodEngine(EngineStep step) {
        this.regularization = step.parameter(REGULARIZATION, 0);
        if (!(regularization >= 0) || Double.isInfinite(regularization)) {
            throw new IllegalArgumentException("ML parameter " + REGULARIZATION + " must be a finite value >= 0, got "
                    + regularization);
        }
    }

    @Override
    public void begin(ReconstructionContext c) {
        PtychoKernels k = c.kernels;
        int oh = c.frame.height();
        int ow = c.frame.width();
        chi = k.allocate(c.count * c.modes, c.height, c.width, true);
        gradObject = k.allocate(1, oh, ow, true);
        prevGradObject = k.allocate(1, oh, ow, true);
        dirObject = k.allocate(1, oh, ow, true);
        savedObject = k.allocate(1, oh, ow, true);
        gradProbe = k.allocate(c.modes, c.height, c.width, true);
        prevGradProbe = k.allocate(c.modes, c.height, c.width, true);
        dirProbe = k.allocate(c.modes, c.height, c.width, true);
        savedProbe = k.allocate(c.modes, c.height, c.width, true);
        if (regularization > 0) {
            priorGradient = k.allocate(1, oh, ow, true);
            objectHost = new float[2 * oh * ow];
            dirHost = new float[2 * oh * ow];
            double objectPixels = (double) oh * ow;
            priorWeight = regularization * c.validPixels * c.measuredTotal / (8 * objectPixels * objectPixels);
        }
        first = true;
        scale = Double.NaN;
        cached = null;
    }

    @Override
    public double[] iterate(ReconstructionContext c, int stepIteration) {
        PtychoKernels k = c.kernels;
        double[] le = cached != null && Arrays.equals(cachedViewY, c.viewY) && Arrays.equals(cachedViewX, c.viewX)
                ? cached : k.mlGradientWaves(c.object, c.probe, chi);
        cached = null;
        k.accumulateObject(chi, c.probe, gradObject, null);
        k.accumulateProbe(chi, c.object, gradProbe, null);
        double prior = priorGradient == null ? 0 : addPriorGradient(k, c.object);
        double objective = le[0] + prior;
        double[] report = {le[1] / c.measuredTotal, (objective - c.saturatedLikelihood) / c.validPixels};
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
        double[] r = priorGradient == null ? new double[2] : priorLineCoefficients(k);
        double slope = d[0] + r[0];
        // Newton step on the larger of the exact and the Fisher curvature: the exact one goes negative where the
        // model is far below the counts (early on, dark pixels with a stray photon); the larger is the safer step.
        double curvature = Math.max(d[1], d[2]) + 2 * r[1];
        if (!(slope < 0 && curvature > 0)) {
            first = true; // not a descent direction (or no curvature): restart from the steepest descent
            remember(c, le);
            return report;
        }
        double t = -slope / curvature;
        k.copy(c.object, savedObject);
        k.copy(c.probe, savedProbe);
        for (int trial = 0; trial < MAX_TRIALS; trial++) {
            if (trial > 0) {
                k.copy(savedObject, c.object);
                k.copy(savedProbe, c.probe);
            }
            k.scaleAdd(c.object, 1f, dirObject, (float) t);
            k.scaleAdd(c.probe, 1f, dirProbe, (float) t);
            // savedProbe follows any mode mix, so a shorter retry starts from the same (mixed) probe set
            c.constrainProbe(dirProbe, prevGradProbe, savedProbe);
            double[] next = k.mlGradientWaves(c.object, c.probe, chi);
            double nextObjective = next[0] + t * r[0] + t * t * r[1] + prior; // the prior is quadratic in t
            if (nextObjective <= objective) {
                remember(c, next);
                return report;
            }
            // Shorten: the minimum of the parabola through L(0), L'(0) and L(t), kept within [t/10, t/2].
            double excess = nextObjective - objective - slope * t;
            double shorter = excess > 0 ? -slope * t * t / (2 * excess) : 0.5 * t;
            t = Math.max(0.1 * t, Math.min(0.5 * t, shorter));
        }
        // No step lowered the objective (at the float floor of the likelihood, or a direction it does not trust):
        // stay where we were and restart the directions.
        k.copy(savedObject, c.object);
        k.copy(savedProbe, c.probe);
        first = true;
        return report;
    }

    private void remember(ReconstructionContext c, double[] le) {
        cached = le;
        cachedViewY = c.viewY.clone();
        cachedViewX = c.viewX.clone();
    }

    /** Adds ∂R/∂conj(O) = 2w Σ_neighbours (O_a − O_b) to the object gradient; returns R(O). */
    private double addPriorGradient(PtychoKernels k, Buffer object) {
        int oh = gradObject.height();
        int ow = gradObject.width();
        k.read(object, objectHost);
        float[] o = objectHost;
        float[] g = dirHost; // free until the direction is read back for the line coefficients
        double pair = 2 * priorWeight;
        double sum = 0;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int i = 2 * (y * ow + x);
                double gr = 0;
                double gi = 0;
                if (x + 1 < ow) {
                    double dr = o[i] - o[i + 2];
                    double di = o[i + 1] - o[i + 3];
                    gr += dr;
                    gi += di;
                    sum += dr * dr + di * di;
                }
                if (x > 0) {
                    gr += o[i] - o[i - 2];
                    gi += o[i + 1] - o[i - 1];
                }
                if (y + 1 < oh) {
                    int j = i + 2 * ow;
                    double dr = o[i] - o[j];
                    double di = o[i + 1] - o[j + 1];
                    gr += dr;
                    gi += di;
                    sum += dr * dr + di * di;
                }
                if (y > 0) {
                    int j = i - 2 * ow;
                    gr += o[i] - o[j];
                    gi += o[i + 1] - o[j + 1];
                }
                g[i] = (float) (pair * gr);
                g[i + 1] = (float) (pair * gi);
            }
        }
        k.write(priorGradient, g);
        k.scaleAdd(gradObject, 1f, priorGradient, 1f);
        return pair * sum;
    }

    /** {R'(0), R''(0)/2} of the prior along the object direction (objectHost holds O from the gradient). */
    private double[] priorLineCoefficients(PtychoKernels k) {
        int oh = dirObject.height();
        int ow = dirObject.width();
        k.read(dirObject, dirHost);
        float[] o = objectHost;
        float[] h = dirHost;
        double cross = 0;
        double quad = 0;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int i = 2 * (y * ow + x);
                if (x + 1 < ow) {
                    double hr = h[i] - h[i + 2];
                    double hi = h[i + 1] - h[i + 3];
                    cross += (o[i] - o[i + 2]) * hr + (o[i + 1] - o[i + 3]) * hi;
                    quad += hr * hr + hi * hi;
                }
                if (y + 1 < oh) {
                    int j = i + 2 * ow;
                    double hr = h[i] - h[j];
                    double hi = h[i + 1] - h[j + 1];
                    cross += (o[i] - o[j]) * hr + (o[i + 1] - o[j + 1]) * hi;
                    quad += hr * hr + hi * hi;
                }
            }
        }
        double pair = 2 * priorWeight;
        return new double[] {2 * pair * cross, pair * quad};
    }

    @Override
    public Buffer[] modeBuffers() {
        return new Buffer[] {dirProbe, prevGradProbe, savedProbe};
    }

    @Override
    public void end(ReconstructionContext c) {
        PtychoKernels k = c.kernels;
        for (Buffer b : new Buffer[] {chi, gradObject, gradProbe, prevGradObject, prevGradProbe, dirObject,
            dirProbe, savedObject, savedProbe, priorGradient}) {
            if (b != null) {
                k.free(b);
            }
        }
        chi = null;
        priorGradient = null;
        cached = null;
    }

    @Override
    public String toString() {
        return "ML";
    }
}
