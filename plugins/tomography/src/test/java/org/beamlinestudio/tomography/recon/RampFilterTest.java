package org.beamlinestudio.tomography.recon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The filters' definitions, the exact discrete ramp, its normalisation, and the angular weights. */
class RampFilterTest {

    @Test
    void windowsHaveTheirTextbookValues() {
        for (RampFilter f : RampFilter.values()) {
            assertThat(f.window(0)).as(f.id()).isCloseTo(1, within(1e-12));
        }
        assertThat(RampFilter.RAM_LAK.window(1)).isEqualTo(1);
        assertThat(RampFilter.SHEPP_LOGAN.window(1)).isCloseTo(2 / Math.PI, within(1e-12));
        assertThat(RampFilter.COSINE.window(1)).isCloseTo(0, within(1e-12));
        assertThat(RampFilter.HAMMING.window(1)).isCloseTo(0.08, within(1e-12));
        assertThat(RampFilter.HANN.window(0.5)).isCloseTo(0.5, within(1e-12));
        assertThat(RampFilter.HANN.window(1)).isCloseTo(0, within(1e-12));
        assertThat(RampFilter.PARZEN.window(0.5)).isCloseTo(0.25, within(1e-12));
        assertThat(RampFilter.PARZEN.window(1)).isCloseTo(0, within(1e-12));
    }

    @Test
    void idsRoundTripAndAliasesAreAccepted() {
        for (RampFilter f : RampFilter.values()) {
            assertThat(RampFilter.of(f.id())).isEqualTo(f);
        }
        assertThat(RampFilter.of("ramlak")).isEqualTo(RampFilter.RAM_LAK);
        assertThat(RampFilter.of("Shepp_Logan")).isEqualTo(RampFilter.SHEPP_LOGAN);
        assertThatThrownBy(() -> RampFilter.of("butterworth")).hasMessageContaining("known: ram-lak-taper, ram-lak, shepp-logan");
    }

    @Test
    void theTaperLeavesTheBandAloneTo70PercentAndEndsAt08() {
        RampFilter t = RampFilter.RAM_LAK_TAPER;
        assertThat(t.window(0.0)).isEqualTo(1.0);
        assertThat(t.window(0.7)).isEqualTo(1.0);
        assertThat(t.window(0.85)).isCloseTo(0.9, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(t.window(1.0)).isCloseTo(0.8, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void theDiscreteRampHasAPositiveDcTermAndAHalfAtNyquist() {
        double[] r = RampFilter.RAM_LAK.response(1024);
        // Σ h(n) = 1/4 − 2 Σ_{odd n < 512} 1/(π² n²) = (2/π²) Σ_{odd n ≥ 513} 1/n² ≈ 1/(π² · 512): small, not 0.
        assertThat(r[0]).isPositive().isCloseTo(1 / (Math.PI * Math.PI * 512), within(2e-6));
        assertThat(r[512]).isCloseTo(0.5, within(1e-3));
        // Between, close to the continuous ramp |f| (f in cycles per pixel).
        assertThat(r[256]).isCloseTo(0.25, within(1e-3));
        assertThat(RampFilter.paddedLength(512)).isEqualTo(1024);
        assertThat(RampFilter.paddedLength(513)).isEqualTo(2048);
    }

    @Test
    void filteringAnImpulseGivesTheSpatialKernelTimesTheWeight() {
        int cols = 64;
        int angles = 8;
        ReconstructionGeometry g = ReconstructionGeometry.halfTurn(angles, cols);
        FbpPlan plan = new FbpPlan(g, RampFilter.RAM_LAK);
        float[] sino = new float[angles * cols];
        sino[3 * cols + 20] = 1;
        float[] q = new float[plan.filteredLength()];
        assertThat(q).hasSize(angles * 2 * plan.width());
        plan.filter(sino, 0, q);
        double w = Math.PI / angles;
        int row3 = 3 * 2 * plan.width();
        for (int j = 0; j < cols; j++) {
            int n = j - 20;
            double h = n == 0 ? 0.25 : (n % 2 == 0 ? 0 : -1 / (Math.PI * Math.PI * n * n));
            int at = row3 + 2 * (plan.left() + j);
            assertThat((double) q[at]).as("column %d", j).isCloseTo(w * h, within(1e-6));
            assertThat(q[at + 1]).as("slope at column %d", j).isEqualTo(q[at + 2] - q[at]);
            assertThat(q[2 * 2 * plan.width() + 2 * (plan.left() + j)]).isZero();
        }
        for (int j = 0; j < 2 * plan.left() - 1; j++) {
            assertThat(q[row3 + j]).isZero();
        }
        assertThat(q[row3 + 2 * plan.left() - 1]).as("slope into the first column").isEqualTo(q[row3 + 2 * plan.left()]);
    }

    @Test
    void evenlySpacedHalfAndFullTurnsWeighEachAngleByPiOverK() {
        double[] half = ReconstructionGeometry.halfTurn(180, 16).angles();
        for (double w : FbpPlan.angularWeights(half)) {
            assertThat(w).isEqualTo(Math.PI / 180);
        }
        double[] full = new double[360];
        for (int i = 0; i < full.length; i++) {
            full[i] = 2 * Math.PI * i / full.length;
        }
        for (double w : FbpPlan.angularWeights(full)) {
            assertThat(w).isCloseTo(Math.PI / 360, within(1e-12));
        }
        // 0…180° inclusive (181 frames): the 180° frame repeats 0°, so the total stays π.
        double[] inclusive = new double[181];
        for (int i = 0; i < inclusive.length; i++) {
            inclusive[i] = Math.toRadians(i);
        }
        assertThat(sum(FbpPlan.angularWeights(inclusive))).isCloseTo(Math.PI, within(1e-12));
    }

    @Test
    void unevenAnglesAreWeighedByTheirShareOfTheTurn() {
        double[] a = {0, 0.1, 0.3, 0.35, 1.0, 2.0, 3.0};
        double[] w = FbpPlan.angularWeights(new double[] {0.3, 0, 2.0, 0.1, 3.0, 0.35, 1.0});
        assertThat(sum(w)).isCloseTo(Math.PI, within(1e-12));
        double[] sorted = FbpPlan.angularWeights(a);
        assertThat(sorted[3]).isLessThan(sorted[5]); // 0.35 sits in a crowd, 2.0 alone
        // Limited angle (less than π covered): weights are the plain gaps, not stretched to π.
        assertThat(sum(FbpPlan.angularWeights(new double[] {0, 0.5, 1.2}))).isCloseTo(0.5 + 0.6 + 0.7, within(1e-12));
    }

    private static double sum(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        return s;
    }
}
