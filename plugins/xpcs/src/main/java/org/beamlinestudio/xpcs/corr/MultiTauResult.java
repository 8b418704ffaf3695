package org.beamlinestudio.xpcs.corr;

/**
 * What a multi-tau correlation gives, per dynamic q-bin: g2 and its error at each delay, plus the stability
 * checks (intensity vs time, the mean image, the 1-D SAXS profile over static bins).
 *
 * @param delayFrames      delays in frames, increasing (the multi-tau ladder: 1, 2, …, then doubling steps)
 * @param delaySeconds     the same delays in seconds (frame time × delay)
 * @param g2               {@code [dynamic bin][delay]}, symmetric normalisation G2/(IP·IF)
 * @param g2Err            the same shape: standard error from the per-pixel spread
 * @param intensityVsTime  mean counts per pixel of each frame (unmasked pixels)
 * @param meanImage        time-averaged counts per pixel, {@code height × width}
 * @param saxs1d           mean counts per pixel in each static bin
 * @param framesUsed       frames correlated
 */
public record MultiTauResult(int[] delayFrames, double[] delaySeconds, double[][] g2, double[][] g2Err,
                             double[] intensityVsTime, float[] meanImage, double[] saxs1d, int framesUsed) {
}
