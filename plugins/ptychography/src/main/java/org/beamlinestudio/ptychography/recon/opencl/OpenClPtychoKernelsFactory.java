package org.beamlinestudio.ptychography.recon.opencl;

import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.opencl.OpenClDevices;
import org.beamlinestudio.ptychography.recon.PtychoKernels;

/** Makes {@link OpenClPtychoKernels} for the OpenCL devices {@code studio devices} lists (ServiceLoader entry). */
public final class OpenClPtychoKernelsFactory implements PtychoKernels.Factory {

    /**
     * Only a device this machine's discovery found, as it found it: an id alone is not enough (ids are positions,
     * {@code opencl:0:0} on another machine or in saved settings may be another device).
     */
    @Override
    public boolean supports(ComputeDevice device) {
        return device.type() != ComputeDevice.Type.JAVA
                && OpenClDevices.find(device.id()).map(d -> d.info().equals(device)).orElse(false);
    }

    @Override
    public PtychoKernels create(ComputeDevice device, PtychoKernels.Problem problem) {
        return OpenClPtychoKernels.open(device, problem);
    }
}
