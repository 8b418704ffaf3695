package org.beamlinestudio.opencl.render;

import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.render.VolumeRenderer;
import org.beamlinestudio.core.render.VolumeRendererProvider;

/** Lets core's {@link org.beamlinestudio.core.render.VolumeRenderers} open renderers on OpenCL devices. */
public final class OpenClVolumeRendererProvider implements VolumeRendererProvider {

    @Override
    public boolean supports(ComputeDevice device) {
        return device.type() != ComputeDevice.Type.JAVA && device.id().startsWith("opencl:");
    }

    @Override
    public VolumeRenderer open(ComputeDevice device) {
        return OpenClVolumeRenderer.open(device.id());
    }
}
