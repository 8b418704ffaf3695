package org.beamlinestudio.tomography.center.preview;

/**
 * How much a preview reduces its sinogram: {@code binning} detector columns averaged into one and every
 * {@code angleStride}-th angle kept. The cost of a back-projection falls as binning² × stride.
 *
 * @param binning     detector columns per slice pixel, ≥ 1
 * @param angleStride keep every n-th angle, ≥ 1
 */
public record PreviewReduction(int binning, int angleStride) {

    /** No reduction: the full-resolution slice. */
    public static final PreviewReduction FULL = new PreviewReduction(1, 1);

    public PreviewReduction {
        if (binning < 1 || angleStride < 1) {
            throw new IllegalArgumentException("binning " + binning + " and angle stride " + angleStride
                    + " must be at least 1");
        }
    }

    /** Pixel-angle updates of one back-projection of a {@code columns}-wide, {@code angles}-angle sinogram. */
    public double updates(int columns, int angles) {
        double n = columns / binning;
        return n * n * Math.ceil((double) angles / angleStride);
    }
}
