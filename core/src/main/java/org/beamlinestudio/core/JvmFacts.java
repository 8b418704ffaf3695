package org.beamlinestudio.core;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * What the running JVM tells about itself through HotSpot's {@code com.sun.management} (module
 * {@code jdk.management}), read in one place: a trimmed runtime without that module, or another JVM, answers
 * "unknown" here instead of failing with a {@link LinkageError} wherever the question is asked.
 */
public final class JvmFacts {

    private JvmFacts() {
    }

    /** CPU time of the whole process (all threads), nanoseconds; 0 where the JVM does not tell. */
    public static long processCpuNanos() {
        try {
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean hs) {
                return hs.getProcessCpuTime();
            }
        } catch (LinkageError e) {
            // no jdk.management in this runtime
        }
        return 0;
    }

    /** The value of a HotSpot VM option ({@code -XX:NAME}), as the JVM runs it; empty where it cannot be read. */
    public static Optional<String> vmOption(String name) {
        try {
            com.sun.management.HotSpotDiagnosticMXBean hs =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Optional.of(hs.getVMOption(name).getValue());
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty(); // not HotSpot, no such option, or no jdk.management
        }
    }
}
