package org.beamlinestudio.tomography.center;

/**
 * A centre of rotation found by one method, in the column convention of
 * {@link org.beamlinestudio.tomography.recon.ReconstructionGeometry} (column {@code j} has its centre at {@code j}).
 *
 * @param center     rotation axis position in detector columns (fractional)
 * @param metric     the method's own figure at the answer (Vo: mean double-wedge energy, lower is better;
 *                   phase correlation: normalised peak height; half acquisition: 1 − correlation of the overlap)
 * @param confidence 0…1, how clearly the answer stands out from the other candidates (0 = not at all)
 * @param method     {@code "vo"}, {@code "pc"} or {@code "vo-360"}
 */
public record CenterEstimate(double center, double metric, double confidence, String method) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s: centre %.2f px (metric %.4g, confidence %.2f)", method,
                center, metric, confidence);
    }
}
