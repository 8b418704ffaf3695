package org.beamlinestudio.opencl;

/**
 * Flat/dark normalisation of a stack of images: {@code (raw - dark) / max(flat - dark, }
 * {@value #MIN_DENOMINATOR}{@code )}, pixel by pixel.
 *
 * <p>Layout: {@code raw} holds {@code images} images of {@code pixelsPerImage} floats each, one after
 * the other (image-major, as a projection stack is stored); {@code flat} and {@code dark} are one
 * image each. Averaging several flats or darks into one is the caller's job.
 *
 * <p>Why the clamp: dead or hot pixels have {@code flat == dark} (or noise makes {@code flat < dark});
 * dividing by zero or a negative number would put Inf or a sign flip into the reconstruction. The
 * floor {@value #MIN_DENOMINATOR} is TomoPy's ({@code tomopy.prep.normalize}), so results match the
 * tool most users compare against; such pixels come out large but finite, for a later
 * ring/outlier filter to handle. A NaN in flat or dark propagates (NaN out).
 *
 * <p>Implementations: {@link JavaFlatFieldCorrection} (the oracle and fallback) and
 * {@link OpenClFlatFieldCorrection}; {@link #forDevice(String)} picks one. Close the instance when
 * done: OpenCL ones hold a device context.
 */
public interface FlatFieldCorrection extends AutoCloseable {

    /** Smallest denominator {@code flat - dark}; smaller ones (zero, negative) are raised to it. */
    float MIN_DENOMINATOR = 1e-6f;

    /**
     * Writes the corrected stack to {@code out}, which may be {@code raw} itself (in place: no second
     * stack in memory).
     *
     * @throws IllegalArgumentException when array lengths do not match {@code images × pixelsPerImage}
     */
    void apply(float[] raw, int images, int pixelsPerImage, float[] flat, float[] dark, float[] out);

    /** Returns the corrected stack as a new array; {@code raw} is left unchanged. */
    default float[] apply(float[] raw, int images, int pixelsPerImage, float[] flat, float[] dark) {
        float[] out = new float[raw.length];
        apply(raw, images, pixelsPerImage, flat, dark, out);
        return out;
    }

    /** The compute device id it runs on ({@code java} or {@code opencl:<platform>:<device>}). */
    String deviceId();

    /** Releases device resources; the plain-Java one has none. */
    @Override
    default void close() {
    }

    /**
     * The implementation for a device preference ({@code "auto"}, {@code "java"} or a device id, as
     * in {@code StageEnvironment.compute}). Falls back to plain Java, with the reason logged, when
     * OpenCL is unavailable or disabled, when the kernel cannot be built, or when a run fails on the
     * device (from then on, that instance stays on Java). A run that fails on the device in place
     * ({@code out == raw}) cannot be redone, since part of the input is already corrected: it throws
     * {@link OpenClException} instead.
     */
    static FlatFieldCorrection forDevice(String preference) {
        return FlatFieldCorrections.forDevice(preference);
    }
}
