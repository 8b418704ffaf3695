package org.beamlinestudio.tomography.cli;

import java.util.Locale;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.compute.DeviceChoice;

/** Turns the CLI's {@code --device gpu|cpu|java|auto|ID} into a device preference, or says why not. */
final class DeviceOption {

    private DeviceOption() {
    }

    /**
     * @throws IllegalArgumentException naming the devices there are, when the kind asked for is absent
     */
    static String preference(String option) {
        String o = option.toLowerCase(Locale.ROOT);
        if (o.equals("auto") || o.equals("java")) {
            return o;
        }
        if (o.equals("gpu") || o.equals("cpu")) {
            ComputeDevice.Type type = o.equals("gpu") ? ComputeDevice.Type.GPU : ComputeDevice.Type.CPU;
            DeviceChoice choice = ComputeDevices.choose("auto");
            return choice.available().stream().filter(d -> d.type() == type).map(ComputeDevice::id).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no " + o.toUpperCase(Locale.ROOT)
                            + " OpenCL device here; devices: " + choice.available().stream().map(ComputeDevice::id)
                            .toList() + " (" + choice.reason() + ")"));
        }
        return option;
    }
}
