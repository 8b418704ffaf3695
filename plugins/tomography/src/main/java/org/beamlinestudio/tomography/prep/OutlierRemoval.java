package org.beamlinestudio.tomography.prep;

import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.DeviceChoice;
import org.beamlinestudio.opencl.OpenClDevices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zinger removal: a pixel whose value lies further from the median of its sinogram-plane window than
 * the threshold ({@link OutlierSettings}) is replaced by that median; every other pixel is copied
 * unchanged, bit for bit.
 *
 * <p>Layout: a slab of projections {@code (angles, rows, cols)} in C order, processed as {@code rows}
 * independent sinograms. Implementations: {@link JavaOutlierRemoval} (fallback and oracle) and
 * {@link OpenClOutlierRemoval}; they give identical results (selection and comparisons only, with
 * the same float operations).
 */
public interface OutlierRemoval extends AutoCloseable {

    /**
     * Writes the filtered slab to {@code out} (must not be {@code in}).
     *
     * @return how many pixels were replaced
     */
    long apply(float[] in, int angles, int rows, int cols, float[] out);

    /** The compute device id it runs on. */
    String deviceId();

    @Override
    default void close() {
    }

    /**
     * The implementation for a device preference ({@code auto}, {@code java} or a device id). Falls
     * back to Java when OpenCL is unavailable or fails (a failed device run is redone in Java: the
     * input is never modified).
     */
    static OutlierRemoval forDevice(String preference, OutlierSettings settings) {
        Logger log = LoggerFactory.getLogger(OutlierRemoval.class);
        JavaOutlierRemoval java = new JavaOutlierRemoval(settings);
        DeviceChoice choice = OpenClDevices.chooseDevice(preference);
        ComputeDevice device = choice.chosen();
        if (device.type() == ComputeDevice.Type.JAVA) {
            return java;
        }
        try {
            OpenClOutlierRemoval openCl = OpenClOutlierRemoval.open(device.id(), settings);
            return new OutlierRemoval() {
                private volatile boolean failed;

                @Override
                public long apply(float[] in, int angles, int rows, int cols, float[] out) {
                    if (!failed) {
                        try {
                            return openCl.apply(in, angles, rows, cols, out);
                        } catch (RuntimeException e) {
                            log.warn("Outlier removal failed on {}: {}; switching to plain Java", device.id(),
                                    e.getMessage());
                            failed = true;
                            openCl.close();
                        }
                    }
                    return java.apply(in, angles, rows, cols, out);
                }

                @Override
                public String deviceId() {
                    return failed ? java.deviceId() : openCl.deviceId();
                }

                @Override
                public void close() {
                    openCl.close();
                }
            };
        } catch (RuntimeException | LinkageError e) {
            log.warn("Outlier removal cannot run on {}: {}; using plain Java", device.id(), e.getMessage());
            return java;
        }
    }
}
