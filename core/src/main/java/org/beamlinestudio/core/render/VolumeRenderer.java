package org.beamlinestudio.core.render;

import org.beamlinestudio.core.stage.Cancellation;

/**
 * Ray-casts a volume into an image on one device. Implementations give the same image for the same
 * request (within float rounding): {@link JavaVolumeRenderer} is the twin and test oracle of every
 * other. Thread-safe; renders may be serialised.
 */
public interface VolumeRenderer extends AutoCloseable {

    /**
     * Renders one image.
     *
     * @throws Cancellation.CancelledException when {@code cancel} is set before the image is done
     */
    RenderedImage render(RenderRequest request, Cancellation cancel) throws Cancellation.CancelledException;

    /** Stable device id, as {@code studio devices} lists it. */
    String deviceId();

    /** The device in words, for the view's status line. */
    String deviceName();

    /**
     * The largest volume level (bytes) this renderer can hold, e.g. a device's largest single
     * allocation; callers pick a level within it. Plain Java: unbounded (the heap budget decides).
     */
    default long maxVolumeBytes() {
        return Long.MAX_VALUE;
    }

    /** Frees device memory; later renders may fail. */
    @Override
    void close();
}
