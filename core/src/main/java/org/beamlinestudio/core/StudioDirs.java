package org.beamlinestudio.core;

import java.nio.file.Path;

/**
 * Where the studio keeps the user's things, following the XDG base directories on Linux (the same
 * layout under the home folder elsewhere). {@code -Dstudio.home=DIR} puts everything under DIR
 * instead (tests, portable installs).
 */
public final class StudioDirs {

    private static final String APP = "beamline-studio";

    private StudioDirs() {
    }

    /** Settings, cluster profiles, presets: {@code $XDG_CONFIG_HOME/beamline-studio}. */
    public static Path config() {
        return resolve("config", "XDG_CONFIG_HOME", ".config");
    }

    /** Demo data, catalogs, job records: {@code $XDG_DATA_HOME/beamline-studio}. */
    public static Path data() {
        return resolve("data", "XDG_DATA_HOME", ".local/share");
    }

    /** Things that can be rebuilt at any time (e.g. the viewer's coarse levels): {@code $XDG_CACHE_HOME/beamline-studio}. */
    public static Path cache() {
        return resolve("cache", "XDG_CACHE_HOME", ".cache");
    }

    /** Results of runs made without an explicit output (e.g. the demo). */
    public static Path results() {
        return data().resolve("results");
    }

    private static Path resolve(String overrideChild, String xdgVariable, String homeFallback) {
        String override = System.getProperty("studio.home");
        if (override != null && !override.isBlank()) {
            return Path.of(override).resolve(overrideChild);
        }
        String xdg = System.getenv(xdgVariable);
        Path root = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home")).resolve(homeFallback);
        return root.resolve(APP);
    }
}
