package org.beamlinestudio.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SliceRenderingTest {

    @Test
    void percentilesOfARampIgnoreNaN() {
        float[] v = new float[1001];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        v[3] = Float.NaN;
        double[] p = SliceRendering.percentiles(v, 0.5, 99.5);
        assertThat(p[0]).isCloseTo(5.5, within(1.0));
        assertThat(p[1]).isCloseTo(995.0, within(1.0));
    }

    @Test
    void outliersDoNotWashOutTheContrast() {
        float[] v = new float[10_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 100;
        }
        v[0] = 1e9f; // one hot pixel
        double[] p = SliceRendering.percentiles(v, 0.5, 99.5);
        assertThat(p[1]).isLessThan(100);
    }

    @Test
    void greyMappingClampsAndFlatSlicesAreMidGrey() {
        int[] argb = SliceRendering.toArgb(new float[] {-5, 0, 5, 10, 20, Float.NaN}, 0, 10);
        assertThat(argb[0]).isEqualTo(0xFF000000);
        assertThat(argb[1]).isEqualTo(0xFF000000);
        assertThat(argb[2] & 0xFF).isEqualTo(128);
        assertThat(argb[3]).isEqualTo(0xFFFFFFFF);
        assertThat(argb[4]).isEqualTo(0xFFFFFFFF);
        assertThat(argb[5]).isEqualTo(0xFF600000);
        assertThat(SliceRendering.toArgb(new float[] {3, 3}, 3, 3)[0] & 0xFF).isEqualTo(128);
    }

    @Test
    void noFiniteValueGivesAUnitRange() {
        assertThat(SliceRendering.percentiles(new float[] {Float.NaN}, 0.5, 99.5)).containsExactly(0, 1);
    }
}
