package org.beamlinestudio.core.compute;

/**
 * Discovers compute devices. The opencl module provides one through {@link java.util.ServiceLoader};
 * when none is on the classpath (a cluster node without the opencl module), only plain Java exists.
 * Implementations must never throw for missing drivers: they report them in
 * {@link DeviceChoice#problems()}.
 */
public interface ComputeDeviceProvider {

    /**
     * Discovers devices (cached after the first call) and chooses one for {@code preference}:
     * {@code "auto"} (GPU, else CPU OpenCL, else Java), {@code "java"}, or a device id.
     */
    DeviceChoice choose(String preference);
}
