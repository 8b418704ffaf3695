package org.beamlinestudio.ptychography.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PatternPreprocessingTest {

    private static boolean[] allValid(int n) {
        boolean[] m = new boolean[n];
        Arrays.fill(m, true);
        return m;
    }

    /** A 2-D Gaussian spot of peak {@code a} at (cy, cx) on an h × w frame plus {@code bg}. */
    private static float[] spot(int h, int w, double cy, double cx, double a, double bg) {
        float[] f = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                f[y * w + x] = (float) (bg + a * Math.exp(-((y - cy) * (y - cy) + (x - cx) * (x - cx)) / 8.0));
            }
        }
        return f;
    }

    @Test
    void centringMovesTheCentreOfMassToTheMiddleOfAPowerOfTwoWindow() {
        int h = 40;
        int w = 50;
        float[] mean = spot(h, w, 17, 29, 100, 0);
        PatternPreprocessing p = PatternPreprocessing.defaults().withHotPixelFactor(0);
        PreprocessingPlan plan = p.plan(h, w, allValid(h * w), mean, mean);
        assertThat(plan.crop()).isEqualTo(32);
        assertThat(plan.centreY()).isCloseTo(17, org.assertj.core.data.Offset.offset(0.01));
        assertThat(plan.centreX()).isCloseTo(29, org.assertj.core.data.Offset.offset(0.01));
        assertThat(plan.top()).isEqualTo(1);
        assertThat(plan.left()).isEqualTo(13);
        float[] out = new float[32 * 32];
        p.apply(plan, mean, 0, out, 0);
        // the spot's peak now sits at (16, 16), the zero frequency of the scan's convention
        int argmax = 0;
        for (int k = 1; k < out.length; k++) {
            if (out[k] > out[argmax]) {
                argmax = k;
            }
        }
        assertThat(argmax).isEqualTo(16 * 32 + 16);
        assertThat(out[argmax]).isEqualTo(100f);
    }

    @Test
    void aWindowReachingPastTheDetectorMasksThoseRowsInsteadOfShrinking() {
        int h = 32;
        int w = 32;
        float[] mean = spot(h, w, 13, 16, 100, 0);
        PatternPreprocessing p = PatternPreprocessing.defaults().withHotPixelFactor(0);
        PreprocessingPlan plan = p.plan(h, w, allValid(h * w), mean, mean);
        assertThat(plan.crop()).isEqualTo(32);
        assertThat(plan.top()).isEqualTo(-3);
        long masked = 0;
        for (boolean v : plan.mask()) {
            masked += v ? 0 : 1;
        }
        assertThat(masked).isEqualTo(3 * 32);
        assertThat(plan.mask()[0]).isFalse();
        assertThat(plan.mask()[3 * 32]).isTrue();
    }

    @Test
    void saturatedAndHotPixelsAreMaskedAndBrightSpecklesAreNot() {
        int h = 16;
        int w = 16;
        float[] mean = spot(h, w, 8, 8, 40, 2);
        mean[3 * w + 12] = 400;   // hot: 200× its neighbours
        float[] max = mean.clone();
        max[10 * w + 2] = 65535;   // saturated in one frame
        PatternPreprocessing p = PatternPreprocessing.none().withSaturationLevel(60000)
                .withHotPixelFactor(PatternPreprocessing.DEFAULT_HOT_FACTOR);
        PreprocessingPlan plan = p.plan(h, w, allValid(h * w), mean, max);
        assertThat(plan.saturatedPixels()).isEqualTo(1);
        assertThat(plan.hotPixels()).isEqualTo(1);
        assertThat(plan.mask()[3 * w + 12]).isFalse();
        assertThat(plan.mask()[10 * w + 2]).isFalse();
        assertThat(plan.mask()[8 * w + 8]).isTrue();   // the bright centre of the spot stays
        float[] out = new float[h * w];
        p.apply(plan, mean, 0, out, 0);
        assertThat(out[3 * w + 12]).isZero();
        assertThat(out[8 * w + 8]).isEqualTo(42f);
    }

    @Test
    void darkIsSubtractedAndClippedThenBinningSumsBlocks() {
        int h = 8;
        int w = 8;
        float[] raw = new float[h * w];
        for (int k = 0; k < raw.length; k++) {
            raw[k] = k;
        }
        float[] dark = new float[h * w];
        Arrays.fill(dark, 5f);
        PatternPreprocessing p = PatternPreprocessing.none().withDark(dark).withCrop(8, 2);
        PreprocessingPlan plan = p.plan(h, w, allValid(h * w), null, null);
        assertThat(plan.size()).isEqualTo(4);
        float[] out = new float[16];
        p.apply(plan, raw, 0, out, 0);
        // block (0,0): raw 0,1,8,9 minus 5 each, clipped: 0+0+3+4
        assertThat(out[0]).isEqualTo(7f);
        // block (3,3): raw 54,55,62,63 minus 5 each
        assertThat(out[15]).isEqualTo(54 + 55 + 62 + 63 - 20f);
    }

    @Test
    void aBinContainingAMaskedPixelIsMasked() {
        boolean[] mask = allValid(64);
        mask[9] = false;
        PatternPreprocessing p = PatternPreprocessing.none().withCrop(8, 2);
        PreprocessingPlan plan = p.plan(8, 8, mask, null, null);
        assertThat(plan.mask()[0]).isFalse();
        assertThat(plan.mask()[1]).isTrue();
    }

    @Test
    void fftLayoutPatternsAreSwappedToTheMiddle() {
        int h = 16;
        int w = 16;
        float[] centred = spot(h, w, 8, 8, 100, 0);
        float[] stored = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                stored[((y + 8) % 16) * 16 + (x + 8) % 16] = centred[y * 16 + x];
            }
        }
        PatternPreprocessing p = PatternPreprocessing.defaults();
        PreprocessingPlan plan = p.plan(h, w, allValid(h * w), stored, stored);
        assertThat(plan.quadrantsSwapped()).isTrue();
        float[] out = new float[h * w];
        p.apply(plan, stored, 0, out, 0);
        assertThat(out).containsExactly(centred);
        PreprocessingPlan forced = p.withZeroFrequency(PatternPreprocessing.ZeroFrequency.MIDDLE)
                .plan(h, w, allValid(h * w), centred, centred);
        assertThat(forced.quadrantsSwapped()).isFalse();
    }

    @Test
    void badSettingsAreRefusedWithTheValues() {
        assertThatThrownBy(() -> PatternPreprocessing.defaults().withCrop(48, 1))
                .hasMessageContaining("power of two").hasMessageContaining("48");
        assertThatThrownBy(() -> PatternPreprocessing.defaults().withCrop(0, 3))
                .hasMessageContaining("Binning");
    }
}
