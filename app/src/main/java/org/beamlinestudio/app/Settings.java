package org.beamlinestudio.app;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the studio remembers between runs. Missing or nonsensical fields fall back to defaults, so
 * a settings file from an older or newer version still loads.
 *
 * @param window        last window bounds, or null to let the window centre itself
 * @param recentFiles   most recent first, absolute paths, at most {@link #MAX_RECENT}
 * @param computeDevice "auto", "java", or a device id from {@code studio devices}
 * @param cacheBudgetMb memory the dataset cache may use, in MB; 0 = auto (core's default, a quarter of the heap)
 * @param pyramidCacheMb disk the viewer's coarse levels (sidecar stores in the cache folder) may use, in MB;
 *                      least recently used stores are removed beyond it; 0 = the default, 2 GB
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Settings(WindowBounds window, List<String> recentFiles, String computeDevice, long cacheBudgetMb,
                       long pyramidCacheMb) {

    /** How many recent files are kept. */
    public static final int MAX_RECENT = 10;
    /** Default dataset cache budget: 0 = auto. */
    public static final long DEFAULT_CACHE_MB = 0;
    /** Default disk limit of the viewer's coarse levels: 2 GB. */
    public static final long DEFAULT_PYRAMID_CACHE_MB = 2048;

    /** Window position and size in screen coordinates. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WindowBounds(double x, double y, double width, double height, boolean maximized) {
    }

    public Settings {
        if (window != null && (window.width() < 200 || window.height() < 150)) {
            window = null;
        }
        recentFiles = recentFiles == null ? List.of()
                : recentFiles.stream().filter(s -> s != null && !s.isBlank()).distinct().limit(MAX_RECENT).toList();
        computeDevice = computeDevice == null || computeDevice.isBlank() ? "auto" : computeDevice;
        cacheBudgetMb = Math.max(0, cacheBudgetMb);
        pyramidCacheMb = pyramidCacheMb <= 0 ? DEFAULT_PYRAMID_CACHE_MB : pyramidCacheMb;
    }

    /** Settings with the default pyramid cache limit. */
    public Settings(WindowBounds window, List<String> recentFiles, String computeDevice, long cacheBudgetMb) {
        this(window, recentFiles, computeDevice, cacheBudgetMb, DEFAULT_PYRAMID_CACHE_MB);
    }

    /** The defaults of a first run. */
    public static Settings defaults() {
        return new Settings(null, List.of(), "auto", DEFAULT_CACHE_MB);
    }

    /** These settings with a file moved to the front of the recent list. */
    public Settings withRecent(Path file) {
        String p = file.toAbsolutePath().normalize().toString();
        List<String> list = new ArrayList<>(MAX_RECENT + 1);
        list.add(p);
        recentFiles.stream().filter(s -> !s.equals(p)).forEach(list::add);
        return new Settings(window, list, computeDevice, cacheBudgetMb, pyramidCacheMb);
    }

    /** These settings with other window bounds. */
    public Settings withWindow(WindowBounds bounds) {
        return new Settings(bounds, recentFiles, computeDevice, cacheBudgetMb, pyramidCacheMb);
    }
}
