package org.beamlinestudio.core.hdf5.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Runs the reference HDF5 implementation (Debian's h5py and h5dump) against written files. */
final class ExternalTools {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private ExternalTools() {
    }

    /** Skips the calling test (with a reason) unless /usr/bin/python3 can import h5py and numpy. */
    static void assumeH5py() {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "skipped: " + PYTHON + " not found (needs Debian python3-h5py)");
        Result r = run(List.of(PYTHON.toString(), "-c", "import h5py, numpy"), 60);
        Assumptions.assumeTrue(r.exitCode == 0, "skipped: h5py/numpy not importable by " + PYTHON + ": " + r.stderr);
    }

    static Path h5dump() {
        for (String p : List.of("/usr/bin/h5dump", "/usr/local/bin/h5dump")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    static void assumeH5dump() {
        Assumptions.assumeTrue(h5dump() != null, "skipped: h5dump (Debian hdf5-tools) not installed");
    }

    /** Runs a python snippet with the given arguments; fails the test on a non-zero exit. */
    static String python(String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-c", script));
        cmd.addAll(List.of(args));
        Result r = run(cmd, 120);
        assertThat(r.exitCode).as("python failed:\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr).isZero();
        return r.stdout;
    }

    static Result run(List<String> cmd, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("tool", ".out");
            Path err = Files.createTempFile("tool", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out: " + cmd);
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static final class Result {
        final int exitCode;
        final String stdout;
        final String stderr;

        Result(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }
}
