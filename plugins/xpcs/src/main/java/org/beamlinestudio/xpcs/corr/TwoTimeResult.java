package org.beamlinestudio.xpcs.corr;

/**
 * Two-time correlation C(t1, t2) per dynamic bin over a frame range.
 *
 * @param firstFrame  first frame of the range
 * @param binFrames   frames averaged into each time step
 * @param steps       time steps (rows and columns of each matrix)
 * @param stepSeconds seconds per time step (frame time × binFrames)
 * @param bins        the dynamic bins (numbered from 1) the matrices belong to
 * @param c           {@code [k][t1·steps + t2]} for {@code bins[k]}, symmetric, 1 = uncorrelated
 */
public record TwoTimeResult(int firstFrame, int binFrames, int steps, double stepSeconds, int[] bins, float[][] c) {

    /**
     * g2 of bin {@code k} at delays 0 … steps−1 time steps: the mean of C along each diagonal
     * (delay 0 includes the shot-noise spike and is not a g2 value to fit).
     */
    public double[] g2FromDiagonals(int k) {
        float[] m = c[k];
        double[] g2 = new double[steps];
        for (int tau = 0; tau < steps; tau++) {
            double s = 0;
            for (int t = 0; t + tau < steps; t++) {
                s += m[t * steps + t + tau];
            }
            g2[tau] = s / (steps - tau);
        }
        return g2;
    }
}
