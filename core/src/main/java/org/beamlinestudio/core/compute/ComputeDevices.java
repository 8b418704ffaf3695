package org.beamlinestudio.core.compute;

import java.util.List;
import java.util.ServiceLoader;

/** Entry point to device discovery that works with or without the opencl module on the classpath. */
public final class ComputeDevices {

    private ComputeDevices() {
    }

    /** The plain-Java device, always available. */
    public static ComputeDevice javaDevice() {
        int threads = Runtime.getRuntime().availableProcessors();
        return new ComputeDevice("java", "Plain Java (" + threads + " threads)", ComputeDevice.Type.JAVA, "",
                threads, Runtime.getRuntime().maxMemory(), "");
    }

    /** Asks the first provider found; without one, plain Java with that as the reason. */
    public static DeviceChoice choose(String preference) {
        for (ComputeDeviceProvider p : ServiceLoader.load(ComputeDeviceProvider.class)) {
            return p.choose(preference);
        }
        ComputeDevice java = javaDevice();
        return new DeviceChoice(List.of(java), java,
                "the OpenCL module is not installed: using plain Java", List.of());
    }
}
