package org.beamlinestudio.viewer.plot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AxisTicksTest {

    @Test
    void linearTicksOfZeroToOneAreFifths() {
        assertThat(AxisTicks.linear(0, 1)).containsExactly(0, 0.2, 0.4, 0.6, 0.8, 1.0);
        assertThat(AxisTicks.linear(-3.7, 12.2)).containsExactly(0, 5, 10);
        assertThat(AxisTicks.linear(-0.013, 0.021)).containsExactly(-0.01, -0.005, 0, 0.005, 0.01, 0.015, 0.02);
    }

    @Test
    void logTicksAreDecadesWithTwoToNineMinors() {
        assertThat(AxisTicks.logMajor(1e-3, 1e1)).containsExactly(1e-3, 1e-2, 1e-1, 1, 10);
        double[] minor = AxisTicks.logMinor(1, 100);
        assertThat(minor).hasSize(16).startsWith(2, 3, 4).endsWith(80, 90);
        // Many decades (17): every third one is labelled so the labels do not collide.
        assertThat(AxisTicks.logMajor(1e-10, 1e6)).containsExactly(1e-9, 1e-6, 1e-3, 1, 1e3, 1e6);
    }

    @Test
    void autorangeAddsAMarginOrWholeDecades() {
        assertThat(AxisTicks.autorange(0, 10, false)).containsExactly(-0.5, 10.5);
        assertThat(AxisTicks.autorange(0.0023, 470, true)).containsExactly(1e-3, 1e3);
    }

    @Test
    void labelsAreCompact() {
        assertThat(AxisTicks.linearLabel(0.6000000000000001, 0.2)).isEqualTo("0.6");
        assertThat(AxisTicks.linearLabel(120, 20)).isEqualTo("120");
        assertThat(AxisTicks.linearLabel(0.0002, 0.0001)).isEqualTo("2e-4");
        assertThat(AxisTicks.logLabel(1e-3)).isEqualTo("10⁻³");
        assertThat(AxisTicks.logLabel(0.1)).isEqualTo("0.1");
        assertThat(AxisTicks.logLabel(100)).isEqualTo("100");
        assertThat(AxisTicks.logLabel(1e5)).isEqualTo("10⁵");
    }
}
