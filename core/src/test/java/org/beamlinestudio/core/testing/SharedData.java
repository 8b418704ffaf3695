package org.beamlinestudio.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared test data ({@code ../shared/data} beside the clone). Tests that need it skip with
 * a message naming the missing path; they never pass silently.
 */
public final class SharedData {

    private SharedData() {
    }

    /** The shared data folder: {@code -Dstudio.shared.data} when it exists, else {@code ../shared/data} upwards. */
    public static Path root() {
        String prop = System.getProperty("studio.shared.data");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        // The build's default points beside the reactor root; a git worktree elsewhere finds it upwards.
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolveSibling("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate.normalize();
            }
        }
        return dir.resolveSibling("shared").resolve("data");
    }

    /** A file under the shared data folder; skips the test (JUnit assumption) when it is absent. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.isRegularFile(p), () -> "shared test data absent: " + p
                + " (set -Dstudio.shared.data or put ../shared/data beside the clone)");
        return p;
    }
}
