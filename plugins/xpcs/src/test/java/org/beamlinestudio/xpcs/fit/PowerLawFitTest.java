package org.beamlinestudio.xpcs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PowerLawFitTest {

    /** D = 6.15e6 Å²/s (0.0615 µm²/s), as in the sim_ou_128 set. */
    private static final double D = 6.153e6;

    @Test
    void diffusiveTausGiveExponentTwoAndD() {
        Random r = new Random(1);
        double[] q = new double[10];
        double[] tau = new double[10];
        double[] err = new double[10];
        for (int i = 0; i < q.length; i++) {
            q[i] = 5.7e-4 * (1 + i * 2.0 / 3);
            double t = 1 / (D * q[i] * q[i]);
            err[i] = 0.01 * t;
            tau[i] = t * (1 + 0.01 * r.nextGaussian());
        }
        PowerLawResult free = PowerLawFit.fit(q, tau, err, Double.NaN);
        assertThat(free.exponent()).isCloseTo(2, within(0.03));
        assertThat(free.exponentError()).isBetween(0.001, 0.03);
        assertThat(free.diffusive()).isTrue();
        assertThat(free.diffusionA2PerS()).isCloseTo(D, within(D * 0.01));
        assertThat(free.diffusionUm2PerS()).isCloseTo(D * 1e-8, within(D * 1e-10));
        assertThat(free.reducedChiSquare()).isBetween(0.2, 2.5);

        PowerLawResult fixed = PowerLawFit.fit(q, tau, err, 2);
        assertThat(fixed.exponentFixed()).isTrue();
        assertThat(fixed.exponent()).isEqualTo(2);
        assertThat(fixed.amplitude()).isCloseTo(1 / D, within(0.01 / D));
        assertThat(fixed.diffusionA2PerS()).isCloseTo(free.diffusionA2PerS(), within(1e-6 * D));
    }

    @Test
    void subDiffusiveExponentGivesNoD() {
        double[] q = {1e-3, 2e-3, 4e-3, 8e-3};
        double[] tau = new double[4];
        for (int i = 0; i < 4; i++) {
            tau[i] = 0.5 * Math.pow(q[i] / 1e-3, -1.0);
        }
        PowerLawResult r = PowerLawFit.fit(q, tau, null, Double.NaN);
        assertThat(r.exponent()).isCloseTo(1.0, within(1e-9));
        assertThat(r.amplitude()).isCloseTo(0.5e-3, within(1e-12));
        assertThat(r.diffusive()).isFalse();
        assertThat(r.diffusionA2PerS()).isNaN();
        assertThat(r.tau(2e-3)).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void tooFewPointsIsAnError() {
        assertThatThrownBy(() -> PowerLawFit.fit(new double[] {1e-3, 2e-3}, new double[] {1, -1}, null, Double.NaN))
                .hasMessageContaining("at least 2").hasMessageContaining("found 1");
    }
}
