package org.beamlinestudio.ptychography.results;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhaseDisplayTest {

    static final int H = 64;
    static final int W = 80;

    /** A steep ramp (several wraps across the field) plus a Gaussian bump of 1.5 rad. */
    static double truth(int y, int x) {
        double bump = 1.5 * Math.exp(-((y - 30) * (y - 30) + (x - 45) * (x - 45)) / 60.0);
        return 0.35 * x - 0.22 * y + bump;
    }

    @Test
    void unwrappingAWrappedRampRecoversItUpToAConstant() {
        float[] wrapped = new float[H * W];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                wrapped[y * W + x] = (float) PhaseDisplay.wrap(truth(y, x));
            }
        }
        float[] u = PhaseDisplay.unwrap(wrapped, H, W);
        double offset = u[0] - truth(0, 0);
        double worst = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                worst = Math.max(worst, Math.abs(u[y * W + x] - offset - truth(y, x)));
            }
        }
        // the ramp spans about 40 rad, 6 wraps; least squares recovers it to well under a 100th of a radian
        assertThat(worst).isLessThan(0.01);
        // a constant offset can only be a multiple of 2π up to the mean choice; the spread is what matters
        double span = u[W - 1] - u[0];
        assertThat(span).isCloseTo(truth(0, W - 1) - truth(0, 0), org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void rampRemovalLeavesTheBumpOnAFlatBackground() {
        float[] phase = new float[H * W];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                phase[y * W + x] = (float) truth(y, x);
            }
        }
        float[] flat = PhaseDisplay.removeRamp(phase, H, W, null);
        // far corners: the ramp differs by 0.35*79 + 0.22*63 ≈ 41.5 rad before, ~0 after
        assertThat((double) Math.abs(flat[0] - flat[H * W - 1])).isLessThan(0.1);
        // the bump stands out by about its height above the corners
        assertThat((double) (flat[30 * W + 45] - flat[0])).isCloseTo(1.5, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void rampFitUsesOnlyTheWeightedPixels() {
        float[] phase = new float[H * W];
        boolean[] weight = new boolean[H * W];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean inside = x < W / 2;
                weight[y * W + x] = inside;
                phase[y * W + x] = (float) (inside ? 0.1 * x + 0.05 * y : 100);
            }
        }
        float[] flat = PhaseDisplay.removeRamp(phase, H, W, weight);
        assertThat(flat[10 * W + 10]).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-3f));
        assertThat(flat[50 * W + 30]).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-3f));
    }
}
