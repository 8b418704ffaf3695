package org.beamlinestudio.core.render;

import org.beamlinestudio.core.compute.ComputeDevice;

/**
 * Makes renderers for devices other than plain Java; the opencl module provides one through
 * {@link java.util.ServiceLoader}.
 */
public interface VolumeRendererProvider {

    /** Whether this provider can render on {@code device}. */
    boolean supports(ComputeDevice device);

    /**
     * Opens a renderer on {@code device}.
     *
     * @throws RuntimeException when the device cannot be used (driver, build, memory); callers fall back to Java
     */
    VolumeRenderer open(ComputeDevice device);
}
