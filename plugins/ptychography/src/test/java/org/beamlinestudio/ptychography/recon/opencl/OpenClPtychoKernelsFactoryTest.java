package org.beamlinestudio.ptychography.recon.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.opencl.OpenClTestSupport;
import org.junit.jupiter.api.Test;

/** The factory takes exactly the OpenCL devices discovery found, nothing that merely shares an id. */
class OpenClPtychoKernelsFactoryTest {

    @Test
    void supportsDiscoveredDevicesOnly() {
        ComputeDevice found = OpenClTestSupport.requireDevice().info();
        OpenClPtychoKernelsFactory factory = new OpenClPtychoKernelsFactory();
        assertThat(factory.supports(found)).isTrue();
        assertThat(factory.supports(ComputeDevices.javaDevice())).isFalse();
        ComputeDevice impostor = new ComputeDevice(found.id(), "Some GPU", ComputeDevice.Type.GPU, "X", 10, 1L << 30,
                "OpenCL C 1.2");
        assertThat(factory.supports(impostor)).isFalse();
    }
}
