package org.beamlinestudio.core.cli;

import picocli.CommandLine;

/** The studio's version, from the jar manifest (falls back to "development"). */
public final class StudioVersion implements CommandLine.IVersionProvider {

    /** The version string recorded in provenance. */
    public static String version() {
        String v = StudioVersion.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT (development build)" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"Beamline Studio " + version(),
                "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")};
    }
}
