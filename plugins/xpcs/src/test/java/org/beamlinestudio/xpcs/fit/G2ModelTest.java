package org.beamlinestudio.xpcs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class G2ModelTest {

    @Test
    void analyticGradientsMatchFiniteDifferences() {
        double[][] params = {{1.01, 0.3, 0.05}, {0.99, 0.25, 0.04, 0.7}, {1.0, 0.15, 0.004, 0.12, 0.2}};
        G2Model[] models = G2Model.values();
        for (int m = 0; m < models.length; m++) {
            G2Model model = models[m];
            double[] p = params[m];
            assertThat(p).hasSize(model.parameterCount());
            double[] grad = new double[p.length];
            for (double t : new double[] {1e-3, 0.01, 0.05, 0.3}) {
                model.gradient(t, p, grad);
                for (int k = 0; k < p.length; k++) {
                    double h = 1e-6 * Math.max(1e-3, Math.abs(p[k]));
                    double[] up = p.clone();
                    double[] down = p.clone();
                    up[k] += h;
                    down[k] -= h;
                    double numeric = (model.value(t, up) - model.value(t, down)) / (2 * h);
                    assertThat(grad[k]).as("%s d/d%s at t=%s", model, model.parameterNames().get(k), t)
                            .isCloseTo(numeric, within(1e-6 * Math.max(1, Math.abs(numeric))));
                }
            }
        }
    }

    @Test
    void stretchedWithAlphaOneIsTheSingleExponential() {
        for (double t : new double[] {0, 1e-3, 0.02, 0.5}) {
            assertThat(G2Model.STRETCHED.value(t, new double[] {1, 0.3, 0.05, 1}))
                    .isCloseTo(G2Model.SINGLE_EXPONENTIAL.value(t, new double[] {1, 0.3, 0.05}), within(1e-15));
        }
        assertThat(G2Model.SINGLE_EXPONENTIAL.value(0, new double[] {1, 0.3, 0.05})).isEqualTo(1.3);
    }

    @Test
    void unknownParameterNamesAreRejectedWithTheKnownOnes() {
        assertThatThrownBy(() -> G2FitOptions.of(G2Model.SINGLE_EXPONENTIAL).fix("alpha", 1))
                .hasMessageContaining("alpha").hasMessageContaining("[baseline, beta, tau]");
        assertThatThrownBy(() -> ParameterSetting.bounded(2, 1)).hasMessageContaining("lower <= upper");
    }
}
