package org.beamlinestudio.app;

import java.lang.management.ManagementFactory;

/** Milliseconds since the JVM started, for the cold-start figures the studio logs. */
public final class StartupClock {

    private StartupClock() {
    }

    /** Milliseconds from JVM start to now. */
    public static long sinceJvmStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }
}
