package org.beamlinestudio.core.hdf5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not (complete) HDF5 are rejected with a message that names the file and the problem. */
class Hdf5FileOpenErrorsTest {

    @TempDir
    Path dir;

    @Test
    void truncatedCopyOfToothSaysHowShortItIs() throws Exception {
        byte[] all = Files.readAllBytes(SharedData.require("tomography/real/tooth.h5"));
        assertThat(all).hasSize(1_043_312);
        Path cut = dir.resolve("tooth_cut.h5");
        int keep = (int) (all.length * 0.4);
        Files.write(cut, Arrays.copyOf(all, keep));
        assertThatThrownBy(() -> Hdf5File.open(cut))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(cut.toString())
                .hasMessageContaining("truncated")
                .hasMessageContaining(Hdf5Probe.bytes(keep))
                .hasMessageContaining("1 043 312");
    }

    @Test
    void randomBytesAreNotHdf5AndTheFirstBytesAreShown() throws Exception {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        noise[0] = 0x01; // never a printable start
        Path f = dir.resolve("noise.h5");
        Files.write(f, noise);
        assertThatThrownBy(() -> Hdf5File.open(f))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("not an HDF5 file")
                .hasMessageContaining(String.format("%02X %02X", noise[0] & 0xff, noise[1] & 0xff));
    }

    @Test
    void pdfIsRecognisedByItsText() throws Exception {
        Path f = dir.resolve("paper.h5");
        Files.writeString(f, "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj << /Type /Catalog >>\n");
        assertThatThrownBy(() -> Hdf5File.open(f))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("starts with '%PDF-1.7'")
                .hasMessageContaining("PDF");
    }

    @Test
    void emptyFile() throws Exception {
        Path f = dir.resolve("empty.h5");
        Files.createFile(f);
        assertThatThrownBy(() -> Hdf5File.open(f))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("empty (0 bytes)");
    }

    @Test
    void missingFileAndFolder() {
        Path f = dir.resolve("nope.h5");
        assertThatThrownBy(() -> Hdf5File.open(f))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> Hdf5File.open(dir))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("folder");
    }

    @Test
    void unreadableFileSaysPermissionDenied() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "running as root: every file is readable");
        Path f = dir.resolve("secret.h5");
        Files.copy(SharedData.require("tomography/real/tooth.h5"), f);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        assertThatThrownBy(() -> Hdf5File.open(f))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("permission denied");
    }

    @Test
    void hdf5SignatureWithGarbageAfterItIsReportedNotThrownRaw() throws Exception {
        byte[] b = new byte[2048];
        System.arraycopy(Hdf5Probe.SIGNATURE, 0, b, 0, 8);
        b[8] = 0; // superblock version 0 ...
        b[13] = 8; // ... with 8-byte offsets, but the rest is zeros: base 0, end of file 0
        Path f = dir.resolve("garbage.h5");
        Files.write(f, b);
        assertThatThrownBy(() -> Hdf5File.open(f))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(f.toString());
    }

    @Test
    void thousandsAreGroupedForReading() {
        assertThat(Hdf5Probe.bytes(12_345)).isEqualTo("12 345");
        assertThat(Hdf5Probe.bytes(1_043_312)).isEqualTo("1 043 312");
        assertThat(Hdf5Probe.bytes(999)).isEqualTo("999");
    }
}
