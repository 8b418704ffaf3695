package org.beamlinestudio.core.render;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.compute.DeviceChoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a renderer for the device choice: the chosen OpenCL device through a
 * {@link VolumeRendererProvider} when one is installed and works, plain Java otherwise (and why).
 */
public final class VolumeRenderers {

    private static final Logger LOG = LoggerFactory.getLogger(VolumeRenderers.class);

    private VolumeRenderers() {
    }

    /** A renderer and, in words, why it was chosen. */
    public record Opened(VolumeRenderer renderer, String reason) {
    }

    /**
     * A renderer for {@code preference} ({@code auto}, {@code java} or a device id). Never fails:
     * a device that cannot render gives plain Java, with the problem in the reason.
     */
    public static Opened open(String preference) {
        DeviceChoice choice = ComputeDevices.choose(preference);
        ComputeDevice device = choice.chosen();
        if (device.type() == ComputeDevice.Type.JAVA) {
            return new Opened(new JavaVolumeRenderer(), choice.reason());
        }
        List<String> problems = new ArrayList<>();
        for (VolumeRendererProvider p : providers()) {
            if (!p.supports(device)) {
                continue;
            }
            try {
                return new Opened(p.open(device), choice.reason());
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Volume rendering cannot run on {} ({}): {}; using plain Java", device.id(), device.name(),
                        e.toString());
                problems.add(device.id() + ": " + e.getMessage());
            }
        }
        String why = problems.isEmpty() ? "no volume renderer for " + device.id() + " is installed"
                : "volume rendering failed on " + String.join("; ", problems);
        return new Opened(new JavaVolumeRenderer(), why + ": using plain Java");
    }

    /** The installed providers; a broken one is logged and skipped. */
    public static List<VolumeRendererProvider> providers() {
        List<VolumeRendererProvider> found = new ArrayList<>();
        ServiceLoader<VolumeRendererProvider> loader = ServiceLoader.load(VolumeRendererProvider.class);
        for (var it = loader.stream().iterator(); it.hasNext(); ) {
            try {
                found.add(it.next().get());
            } catch (java.util.ServiceConfigurationError | LinkageError e) {
                LOG.warn("Skipping a broken volume renderer provider: {}", e.toString());
            }
        }
        return found;
    }
}
