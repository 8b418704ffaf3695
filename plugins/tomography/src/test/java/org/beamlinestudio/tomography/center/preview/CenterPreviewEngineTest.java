package org.beamlinestudio.tomography.center.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.opencl.OpenClDevice;
import org.beamlinestudio.opencl.OpenClTestSupport;
import org.beamlinestudio.tomography.center.CenterSweep;
import org.beamlinestudio.tomography.center.Sinogram;
import org.beamlinestudio.tomography.center.SweepResult;
import org.beamlinestudio.tomography.phantom.ModifiedSheppLogan;
import org.beamlinestudio.tomography.phantom.ReconstructionQuality;
import org.beamlinestudio.tomography.recon.JavaFbpReconstructor;
import org.beamlinestudio.tomography.recon.OpenClFbpReconstructor;
import org.beamlinestudio.tomography.recon.RampFilter;
import org.beamlinestudio.tomography.recon.ReconstructionGeometry;
import org.junit.jupiter.api.Test;

/** The center previews on the analytic phantom: right center close to the truth, wrong center clearly worse. */
class CenterPreviewEngineTest {

    static final int COLS = 256;
    static final int ANGLES = 360;
    static final double TRUTH = 130.25;

    static Sinogram phantom() {
        ReconstructionGeometry g = ReconstructionGeometry.halfTurn(ANGLES, COLS).withCenter(TRUTH);
        return new Sinogram(ModifiedSheppLogan.sinogram(g), ANGLES, COLS, g.angles());
    }

    static CenterPreviewEngine java(Sinogram s) {
        return new CenterPreviewEngine(s, () -> new JavaFbpReconstructor(RampFilter.RAM_LAK_TAPER));
    }

    @Test
    void theFullPreviewAtTheTrueCenterIsThePhantomAndAWrongCenterIsClearlyWorse() throws Exception {
        try (CenterPreviewEngine e = java(phantom())) {
            double[] truth = ModifiedSheppLogan.image(COLS, 4);
            PreviewSlice right = e.preview(TRUTH, PreviewReduction.FULL, new Cancellation());
            PreviewSlice wrong = e.preview(TRUTH + 3, PreviewReduction.FULL, new Cancellation());
            assertThat(right.size()).isEqualTo(COLS);
            assertThat(right.center()).isEqualTo(TRUTH);
            ReconstructionQuality qr = ReconstructionQuality.of(right.slice(), truth, COLS);
            ReconstructionQuality qw = ReconstructionQuality.of(wrong.slice(), truth, COLS);
            System.out.println("full preview: right " + qr + "; 3 px off " + qw);
            assertThat(qr.rmse()).isLessThan(0.06);
            assertThat(qr.meanRatio()).isCloseTo(1.0, within(0.03));
            assertThat(qw.rmseAligned()).isGreaterThan(1.5 * qr.rmseAligned());
            assertThat(right.caption()).contains("center 130.25 px").contains("full resolution").contains("java");
        }
    }

    @Test
    void theBinnedPreviewIsTheHalfSizePhantomAtTheTrueCenterAndWorseAwayFromIt() throws Exception {
        try (CenterPreviewEngine e = java(phantom())) {
            PreviewReduction bin2 = new PreviewReduction(2, 2);
            int n = COLS / 2;
            double[] truth = ModifiedSheppLogan.image(n, 8);
            PreviewSlice right = e.preview(TRUTH, bin2, new Cancellation());
            PreviewSlice wrong = e.preview(TRUTH + 4, bin2, new Cancellation());
            assertThat(right.size()).isEqualTo(n);
            assertThat(right.caption()).contains("center 130.25 px · bin 2");
            ReconstructionQuality qr = ReconstructionQuality.of(right.slice(), truth, n);
            ReconstructionQuality qw = ReconstructionQuality.of(wrong.slice(), truth, n);
            System.out.println("binned preview: right " + qr + "; 4 px off " + qw);
            assertThat(qr.rmse()).isLessThan(0.08);
            assertThat(qr.meanRatio()).isCloseTo(1.0, within(0.05));
            assertThat(qw.rmseAligned()).isGreaterThan(1.3 * qr.rmseAligned());
        }
    }

    @Test
    void openClAndJavaPreviewsAgreeOnTheSameInput() throws Exception {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        Sinogram s = phantom();
        try (CenterPreviewEngine java = java(s);
             CenterPreviewEngine cl = new CenterPreviewEngine(s,
                     () -> OpenClFbpReconstructor.open(device.id(), RampFilter.RAM_LAK_TAPER))) {
            assertThat(cl.deviceId()).isEqualTo(device.id());
            for (PreviewReduction r : List.of(PreviewReduction.FULL, new PreviewReduction(3, 2))) {
                float[] a = java.preview(TRUTH + 0.75, r, new Cancellation()).slice();
                float[] b = cl.preview(TRUTH + 0.75, r, new Cancellation()).slice();
                assertThat(b).hasSameSizeAs(a);
                double maxDiff = 0;
                double maxAbs = 0;
                for (int i = 0; i < a.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
                    maxAbs = Math.max(maxAbs, Math.abs(a[i]));
                }
                System.out.println("OpenCL vs Java " + r + ": max |diff| " + maxDiff + " of max " + maxAbs);
                assertThat(maxDiff).isLessThan(1e-4 * maxAbs);
            }
        }
    }

    @Test
    void theReductionIsTheLeastThatMeetsTheBudgetAtTheMeasuredSpeed() {
        // 0.5 GUPS (plain Java on two cores): 1024 × 900 in full costs ~1.9 s, bin 2 ~0.24 s, bin 3 ~0.07 s
        PreviewReduction r = CenterPreviewEngine.reductionFor(0.1, 2e-9, 1024, 900);
        assertThat(r).isEqualTo(new PreviewReduction(3, 3));
        assertThat(r.updates(1024, 900) * 2e-9).isLessThanOrEqualTo(0.1);
        assertThat(new PreviewReduction(2, 2).updates(1024, 900) * 2e-9).isGreaterThan(0.1);
        // a fast device needs none; a scan with few angles keeps at least 90 of them
        assertThat(CenterPreviewEngine.reductionFor(0.1, 1e-11, 1024, 900)).isEqualTo(PreviewReduction.FULL);
        assertThat(CenterPreviewEngine.reductionFor(0.1, 2e-9, 1024, 180).angleStride()).isEqualTo(2);
    }

    @Test
    void theFullPreviewKeepsEveryColumnAndSkipsAnglesOnlyWhenTheDeviceIsTooSlowForOneSecond() {
        // 0.5 GUPS: all 900 angles at 1024² take ~1.9 s, every 3rd ~0.63 s (within 80 % of the second)
        assertThat(CenterPreviewEngine.fullResolutionFor(1.0, 2e-9, 1024, 900)).isEqualTo(new PreviewReduction(1, 3));
        assertThat(CenterPreviewEngine.fullResolutionFor(1.0, 5e-10, 1024, 900)).isEqualTo(PreviewReduction.FULL);
        assertThat(CenterPreviewEngine.fullResolutionFor(1.0, Double.NaN, 1024, 900)).isEqualTo(PreviewReduction.FULL);
    }

    @Test
    void theGalleryFitsItsUpdateBudgetAndBinsAQuarterPixelPerStep() {
        ReconstructionGeometry g = ReconstructionGeometry.halfTurn(900, 1024);
        for (double budget : new double[] {2e8, 5e8, 1e9}) {
            org.beamlinestudio.tomography.center.SweepOptions o = CenterPreviewEngine.galleryOptions(g, 21, 0.5, budget);
            double updates = 21.0 * o.size() * o.size() * Math.ceil(900.0 / o.angleStride());
            assertThat(o.binning()).isEqualTo(2);
            assertThat(updates).isLessThanOrEqualTo(1.05 * budget);
        }
    }

    @Test
    void calibrationMeasuresTheDeviceAndTheChosenBinnedPreviewMeetsItsBudgetRoughly() throws Exception {
        try (CenterPreviewEngine e = java(phantom())) {
            PreviewReduction r = e.reductionFor(CenterPreviewEngine.BINNED_BUDGET_S, new Cancellation());
            assertThat(e.secondsPerUpdate()).isGreaterThan(0);
            assertThat(r.binning()).isBetween(1, CenterPreviewEngine.MAX_BINNING);
        }
    }

    @Test
    void theGalleryIsLabelledWithExactlyTheCandidatesAndItsBestIsNearTheTruth() throws Exception {
        try (CenterPreviewEngine e = java(phantom())) {
            double[] candidates = CenterSweep.candidates(129.5, 21, 0.5);
            List<SweepResult> g = e.gallery(candidates, Progress.NONE, new Cancellation());
            assertThat(g).hasSize(21);
            for (int i = 0; i < 21; i++) {
                assertThat(g.get(i).center()).isEqualTo(candidates[i]);
            }
            SweepResult best = CenterSweep.best(g, CenterPreviewEngine.GALLERY_SCORE);
            System.out.println("gallery best " + best.center() + " (truth " + TRUTH + ")");
            assertThat(best.center()).isCloseTo(TRUTH, within(0.5));
        }
    }

    @Test
    void theOverlayDifferenceVanishesAtTheRightAxisOnly() {
        // a 1-row "projection pair" of an off-centre bump: the opposite view is its mirror about 100.5
        int cols = 200;
        float[] first = new float[cols];
        float[] opposite = new float[cols];
        for (int x = 0; x < cols; x++) {
            first[x] = (float) Math.exp(-Math.pow((x - 70) / 6.0, 2));
            opposite[x] = (float) Math.exp(-Math.pow((2 * 100.5 - x - 70) / 6.0, 2));
        }
        OpposedProjections p = new OpposedProjections(first, opposite, 1, cols, 0, Math.PI);
        assertThat(rms(p.difference(100.5))).isLessThan(1e-3);
        assertThat(rms(p.difference(102.5))).isGreaterThan(0.1);
        assertThat(OpposedProjections.nearest(new double[] {0, 1, 3.1, 3.2}, Math.PI)).isEqualTo(2);
    }

    @Test
    void onRealScansTheOverlayDifferenceIsSmallestNearTheKnownAxis() throws Exception {
        record Scan(String file, double axis) {
        }
        for (Scan scan : List.of(new Scan("tomography/real/tooth.h5", 296.0),
                new Scan("tomography/synthetic/synth_dx.h5", 133.25))) {
            java.nio.file.Path file = org.beamlinestudio.core.testing.SharedData.require(scan.file());
            try (var src = new org.beamlinestudio.tomography.io.DataExchangeReader().open(file)) {
                OpposedProjections p = OpposedProjections.read(src);
                assertThat(Math.toDegrees(p.oppositeAngle() - p.firstAngle())).isCloseTo(180.0, within(1.01));
                double best = Double.NaN;
                double bestRms = Double.MAX_VALUE;
                for (double c = scan.axis() - 10; c <= scan.axis() + 10; c += 0.25) {
                    double r = rms(p.difference(c));
                    if (r < bestRms) {
                        bestRms = r;
                        best = c;
                    }
                }
                double off = rms(p.difference(scan.axis() + 5));
                System.out.printf("%s: overlay difference smallest at %.2f (rms %.4f; 5 px off: %.4f)%n", scan.file(),
                        best, bestRms, off);
                assertThat(best).isCloseTo(scan.axis(), within(1.0));
                assertThat(off).isGreaterThan(1.5 * bestRms);
            }
        }
    }

    private static double rms(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s / v.length);
    }
}
