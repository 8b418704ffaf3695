package org.beamlinestudio.xpcs.corr;

/**
 * How the multi-tau correlator estimates g2_err of a dynamic bin.
 *
 * <p>g2 of a static sub-bin is a ratio of pixel averages, ⟨G2⟩/(⟨IP⟩⟨IF⟩). Its denominator fluctuates with the
 * pixels' time-averaged intensities, which for slow dynamics (few decorrelation times in the run) vary from pixel
 * to pixel like one speckle pattern. The per-pixel spread of G2/(IP·IF) cancels that fluctuation pixel by pixel and
 * so does not see it: on sim_ou_128 (10 independent realisations) it understates the scatter of g2 by 1.6–2.9× for
 * the slowest ring (τc = a quarter of the run) and up to 2.4× for the next, while the ratio estimator's own error
 * (below) matches the scatter (rms pull 0.7–1.1 on every ring and delay).
 */
public enum G2ErrorModel {
    /**
     * Standard error of the sub-bin ratio estimator by linearisation (delta method): the spread over the sub-bin's
     * pixels of u = G2/(P̄F̄) − g·(IP/P̄ + IF/F̄), divided by √pixels; sub-bins combined as their mean is. Gives a
     * real error at every delay, also where a single frame pair is left.
     */
    RATIO,
    /**
     * The facility correlator's (boost_corr) error: the standard error of the per-pixel G2/(IP·IF) over the dynamic
     * bin, 0 where a single frame pair makes every pixel's ratio 1. Kept to compare with APS result files.
     */
    PIXEL_SPREAD
}
