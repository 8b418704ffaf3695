package org.beamlinestudio.tomography.recon;

import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.DeviceChoice;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.opencl.OpenClDevices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The device choice behind {@link FbpReconstructor#forDevice(String, RampFilter)}. */
final class FbpReconstructors {

    private static final Logger LOG = LoggerFactory.getLogger(FbpReconstructors.class);

    private FbpReconstructors() {
    }

    static FbpReconstructor forDevice(String preference, RampFilter filter) {
        DeviceChoice choice = OpenClDevices.chooseDevice(preference);
        ComputeDevice device = choice.chosen();
        if (device.type() == ComputeDevice.Type.JAVA) {
            LOG.info("FBP on plain Java: {}", choice.reason());
            return new JavaFbpReconstructor(filter);
        }
        try {
            OpenClFbpReconstructor openCl = OpenClFbpReconstructor.open(device.id(), filter);
            LOG.info("FBP on {} ({})", device.id(), choice.reason());
            return new Fallback(openCl);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("FBP cannot run on {} ({}): {}; using plain Java", device.id(), device.name(), e.getMessage());
            return new JavaFbpReconstructor(filter);
        }
    }

    /** OpenCL until a run fails on the device, plain Java from then on. */
    static final class Fallback implements FbpReconstructor {

        private final JavaFbpReconstructor java;
        private OpenClFbpReconstructor openCl;

        Fallback(OpenClFbpReconstructor openCl) {
            this.openCl = openCl;
            this.java = new JavaFbpReconstructor(openCl.filter());
        }

        @Override
        public float[] reconstruct(float[] sinograms, int slices, ReconstructionGeometry geometry, Progress progress,
                                   Cancellation cancel) throws Cancellation.CancelledException {
            if (openCl != null) {
                try {
                    return openCl.reconstruct(sinograms, slices, geometry, progress, cancel);
                } catch (RuntimeException e) {
                    if (e instanceof IllegalArgumentException) {
                        throw e; // bad input: Java would refuse it too
                    }
                    LOG.warn("FBP failed on {}: {}; switching to plain Java", openCl.deviceId(), e.toString());
                    openCl.close();
                    openCl = null;
                }
            }
            return java.reconstruct(sinograms, slices, geometry, progress, cancel);
        }

        @Override
        public RampFilter filter() {
            return java.filter();
        }

        /** The OpenCL implementation while it is still in use, else null. */
        OpenClFbpReconstructor openCl() {
            return openCl;
        }

        @Override
        public String deviceId() {
            return openCl != null ? openCl.deviceId() : java.deviceId();
        }

        @Override
        public void close() {
            if (openCl != null) {
                openCl.close();
                openCl = null;
            }
        }

        @Override
        public String toString() {
            return "FbpReconstructor[" + deviceId() + ", " + filter().id() + "]";
        }
    }
}
