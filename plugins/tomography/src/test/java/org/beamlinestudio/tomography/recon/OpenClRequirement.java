package org.beamlinestudio.tomography.recon;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.beamlinestudio.opencl.OpenClDevice;
import org.beamlinestudio.opencl.OpenClDevices;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's rule for OpenCL tests: without a device they fail on CI (env {@code CI} set, or
 * {@code -Dstudio.requireOpenCL=true}) and are skipped with the reason elsewhere; never a silent pass.
 */
final class OpenClRequirement {

    private OpenClRequirement() {
    }

    static OpenClDevice requireDevice() {
        List<OpenClDevice> devices = OpenClDevices.devices();
        if (!devices.isEmpty()) {
            return devices.get(0);
        }
        String message = "No OpenCL device found: " + OpenClDevices.chooseDevice("auto").reason()
                + ". Install ocl-icd-libopencl1 and pocl-opencl-icd (a CPU OpenCL driver) to run this test.";
        if (System.getenv("CI") != null || Boolean.getBoolean("studio.requireOpenCL")) {
            fail(message + " OpenCL is required here (CI is set or -Dstudio.requireOpenCL=true).");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
