package org.beamlinestudio.xpcs.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class G2FitterTest {

    private static final double NOISE = 0.002;
    private final G2Fitter fitter = new G2Fitter();

    /** The multi-tau ladder for 1 ms frames up to 2000 frames, in seconds. */
    static double[] ladder() {
        double[] d = new double[64];
        int n = 0;
        for (int k = 1; k <= 8; k++) {
            d[n++] = k * 1e-3;
        }
        for (int step = 2; step <= 256; step *= 2) {
            for (int j = 5; j <= 8 && n < d.length; j++) {
                if (j * step <= 2000) {
                    d[n++] = j * step * 1e-3;
                }
            }
        }
        return java.util.Arrays.copyOf(d, n);
    }

    static double[][] synth(G2Model model, double[] p, double[] t, long seed) {
        Random r = new Random(seed);
        double[] g = new double[t.length];
        double[] e = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            g[i] = model.value(t[i], p) + NOISE * r.nextGaussian();
            e[i] = NOISE;
        }
        return new double[][] {g, e};
    }

    @Test
    void singleExponentialRecoversTruthWithinItsErrors() {
        double[] t = ladder();
        double[] truth = {1.0, 0.25, 0.05};
        for (long seed = 1; seed <= 5; seed++) {
            double[][] d = synth(G2Model.SINGLE_EXPONENTIAL, truth, t, seed);
            G2FitResult f = fitter.fit(t, d[0], d[1], G2FitOptions.of(G2Model.SINGLE_EXPONENTIAL));
            assertThat(f.success()).as(f.message()).isTrue();
            assertThat(f.tau()).isCloseTo(0.05, within(0.05 * 0.03));
            assertThat(Math.abs(f.tau() - 0.05)).isLessThan(4 * f.tauError());
            assertThat(f.beta()).isCloseTo(0.25, within(0.01));
            assertThat(f.baseline()).isCloseTo(1.0, within(0.002));
            assertThat(f.tauError()).isBetween(1e-5, 0.005);
            assertThat(f.reducedChiSquare()).isBetween(0.4, 2.0);
            assertThat(f.points()).isEqualTo(t.length);
        }
    }

    @Test
    void automaticStartsComeFromTailHeadAndHalfCrossing() {
        double[] t = ladder();
        double[] truth = {1.0, 0.3, 0.02};
        double[][] d = synth(G2Model.SINGLE_EXPONENTIAL, truth, t, 7);
        ParameterSetting[] free = {ParameterSetting.free(), ParameterSetting.free(), ParameterSetting.free()};
        double[] s = G2Fitter.startValues(G2Model.SINGLE_EXPONENTIAL, t, d[0], free);
        assertThat(s[0]).isCloseTo(1.0, within(0.003));
        assertThat(s[1]).isCloseTo(0.3, within(0.03));
        assertThat(s[2]).isCloseTo(0.02, within(0.02 * 0.15));
    }

    @Test
    void stretchedExponentialRecoversAlpha() {
        double[] t = ladder();
        double[] truth = {1.0, 0.3, 0.04, 0.7};
        double[][] d = synth(G2Model.STRETCHED, truth, t, 11);
        G2FitResult f = fitter.fit(t, d[0], d[1], G2FitOptions.of(G2Model.STRETCHED));
        assertThat(f.success()).as(f.message()).isTrue();
        assertThat(f.value("alpha")).isCloseTo(0.7, within(0.05));
        assertThat(f.tau()).isCloseTo(0.04, within(0.04 * 0.05));
        assertThat(f.beta()).isCloseTo(0.3, within(0.01));
        assertThat(f.error("alpha")).isGreaterThan(0).isLessThan(0.05);
    }

    @Test
    void doubleExponentialSeparatesTwoTimes() {
        double[] t = ladder();
        double[] truth = {1.0, 0.15, 0.004, 0.12, 0.2};
        double[][] d = synth(G2Model.DOUBLE_EXPONENTIAL, truth, t, 13);
        G2FitResult f = fitter.fit(t, d[0], d[1], G2FitOptions.of(G2Model.DOUBLE_EXPONENTIAL));
        assertThat(f.success()).as(f.message()).isTrue();
        // The fast component comes first whichever way the optimiser labelled them.
        assertThat(f.tau()).isCloseTo(0.004, within(0.004 * 0.15));
        assertThat(f.value("tau2")).isCloseTo(0.2, within(0.2 * 0.1));
        assertThat(f.beta()).isCloseTo(0.15, within(0.02));
        assertThat(f.value("beta2")).isCloseTo(0.12, within(0.02));
        assertThat(f.beta() + f.value("beta2")).isCloseTo(0.27, within(0.01));
        assertThat(f.error("tau2")).isGreaterThan(0).isLessThan(0.02);
    }

    @Test
    void fixedParametersAreHeldAndCarryNoError() {
        double[] t = ladder();
        double[][] d = synth(G2Model.SINGLE_EXPONENTIAL, new double[] {1.0, 0.25, 0.05}, t, 3);
        G2FitResult f = fitter.fit(t, d[0], d[1], G2FitOptions.of(G2Model.SINGLE_EXPONENTIAL).fix("baseline", 1.0));
        assertThat(f.success()).as(f.message()).isTrue();
        assertThat(f.baseline()).isEqualTo(1.0);
        assertThat(f.errors()[G2Model.BASELINE]).isZero();
        assertThat(f.fixed()).containsExactly(true, false, false);
        assertThat(f.tau()).isCloseTo(0.05, within(0.05 * 0.03));

        // A wrong fixed value is respected, and the free parameters absorb it.
        G2FitResult g = fitter.fit(t, d[0], d[1], G2FitOptions.of(G2Model.SINGLE_EXPONENTIAL)
                .fix("tau", 0.03).fix("baseline", 1.0));
        assertThat(g.tau()).isEqualTo(0.03);
        assertThat(g.baseline()).isEqualTo(1.0);
        assertThat(g.reducedChiSquare()).isGreaterThan(10);
    }

    @Test
    void boundsAreRespectedAndReported() {
        double[] t = ladder();
        double[][] d = synth(G2Model.SINGLE_EXPONENTIAL, new double[] {1.0, 0.3, 0.05}, t, 5);
        G2FitResult f = fitter.fit(t, d[0], d[1], G2FitOptions.of(G2Model.SINGLE_EXPONENTIAL).bound("beta", 0, 0.2));
        assertThat(f.beta()).isLessThanOrEqualTo(0.2).isCloseTo(0.2, within(1e-9));
        assertThat(f.message()).contains("beta").contains("upper bound");

        G2FitResult g = fitter.fit(t, d[0], d[1], G2FitOptions.of(G2Model.SINGLE_EXPONENTIAL).bound("tau", 0.1, 1));
        assertThat(g.tau()).isGreaterThanOrEqualTo(0.1);
        assertThat(g.success()).isFalse();
        assertThat(g.message()).contains("tau").contains("lower bound");
    }

    @Test
    void flatCurveFailsWithAClearMessage() {
        double[] t = ladder();
        double[][] d = synth(G2Model.SINGLE_EXPONENTIAL, new double[] {1.0, 0.0, 0.05}, t, 17);
        G2FitResult f = fitter.fit(t, d[0], d[1], G2FitOptions.of(G2Model.SINGLE_EXPONENTIAL));
        assertThat(f.success()).isFalse();
        assertThat(f.message()).contains("no decay").contains("flat");

        G2FitResult unweighted = fitter.fit(t, d[0], null, G2FitOptions.of(G2Model.SINGLE_EXPONENTIAL));
        assertThat(unweighted.success()).isFalse();
        assertThat(unweighted.message()).contains("flat");
    }

    @Test
    void understatedG2ErrorsWidenTheParameterErrorsButOverstatedOnesDoNotNarrowThem() {
        double[] t = ladder();
        double[][] d = synth(G2Model.SINGLE_EXPONENTIAL, new double[] {1.0, 0.25, 0.05}, t, 23);
        G2FitOptions o = G2FitOptions.of(G2Model.SINGLE_EXPONENTIAL);
        G2FitResult honest = fitter.fit(t, d[0], d[1], o);
        double[] third = new double[t.length];
        double[] triple = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            third[i] = d[1][i] / 3;
            triple[i] = d[1][i] * 3;
        }
        // g2_err 3x too small (as correlated multi-tau delays make it for τc): chi2r ~ 9, errors back to honest
        G2FitResult under = fitter.fit(t, d[0], third, o);
        assertThat(under.reducedChiSquare()).isGreaterThan(4);
        assertThat(under.tau()).isCloseTo(honest.tau(), within(1e-9));
        assertThat(under.tauError() / honest.tauError()).isCloseTo(1.0, within(0.05));
        // g2_err 3x too large: chi2r ~ 1/9, the errors stay the stated (conservative) ones, 3x the honest
        G2FitResult over = fitter.fit(t, d[0], triple, o);
        assertThat(over.reducedChiSquare()).isLessThan(0.25);
        assertThat(over.tauError() / honest.tauError()).isCloseTo(3.0, within(0.15));
    }

    @Test
    void unweightedFitScalesErrorsByTheScatter() {
        double[] t = ladder();
        double[][] d = synth(G2Model.SINGLE_EXPONENTIAL, new double[] {1.0, 0.25, 0.05}, t, 19);
        G2FitResult w = fitter.fit(t, d[0], d[1], G2FitOptions.of(G2Model.SINGLE_EXPONENTIAL));
        G2FitResult u = fitter.fit(t, d[0], null, G2FitOptions.of(G2Model.SINGLE_EXPONENTIAL));
        assertThat(u.success()).as(u.message()).isTrue();
        assertThat(u.tau()).isCloseTo(w.tau(), within(1e-6));
        // σ-free errors track the weighted ones when the noise is uniform.
        assertThat(u.tauError() / w.tauError()).isBetween(0.6, 1.6);
        assertThat(u.message()).contains("unweighted");
    }

    @Test
    void tooFewPointsAndZeroErrorsAreHandled() {
        double[] t = {1e-3, 2e-3, 3e-3, 4e-3};
        double[] g = {1.3, 1.2, 1.1, 1.05};
        double[] e = {0.01, 0, 0, 0.01};
        G2FitResult f = fitter.fit(t, g, e, G2FitOptions.of(G2Model.SINGLE_EXPONENTIAL));
        assertThat(f.success()).isFalse();
        assertThat(f.points()).isEqualTo(2);
        assertThat(f.message()).contains("too few usable points: 2");
    }

    @Test
    void fitsEveryBinOfAMultiTauResultInSeconds() {
        double[] t = ladder();
        int[] frames = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            frames[i] = (int) Math.round(t[i] * 1e3);
        }
        double[] taus = {0.2, 0.05, 0.01};
        double[][] g = new double[3][];
        double[][] e = new double[3][];
        for (int q = 0; q < 3; q++) {
            double[][] d = synth(G2Model.SINGLE_EXPONENTIAL, new double[] {1.0, 0.3, taus[q]}, t, 100 + q);
            g[q] = d[0];
            e[q] = d[1];
        }
        org.beamlinestudio.xpcs.corr.MultiTauResult mt = new org.beamlinestudio.xpcs.corr.MultiTauResult(frames, t, g, e,
                new double[0], new float[0], new double[0], 2000);
        java.util.List<G2FitResult> fits = fitter.fitAll(mt, G2FitOptions.of(G2Model.SINGLE_EXPONENTIAL));
        assertThat(fits).hasSize(3);
        for (int q = 0; q < 3; q++) {
            assertThat(fits.get(q).tau()).isCloseTo(taus[q], within(taus[q] * 0.03));
        }
    }
}
