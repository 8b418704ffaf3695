package org.beamlinestudio.opencl;

import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.DeviceChoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The device choice behind {@link FlatFieldCorrection#forDevice(String)}. */
final class FlatFieldCorrections {

    private static final Logger LOG = LoggerFactory.getLogger(FlatFieldCorrections.class);

    private FlatFieldCorrections() {
    }

    static FlatFieldCorrection forDevice(String preference) {
        DeviceChoice choice = OpenClDevices.chooseDevice(preference);
        ComputeDevice device = choice.chosen();
        if (device.type() == ComputeDevice.Type.JAVA) {
            LOG.info("Flat-field correction on plain Java: {}", choice.reason());
            return new JavaFlatFieldCorrection();
        }
        try {
            OpenClFlatFieldCorrection openCl = OpenClFlatFieldCorrection.open(device.id());
            LOG.info("Flat-field correction on {} ({})", device.id(), choice.reason());
            return new Fallback(openCl);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Flat-field correction cannot run on {} ({}): {}; using plain Java", device.id(), device.name(),
                    e.getMessage());
            return new JavaFlatFieldCorrection();
        }
    }

    /** OpenCL until a run fails on the device, plain Java from then on. */
    static final class Fallback implements FlatFieldCorrection {

        private final JavaFlatFieldCorrection java = new JavaFlatFieldCorrection();
        private OpenClFlatFieldCorrection openCl;

        Fallback(OpenClFlatFieldCorrection openCl) {
            this.openCl = openCl;
        }

        @Override
        public void apply(float[] raw, int images, int pixelsPerImage, float[] flat, float[] dark, float[] out) {
            FlatFieldArguments.check(raw, images, pixelsPerImage, flat, dark, out);
            OpenClFlatFieldCorrection device;
            synchronized (this) {
                device = openCl;
            }
            if (device != null) {
                try {
                    device.apply(raw, images, pixelsPerImage, flat, dark, out);
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("Flat-field correction failed on {}: {}; switching to plain Java", device.deviceId(),
                            e.getMessage());
                    synchronized (this) {
                        if (openCl == device) {
                            openCl = null;
                            device.close();
                        }
                    }
                    if (out == raw) {
                        // Chunks already corrected in place cannot be told from the rest: redoing them would be wrong.
                        throw new OpenClException("flat-field correction in place failed on " + device.deviceId()
                                + " and may have corrected part of the stack; re-read the input (later calls use "
                                + "plain Java)", e);
                    }
                }
            }
            java.apply(raw, images, pixelsPerImage, flat, dark, out);
        }

        @Override
        public synchronized String deviceId() {
            return openCl != null ? openCl.deviceId() : java.deviceId();
        }

        /** The OpenCL implementation while it is still in use. */
        synchronized OpenClFlatFieldCorrection openCl() {
            return openCl;
        }

        @Override
        public synchronized void close() {
            if (openCl != null) {
                openCl.close();
                openCl = null;
            }
        }

        @Override
        public String toString() {
            return "FlatFieldCorrection[" + deviceId() + "]";
        }
    }
}
