package org.beamlinestudio.tomography.stages.phase;

import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.DeviceChoice;
import org.beamlinestudio.opencl.OpenClDevices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The device choice behind {@link PaganinFilter#forDevice}. */
final class PaganinFilters {

    private static final Logger LOG = LoggerFactory.getLogger(PaganinFilters.class);

    private PaganinFilters() {
    }

    static PaganinFilter forDevice(String preference, PaganinParameters parameters) {
        DeviceChoice choice = OpenClDevices.chooseDevice(preference);
        ComputeDevice device = choice.chosen();
        if (device.type() == ComputeDevice.Type.JAVA) {
            LOG.info("Paganin filter on plain Java: {}", choice.reason());
            return new JavaPaganinFilter(parameters);
        }
        if (device.type() == ComputeDevice.Type.CPU && "auto".equalsIgnoreCase(preference.trim())) {
            // Measured on PoCL (2 cores): 1024² projections padded to 2048², JTransforms ≈ 160–190 ms per
            // projection, the device FFTs ≈ 260–400 ms. Name the device explicitly to use it anyway.
            LOG.info("Paganin filter on plain Java: JTransforms is faster than the OpenCL FFTs on the CPU device {}",
                    device.id());
            return new JavaPaganinFilter(parameters);
        }
        try {
            return new Fallback(new OpenClPaganinFilter(device.id(), parameters), parameters);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Paganin filter cannot run on {}: {}; using plain Java", device.id(), e.getMessage());
            return new JavaPaganinFilter(parameters);
        }
    }

    /** OpenCL until a run fails on the device, plain Java from then on (inputs are never modified in place by a failed run). */
    static final class Fallback implements PaganinFilter {
        private final JavaPaganinFilter java;
        private OpenClPaganinFilter openCl;

        Fallback(OpenClPaganinFilter openCl, PaganinParameters parameters) {
            this.openCl = openCl;
            this.java = new JavaPaganinFilter(parameters);
        }

        @Override
        public synchronized void apply(float[] in, int count, int rows, int cols, float[] out) {
            if (openCl != null) {
                try {
                    float[] target = out == in ? new float[out.length] : out;
                    openCl.apply(in, count, rows, cols, target);
                    if (target != out) {
                        System.arraycopy(target, 0, out, 0, out.length);
                    }
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("Paganin filter failed on {}: {}; switching to plain Java", openCl.deviceId(), e.getMessage());
                    openCl.close();
                    openCl = null;
                }
            }
            java.apply(in, count, rows, cols, out);
        }

        @Override
        public synchronized String deviceId() {
            return openCl != null ? openCl.deviceId() : java.deviceId();
        }

        @Override
        public synchronized void close() {
            if (openCl != null) {
                openCl.close();
                openCl = null;
            }
        }
    }
}
