package org.beamlinestudio.tomography.center;

import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.tomography.recon.ReconstructionGeometry;

/**
 * An optional capability of a {@link org.beamlinestudio.tomography.recon.Reconstructor}: one slice for each of
 * many axis positions from one sinogram. A filtered back-projection implements it by filtering once (the filter
 * does not depend on the axis) and back-projecting once per centre; {@link CenterSweep} uses it when present
 * and otherwise calls {@code reconstruct} once per centre.
 */
public interface MultiCenterReconstructor {

    /**
     * @param sinogram one sinogram, {@code angles × columns} of {@code geometry} (not modified)
     * @param geometry the geometry; its {@code center} is ignored
     * @param centers  the axis positions, in columns
     * @return {@code centers.length × size × size}, C order; slice {@code i} is reconstructed with {@code centers[i]}
     */
    float[] reconstructCenters(float[] sinogram, ReconstructionGeometry geometry, double[] centers, Progress progress,
                               Cancellation cancel) throws Cancellation.CancelledException;
}
