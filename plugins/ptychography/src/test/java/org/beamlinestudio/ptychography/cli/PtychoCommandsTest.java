package org.beamlinestudio.ptychography.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.beamlinestudio.core.cli.StudioCli;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.ptychography.io.TestScans;
import org.junit.jupiter.api.Test;
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
}
