package org.beamlinestudio.ptychography.recon.opencl;

import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.opencl.OpenClDevices;
import org.beamlinestudio.ptychography.recon.PtychoKernels;

/** Makes {@link OpenClPtychoKernels} for the OpenCL devices {@code studio devices} lists (ServiceLoader entry). */
public final class OpenClPtychoKernelsFactory implements PtychoKernels.Factory {

    @Override
    public boolean supports(ComputeDevice device) {
        return device.type() != ComputeDevice.Type.JAVA && OpenClDevices.find(device.id()).isPresent();
    }

    @Override
    public PtychoKernels create(ComputeDevice device, PtychoKernels.Problem problem) {
        return OpenClPtychoKernels.open(device, problem);
    }
}
