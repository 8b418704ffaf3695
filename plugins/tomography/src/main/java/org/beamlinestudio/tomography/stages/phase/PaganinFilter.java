package org.beamlinestudio.tomography.stages.phase;

/**
 * Paganin filtering of a stack of normalised transmission projections: each projection is padded
 * (see {@link PaganinParameters#pad}), Fourier transformed, multiplied by
 * {@code 1/(1 + π·λ·z·(δ/β)·|f|²)}, transformed back and cropped. The output is the <em>filtered
 * transmission</em> (TomoPy's {@code retrieve_phase} convention): {@code −ln} of it (the −log stage)
 * is {@code μ·T}, the projected thickness times the attenuation coefficient, ready to reconstruct.
 *
 * <p>Implementations: {@link JavaPaganinFilter} (JTransforms; oracle and fallback) and
 * {@link OpenClPaganinFilter} (FFTs and filter on the device when the padded sizes are powers of two,
 * else only the filter multiplication). Close when done.
 */
public interface PaganinFilter extends AutoCloseable {

    /**
     * Filters {@code count} projections of {@code rows × cols} floats, image-major, into {@code out}
     * (which may be {@code in}).
     */
    void apply(float[] in, int count, int rows, int cols, float[] out);

    /** The compute device id ({@code java} or {@code opencl:…}). */
    String deviceId();

    @Override
    default void close() {
    }

    /**
     * The implementation for a device preference ("java", a device id, or "auto": an OpenCL GPU, else
     * plain Java, since on a CPU OpenCL device JTransforms is faster than the device FFTs), falling back
     * to Java when OpenCL cannot be used or a run fails there.
     */
    static PaganinFilter forDevice(String preference, PaganinParameters parameters) {
        return PaganinFilters.forDevice(preference, parameters);
    }
}
