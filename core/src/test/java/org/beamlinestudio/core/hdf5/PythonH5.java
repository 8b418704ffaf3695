package org.beamlinestudio.core.hdf5;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Python scripts with h5py + numpy to make test fixtures. Tests that need it are skipped
 * (JUnit assumption, with the reason) when no such Python is installed; they never pass silently.
 */
final class PythonH5 {
    private static volatile String python;
    private static volatile String missing;

    private PythonH5() {
    }

    /** The Python that has h5py and numpy; skips the calling test when there is none. */
    static String require() {
        if (python == null && missing == null) {
            synchronized (PythonH5.class) {
                if (python == null && missing == null) {
                    find();
                }
            }
        }
        assumeTrue(python != null, () -> "python3 with h5py and numpy not available: " + missing);
        return python;
    }

    private static void find() {
        // Debian's python3 has python3-h5py; another python3 earlier on PATH may not
        List<String> tried = new ArrayList<>();
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import h5py, numpy").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    python = candidate;
                    return;
                }
                tried.add(candidate + ": " + out.strip());
            } catch (IOException | InterruptedException e) {
                tried.add(candidate + ": " + e.getMessage());
            }
        }
        missing = String.join("; ", tried);
    }

    /** Runs {@code script} with the arguments; fails the test with Python's output when it fails. */
    static String run(Path dir, String script, String... args) throws IOException, InterruptedException {
        String py = require();
        Path file = Files.createTempFile(dir, "fixture", ".py");
        Files.writeString(file, script);
        List<String> cmd = new ArrayList<>(List.of(py, file.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("fixture script timed out: " + out);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("fixture script failed (" + p.exitValue() + "):\n" + out);
        }
        return out;
    }
}
