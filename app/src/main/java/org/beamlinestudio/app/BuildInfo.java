package org.beamlinestudio.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;

/** What the build recorded about itself (version, time, git commit), from a resource filtered by Maven. */
public record BuildInfo(String version, Optional<String> buildTime, Optional<String> commit) {

    private static final String RESOURCE = "build-info.properties";

    /** The build information of the running app; what the build could not tell is empty. */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // An unreadable resource means an unknown build, not a broken app.
        }
        return new BuildInfo(value(p, "version").orElse("development"), value(p, "build.time"),
                value(p, "git.commit").filter(c -> !c.equals("unknown")));
    }

    /** One line: "commit abc1234567, built 2026-01-31T12:00:00Z", or what of it is known. */
    public String describe() {
        String c = commit.map(s -> "commit " + s).orElse("commit unknown");
        return buildTime.map(t -> c + ", built " + t).orElse(c);
    }

    private static Optional<String> value(Properties p, String key) {
        String v = p.getProperty(key);
        // An unfiltered placeholder (a build that skipped filtering) counts as unknown.
        return v == null || v.isBlank() || v.contains("${") ? Optional.empty() : Optional.of(v.trim());
    }
}
