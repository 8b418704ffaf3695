package org.beamlinestudio.opencl;

/**
 * How long one kernel ran on the device, from the event's {@code CL_PROFILING_COMMAND_START} to
 * {@code CL_PROFILING_COMMAND_END} (device time: excludes queueing and host-device transfers).
 *
 * @param kernelName  the kernel function's name
 * @param nanoseconds execution time on the device
 */
public record KernelTiming(String kernelName, long nanoseconds) {

    /** Execution time in milliseconds, for logs and reports. */
    public double millis() {
        return nanoseconds / 1e6;
    }
}
