package org.beamlinestudio.tomography.recon;

import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.DeviceChoice;
import org.beamlinestudio.opencl.OpenClDevices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The device choice behind {@link Projector#forDevice}: OpenCL until it fails, then plain Java. */
final class Projectors {

    private static final Logger LOG = LoggerFactory.getLogger(Projectors.class);

    private Projectors() {
    }

    static Projector forDevice(String preference, ReconstructionGeometry geometry) {
        DeviceChoice choice = OpenClDevices.chooseDevice(preference == null ? "auto" : preference);
        ComputeDevice device = choice.chosen();
        if (device.type() == ComputeDevice.Type.JAVA) {
            LOG.info("Projector on plain Java: {}", choice.reason());
            return new JosephProjector(geometry);
        }
        try {
            return new Fallback(OpenClJosephProjector.open(device.id(), geometry));
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Projector cannot run on {} ({}): {}; using plain Java", device.id(), device.name(), e.getMessage());
            return new JosephProjector(geometry);
        }
    }

    /** OpenCL until a call fails on the device, plain Java from then on (inputs are never modified). */
    static final class Fallback implements Projector {
        private final JosephProjector java;
        private OpenClJosephProjector openCl;

        Fallback(OpenClJosephProjector openCl) {
            this.openCl = openCl;
            this.java = new JosephProjector(openCl.geometry());
        }

        @Override
        public void forward(float[] images, float[] sinograms, int slices) {
            if (openCl != null) {
                try {
                    openCl.forward(images, sinograms, slices);
                    return;
                } catch (RuntimeException e) {
                    drop(e);
                }
            }
            java.forward(images, sinograms, slices);
        }

        @Override
        public void back(float[] sinograms, float[] images, int slices) {
            if (openCl != null) {
                try {
                    openCl.back(sinograms, images, slices);
                    return;
                } catch (RuntimeException e) {
                    drop(e);
                }
            }
            java.back(sinograms, images, slices);
        }

        private void drop(RuntimeException e) {
            LOG.warn("Projection failed on {}: {}; switching to plain Java", openCl.deviceId(), e.getMessage());
            try {
                openCl.close();
            } catch (RuntimeException ignored) {
                // the device is already failing; Java takes over either way
            }
            openCl = null;
        }

        @Override
        public ReconstructionGeometry geometry() {
            return java.geometry();
        }

        @Override
        public String deviceId() {
            return openCl != null ? openCl.deviceId() : "java";
        }

        @Override
        public void close() {
            if (openCl != null) {
                openCl.close();
                openCl = null;
            }
        }
    }
}
