package org.beamlinestudio.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule for OpenCL tests: without a device they fail on CI (env {@code CI} set, or
 * {@code -Dstudio.requireOpenCL=true}), where the setup script installs PoCL, and are skipped with
 * the reason elsewhere. Never a silent pass. Shared with the plugins' kernel tests (opencl test-jar).
 */
public final class OpenClTestSupport {

    private OpenClTestSupport() {
    }

    /** The first usable OpenCL device, or fail/skip as above. */
    public static OpenClDevice requireDevice() {
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

    /** Runs {@code body} with {@code -Dstudio.opencl.disable=true}, restoring the previous value. */
    public static void withOpenClDisabled(Runnable body) {
        String previous = System.getProperty(OpenClDevices.DISABLE_PROPERTY);
        System.setProperty(OpenClDevices.DISABLE_PROPERTY, "true");
        try {
            body.run();
        } finally {
            if (previous == null) {
                System.clearProperty(OpenClDevices.DISABLE_PROPERTY);
            } else {
                System.setProperty(OpenClDevices.DISABLE_PROPERTY, previous);
            }
        }
    }
}
