package org.beamlinestudio.ptychography.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.beamlinestudio.core.cli.StudioCli;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.io.CxiReader;
import org.beamlinestudio.ptychography.io.EnginePlanText;
import org.beamlinestudio.ptychography.io.PtychoScanLoader;
import org.beamlinestudio.ptychography.io.PtychoSource;
import org.beamlinestudio.ptychography.prep.PatternPreprocessing;
import org.beamlinestudio.ptychography.recon.IterationReport;
import org.beamlinestudio.ptychography.recon.PtychoReconstructor;
import org.beamlinestudio.ptychography.recon.PtychoResult;
import org.beamlinestudio.ptychography.recon.ReconstructionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real data: the Siemens star (516 patterns of 128², tike's fixture) read, preprocessed, reconstructed with 30 DM
 * then 8 ML on the Java engines, written and read back; and the CLI on the same file.
 *
 * <p>The star test: the phase on circles around the star's centre has a dominant angular harmonic, the number of
 * spoke pairs (30 for this star; the same on every circle), far above the spectrum's median. Thresholds: on a
 * failed reconstruction (random phase) the strongest of ~180 harmonics is about 3× their median; on this
 * reconstruction it is 90–120×. We ask ≥ 20× on three radii, the same harmonic on all three, and a spoke phase
 * modulation of at least 0.2 rad peak (the reconstruction gives about 0.4).
 */
class SiemensStarReconstructionTest {

    static final String STAR = "ptychography/siemens_star_516x128.cxi";

    @TempDir
    Path dir;

    @Test
    void dmThenMlFindsTheStarsSpokesAndTheErrorFallsThreefold() throws Exception {
        Path f = SharedData.require(STAR);
        PtychoResult r;
        String plan = "30 DM, 8 ML";
        long t0 = System.nanoTime();
        try (PtychoSource src = new CxiReader().open(f)) {
            PtychoScanLoader.Loaded l = PtychoScanLoader.load(src, PatternPreprocessing.defaults(), (a, b) -> { },
                    new Cancellation());
            r = PtychoReconstructor.create(l.scan(), EnginePlanText.parse(plan), ReconstructionOptions.defaults(),
                    ComputeDevices.javaDevice()).run(rep -> { }, new Cancellation());
            PtychoResultWriter.write(dir.resolve("star.h5"), r, src.readerId(), PatternPreprocessing.defaults()
                    .describe(l.plan()));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        List<IterationReport> h = r.state().history();
        assertThat(h).hasSize(38);
        double first = h.get(0).fourierError();
        double last = h.get(h.size() - 1).fourierError();
        System.out.printf("Siemens star, %s on Java: Fourier error %.4f -> %.4f (%.1fx) in %.1f s%n", plan, first,
                last, first / last, secs);
        assertThat(last).as("Fourier error first %s, last %s", first, last).isLessThanOrEqualTo(first / 3);

        ComplexField o = r.state().object();
        double cy = 0;
        double cx = 0;
        int n = r.state().positionY().length;
        for (int i = 0; i < n; i++) {
            cy += r.state().positionY()[i] / n;
            cx += r.state().positionX()[i] / n;
        }
        cy += r.scan().height() / 2.0;
        cx += r.scan().width() / 2.0;
        SpokeContrast.Ring star = SpokeContrast.findStar(o, cy, cx, 90, 40);
        System.out.println("star " + star);
        for (double radius : new double[] {60, 90, 120}) {
            SpokeContrast.Ring ring = SpokeContrast.measure(o, star.centreY(), star.centreX(), radius);
            System.out.printf("radius %.0f px: harmonic %d, amplitude %.3f rad, %.1fx the median%n", radius,
                    ring.harmonic(), ring.amplitude(), ring.ratio());
            assertThat(ring.harmonic()).as("spoke pairs at radius %s", radius).isEqualTo(star.harmonic());
            assertThat(ring.ratio()).as("spoke harmonic over the median at radius %s", radius)
                    .isGreaterThanOrEqualTo(20);
            assertThat(ring.amplitude()).isGreaterThanOrEqualTo(0.2);
        }
        assertThat(star.harmonic()).isEqualTo(30);

        StoredPtychoResult back = PtychoResultReader.read(dir.resolve("star.h5"));
        assertThat(back.state().object()).isEqualTo(o);
        assertThat(back.objectPixelSize()[0]).isCloseTo(10.417e-9, org.assertj.core.data.Offset.offset(1e-11));
    }

    @Test
    void theCliReconstructsTheStarToAnHdf5Result() throws Exception {
        Path f = SharedData.require(STAR);
        Path out = dir.resolve("star_cli.h5");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = StudioCli.execute(new String[] {"ptycho", "reconstruct", f.toString(), "--engines", "4 DM, 2 ML",
            "--device", "java", "--out", out.toString()}, new PrintWriter(o), new PrintWriter(e));
        assertThat(code).as(e.toString()).isZero();
        assertThat(o.toString()).contains("wrote " + out).contains("Fourier error");
        StoredPtychoResult r = PtychoResultReader.read(out);
        assertThat(r.state().iteration()).isEqualTo(6);
        assertThat(r.state().history()).hasSize(6);
        assertThat(r.state().probeModes()).hasSize(1);
        assertThat(r.state().positionY()).hasSize(516);
        assertThat(r.plan()).isEqualTo(EnginePlanText.parse("4 DM, 2 ML"));
        assertThat(r.provenance()).contains("\"reader\":\"ptychography.cxi\"").contains("siemens_star_516x128.cxi")
                .contains("\"quadrants_swapped\":\"true\"").contains("sha256_first_mib");
        // the object covers the scan (about 330 object pixels of travel) plus the 128 px probe
        assertThat(r.state().object().height()).isBetween(128 + 320, 128 + 400);
    }
}
