package org.beamlinestudio.ptychography.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.beamlinestudio.core.cli.StudioCli;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.ptychography.io.TestScans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class PtychoCommandsTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run studio(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StudioCli.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void infoDescribesTheSiemensStar() {
        Path f = SharedData.require("ptychography/siemens_star_516x128.cxi");
        Run r = studio("ptycho", "info", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("opened by ptychography.cxi").contains("516 × 128 × 128")
                .contains("12.40 keV").contains("10.42 nm").contains("confidence 0.95");
    }

    @Test
    void infoOnAGenericFileWithoutGeometrySaysWhatIsMissing() throws Exception {
        Path f = dir.resolve("plain.h5");
        try (var w = org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer.createOrReplace(f)) {
            w.createScalarDataset("/x", 1.0);
            w.commit();
        }
        Run r = studio("ptycho", "info", f.toString());
        assertThat(r.code()).isEqualTo(StudioCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains(f.toString()).contains("no ptychography layout recognised")
                .contains("ptychography.cxi: no ");
    }

    @Test
    void reconstructRefusesABadPlanAndAnExistingOutput() throws Exception {
        Path f = dir.resolve("scan.cxi");
        TestScans.writeCxi(f, TestScans.simulate(3, 16, 4), false, 1, new int[] {});
        Run bad = studio("ptycho", "reconstruct", f.toString(), "--engines", "100 DM, XX");
        assertThat(bad.code()).isEqualTo(StudioCli.EXIT_BAD_INPUT);
        assertThat(bad.err()).contains("'XX'");
        Path existing = dir.resolve("exists.h5");
        java.nio.file.Files.writeString(existing, "x");
        Run exists = studio("ptycho", "reconstruct", f.toString(), "--out", existing.toString());
        assertThat(exists.code()).isEqualTo(StudioCli.EXIT_BAD_INPUT);
        assertThat(exists.err()).contains("already exists");
    }

    @Test
    void reconstructWithTheAutomaticDeviceWritesAResultEvenWithoutOpenClKernels() throws Exception {
        Path f = dir.resolve("auto.cxi");
        TestScans.writeCxi(f, TestScans.simulate(4, 32, 6), true, 1, new int[] {});
        Path out = dir.resolve("auto_result.h5");
        Run r = studio("ptycho", "reconstruct", f.toString(), "--engines", "3 DM(beta=0.8), 2 ML", "--probe-init",
                "mean", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("device ");
        assertThat(r.out()).contains("wrote " + out);
        var stored = org.beamlinestudio.ptychography.results.PtychoResultReader.read(out);
        assertThat(stored.state().history()).hasSize(5);
        assertThat(stored.plan().get(0).parameter("beta", 0)).isEqualTo(0.8);
        assertThat(stored.state().positionY()).hasSize(16);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void ctrlCStopsAfterTheCurrentIterationAndWritesTheResultSoFar() throws Exception {
        Path f = dir.resolve("long.cxi");
        TestScans.writeCxi(f, TestScans.simulate(4, 32, 6), true, 1, new int[] {});
        Path out = dir.resolve("long_result.h5");
        // A real process and a real SIGINT: the shutdown hook is what a terminal's Ctrl-C reaches.
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                StudioCli.class.getName(), "ptycho", "reconstruct", f.toString(), "--engines", "1000000 ePIE",
                "--device", "java", "--out", out.toString()).redirectErrorStream(true).start();
        StringBuilder log = new StringBuilder();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + 120_000_000_000L;
        String line;
        while ((line = lines.readLine()) != null && System.nanoTime() < deadline) {
            log.append(line).append('\n');
            if (line.contains("ePIE iteration")) {
                break;
            }
        }
        assertThat(log.toString()).as("the run never reported an iteration").contains("ePIE iteration");
        Thread.sleep(500);
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
        while ((line = lines.readLine()) != null) {
            log.append(line).append('\n');
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(log.toString()).isTrue();
        assertThat(p.exitValue()).as(log.toString()).isEqualTo(StudioCli.EXIT_CANCELLED);
        assertThat(log.toString()).contains("interrupted after").contains("wrote " + out);
        var stored = org.beamlinestudio.ptychography.results.PtychoResultReader.read(out);
        assertThat(stored.stoppedEarly()).isTrue();
        assertThat(stored.state().iteration()).isBetween(1, 999_999);
        assertThat(stored.state().history()).hasSize(stored.state().iteration());
    }

    @Test
    void reconstructSubtractsADarkSeriesFromAFileAndRecordsWhichOne() throws Exception {
        TestScans.Sim clean = TestScans.simulate(4, 32, 6);
        // The detector's pedestal: 3 counts on every pixel, measured as a dark series of 2, 3 and 4 counts.
        float[] raw = clean.patterns().clone();
        for (int i = 0; i < raw.length; i++) {
            raw[i] += 3;
        }
        TestScans.Sim pedestal = new TestScans.Sim(clean.n(), clean.size(), raw, clean.y(), clean.x(),
                clean.energyEv(), clean.distance(), clean.pixel(), clean.objectSize(), clean.object(), clean.probe());
        Path scan = dir.resolve("pedestal.cxi");
        TestScans.writeCxi(scan, pedestal, false, 1, new int[] {});
        Path cleanScan = dir.resolve("clean.cxi");
        TestScans.writeCxi(cleanScan, clean, false, 1, new int[] {});
        Path dark = dir.resolve("dark.h5");
        float[] series = new float[3 * 32 * 32];
        for (int i = 0; i < series.length; i++) {
            series[i] = 2 + i / (32 * 32);
        }
        try (var w = org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer.createOrReplace(dark)) {
            w.createDataset("/entry/instrument/detector/dark", org.beamlinestudio.core.data.ElementType.FLOAT32,
                    new long[] {3, 32, 32}, org.beamlinestudio.core.hdf5.write.Layout.contiguous())
                    .write(new long[] {0, 0, 0}, new int[] {3, 32, 32}, series);
            w.commit();
        }
        Path out = dir.resolve("pedestal_result.h5");
        Run r = studio("ptycho", "reconstruct", scan.toString(), "--dark", dark.toString(), "--engines", "3 ePIE",
                "--device", "java", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("dark frame " + dark + ":/entry/instrument/detector/dark, mean of 3 frames");
        assertThat(org.beamlinestudio.ptychography.results.PtychoResultReader.read(out).provenance())
                .contains("subtracted: " + dark + ":/entry/instrument/detector/dark, mean of 3 frames");

        // what the dark frame does to the data: the pedestal scan less its dark is the clean scan
        var darkFrame = org.beamlinestudio.ptychography.io.DarkFrameReader.read(
                org.beamlinestudio.ptychography.io.DarkFrameReader.Source.parse(dark.toString()), 32, 32,
                new org.beamlinestudio.core.stage.Cancellation());
        var prep = org.beamlinestudio.ptychography.prep.PatternPreprocessing.defaults();
        try (var withPedestal = new org.beamlinestudio.ptychography.io.CxiReader().open(scan);
                var withoutPedestal = new org.beamlinestudio.ptychography.io.CxiReader().open(cleanScan)) {
            float[] subtracted = org.beamlinestudio.ptychography.io.PtychoScanLoader.load(withPedestal,
                    prep.withDark(darkFrame.frame()), (f, m) -> { }, new org.beamlinestudio.core.stage.Cancellation())
                    .scan().intensities();
            float[] expected = org.beamlinestudio.ptychography.io.PtychoScanLoader.load(withoutPedestal, prep,
                    (f, m) -> { }, new org.beamlinestudio.core.stage.Cancellation()).scan().intensities();
            float[] ignored = org.beamlinestudio.ptychography.io.PtychoScanLoader.load(withPedestal, prep,
                    (f, m) -> { }, new org.beamlinestudio.core.stage.Cancellation()).scan().intensities();
            assertThat(subtracted).hasSameSizeAs(expected);
            double worst = 0;
            double pedestalLeft = 0;
            for (int i = 0; i < expected.length; i++) {
                // (x + 3) - 3 in float: within one rounding of x + 3
                worst = Math.max(worst, Math.abs(subtracted[i] - expected[i]) / (Math.abs(expected[i]) + 3));
                pedestalLeft = Math.max(pedestalLeft, Math.abs(ignored[i] - expected[i]));
            }
            assertThat(worst).isLessThan(2e-7);
            assertThat(pedestalLeft).isGreaterThan(2.5);
        }

        Run wrong = studio("ptycho", "reconstruct", scan.toString(), "--dark", dark + ":/nothing/here", "--out",
                dir.resolve("never.h5").toString());
        assertThat(wrong.code()).isEqualTo(StudioCli.EXIT_BAD_INPUT);
        assertThat(wrong.err()).contains(dark.toString()).contains("/nothing/here");
    }
}
