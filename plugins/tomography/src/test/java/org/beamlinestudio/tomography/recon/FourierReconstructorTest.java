package org.beamlinestudio.tomography.recon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicInteger;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.tomography.phantom.ModifiedSheppLogan;
import org.beamlinestudio.tomography.phantom.ReconstructionQuality;
import org.junit.jupiter.api.Test;

/**
 * The gridding reconstructor against the analytic modified Shepp–Logan, with the acceptance numbers
 * of the issue (those of silx's FBP at the same sizes): raw RMSE, SSIM, scale and shift.
 */
class FourierReconstructorTest {

    static ReconstructionQuality quality(ReconstructionGeometry g, float[] sino, int slices) throws Exception {
        try (FourierReconstructor r = new FourierReconstructor()) {
            float[] rec = r.reconstruct(sino, slices, g, Progress.NONE, new Cancellation());
            int n = g.size();
            float[] first = java.util.Arrays.copyOf(rec, n * n);
            ReconstructionQuality q = ReconstructionQuality.of(first, ModifiedSheppLogan.image(n, 4), n);
            System.out.printf("Fourier %d cols, %d angles, centre %.2f: %s%n", g.columns(), g.nAngles(), g.center(), q);
            return q;
        }
    }

    private static void assertNoScaleNoShift(ReconstructionQuality q) {
        assertThat(q.meanRatio()).isCloseTo(1.0, within(0.01));
        assertThat(q.scale()).isCloseTo(1.0, within(0.02));
        assertThat(q.shiftX()).isZero();
        assertThat(q.shiftY()).isZero();
    }

    @Test
    void powerOfTwoWidth512MeetsTheAcceptanceNumbers() throws Exception {
        ReconstructionQuality q = quality(ReconstructionGeometry.halfTurn(512, 512), ModifiedSheppLogan.sinogram(512, 512), 1);
        assertThat(q.rmse()).isLessThanOrEqualTo(0.0158);
        assertThat(q.ssim()).isGreaterThanOrEqualTo(0.943);
        assertNoScaleNoShift(q);
    }

    @Test
    void powerOfTwoWidth1024MeetsTheAcceptanceNumbers() throws Exception {
        ReconstructionQuality q = quality(ReconstructionGeometry.halfTurn(1024, 1024),
                ModifiedSheppLogan.sinogram(1024, 1024), 1);
        assertThat(q.rmse()).isLessThanOrEqualTo(0.0112);
        assertThat(q.ssim()).isGreaterThanOrEqualTo(0.963);
        assertNoScaleNoShift(q);
    }

    /** Slow (≈ 1 min of phantom making on 2 cores): run with {@code -Dstudio.slowTests=true}. */
    @Test
    void width2048MeetsTheAcceptanceNumbers() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("studio.slowTests"),
                "2048²×2048 is a slow test: run with -Dstudio.slowTests=true");
        ReconstructionQuality q = quality(ReconstructionGeometry.halfTurn(2048, 2048),
                ModifiedSheppLogan.sinogram(2048, 2048), 1);
        assertThat(q.rmse()).isLessThanOrEqualTo(0.0082);
        assertThat(q.ssim()).isGreaterThanOrEqualTo(0.975);
        assertNoScaleNoShift(q);
    }

    @Test
    void nonPowerOfTwoWidth600() throws Exception {
        ReconstructionQuality q = quality(ReconstructionGeometry.halfTurn(600, 600), ModifiedSheppLogan.sinogram(600, 600), 1);
        assertThat(q.rmse()).isLessThanOrEqualTo(0.0158);
        assertThat(q.ssim()).isGreaterThanOrEqualTo(0.943);
        assertNoScaleNoShift(q);
    }

    @Test
    void fractionalCentreIsAPhaseRampNotAShift() throws Exception {
        ReconstructionGeometry g = ReconstructionGeometry.halfTurn(600, 600).withCenter(300.25);
        ReconstructionQuality q = quality(g, ModifiedSheppLogan.sinogram(g), 1);
        assertThat(q.rmse()).isLessThanOrEqualTo(0.0158);
        assertThat(q.ssim()).isGreaterThanOrEqualTo(0.943);
        assertNoScaleNoShift(q);
    }

    @Test
    void oddSizeAndFullTurnWithUnevenAngles() throws Exception {
        // 301 px: pixel centres at half-integers; a full turn of 500 slightly jittered angles.
        int n = 301;
        double[] a = new double[500];
        java.util.Random rnd = new java.util.Random(3);
        for (int k = 0; k < a.length; k++) {
            a[k] = (k + 0.3 * (rnd.nextDouble() - 0.5)) * 2 * Math.PI / a.length;
        }
        ReconstructionGeometry g = new ReconstructionGeometry(a, n, n / 2.0, n);
        ReconstructionQuality q = quality(g, ModifiedSheppLogan.sinogram(g), 1);
        assertThat(q.rmse()).isLessThanOrEqualTo(0.025);
        assertNoScaleNoShift(q);
    }

    @Test
    void slicesOfAPairAndAnOddSliceAreReconstructedIndependently() throws Exception {
        int n = 128;
        ReconstructionGeometry g = ReconstructionGeometry.halfTurn(180, n);
        float[] one = ModifiedSheppLogan.sinogram(n, 180);
        int slices = 3;
        float[] slab = new float[slices * one.length];
        for (int s = 0; s < slices; s++) {
            for (int i = 0; i < one.length; i++) {
                slab[s * one.length + i] = one[i] * (s + 1);
            }
        }
        try (FourierReconstructor r = new FourierReconstructor("ram-lak", 2)) {
            float[] single = r.reconstruct(one, 1, g, Progress.NONE, new Cancellation());
            AtomicInteger updates = new AtomicInteger();
            float[] rec = r.reconstruct(slab, slices, g, (f, msg) -> updates.incrementAndGet(), new Cancellation());
            assertThat(updates.get()).isEqualTo(2);
            for (int s = 0; s < slices; s++) {
                for (int i = 0; i < n * n; i++) {
                    assertThat(rec[s * n * n + i]).isCloseTo(single[i] * (s + 1), within(2e-4f * (s + 1)));
                }
            }
        }
    }

    @Test
    void otherFiltersSmoothAndKeepTheScale() throws Exception {
        int n = 256;
        ReconstructionGeometry g = ReconstructionGeometry.halfTurn(256, n);
        float[] sino = ModifiedSheppLogan.sinogram(n, 256);
        for (String f : FourierReconstructor.FILTERS) {
            try (FourierReconstructor r = new FourierReconstructor(f, 1)) {
                ReconstructionQuality q = ReconstructionQuality.of(
                        r.reconstruct(sino, 1, g, Progress.NONE, new Cancellation()), ModifiedSheppLogan.image(n, 4), n);
                assertThat(q.meanRatio()).as(f).isCloseTo(1.0, within(0.01));
                assertThat(q.rmse()).as(f).isLessThan(0.06);
            }
        }
        assertThatThrownBy(() -> new FourierReconstructor("butterworth", 1)).hasMessageContaining("ram-lak");
    }

    @Test
    void cancellationStopsBetweenSlicePairs() {
        int n = 64;
        ReconstructionGeometry g = ReconstructionGeometry.halfTurn(64, n);
        float[] slab = new float[8 * 64 * n];
        Cancellation c = new Cancellation();
        c.cancel();
        try (FourierReconstructor r = new FourierReconstructor()) {
            assertThatThrownBy(() -> r.reconstruct(slab, 8, g, Progress.NONE, c))
                    .isInstanceOf(Cancellation.CancelledException.class);
        }
    }

    @Test
    void angleWeightsShareTheHalfTurn() {
        double[] w = FourierReconstructor.Plan.angleWeights(new double[] {0, 0.1, 0.3, Math.PI + 0.05});
        assertThat(w[0] + w[1] + w[2] + w[3]).isCloseTo(Math.PI, within(1e-12));
        assertThat(FourierReconstructor.fastSize(1201)).isEqualTo(1250);
        assertThat(FourierReconstructor.fastSize(1024)).isEqualTo(1024);
    }
}
