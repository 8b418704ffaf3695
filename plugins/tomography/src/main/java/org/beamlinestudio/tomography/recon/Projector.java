package org.beamlinestudio.tomography.recon;

/**
 * A matched pair of parallel-beam operators for one {@link ReconstructionGeometry}: forward
 * projection {@code A} (images → sinograms) and its exact adjoint {@code Aᵀ} (sinograms → images),
 * so iterative least-squares methods converge to the right answer.
 *
 * <p>The model is Joseph's: the line integral along a ray, stepping along the axis the ray is
 * closer to and interpolating the image linearly along the other, in pixel-length units. Written
 * per pixel it is {@code A[ray j, pixel] = tri((s_j − s_pixel)/c) / c} with
 * {@code c = max(|cos θ|, |sin θ|)}, {@code s_pixel = x cos θ + y sin θ} and {@code tri} the unit hat;
 * the forward operator evaluates it ray by ray (a gather along the ray), the adjoint pixel by pixel
 * (a gather over at most two detector bins per angle), so both run without atomics on any device.
 *
 * <p>Layouts: images {@code slices × size × size}, sinograms {@code slices × angles × columns}, C order.
 * Implementations: {@link JosephProjector} (plain Java, the oracle) and {@link OpenClJosephProjector};
 * {@link #forDevice} picks one.
 */
public interface Projector extends AutoCloseable {

    /** {@code sinograms = A · images}. */
    void forward(float[] images, float[] sinograms, int slices);

    /** {@code images = Aᵀ · sinograms}. */
    void back(float[] sinograms, float[] images, int slices);

    /** The geometry it was made for. */
    ReconstructionGeometry geometry();

    /** {@code java} or an OpenCL device id. */
    String deviceId();

    @Override
    default void close() {
    }

    /**
     * The projector for a device preference ({@code auto}, {@code java} or a device id): OpenCL when
     * a device is usable and the kernels build, else plain Java (the reason is logged).
     */
    static Projector forDevice(String preference, ReconstructionGeometry geometry) {
        return Projectors.forDevice(preference, geometry);
    }
}
