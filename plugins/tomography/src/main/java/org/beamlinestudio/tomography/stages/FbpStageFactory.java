package org.beamlinestudio.tomography.stages;

import java.util.ArrayList;
import java.util.List;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.tomography.recon.FbpReconstructor;
import org.beamlinestudio.tomography.recon.RampFilter;

/**
 * Filtered back-projection of −log'ed projections into slices, on the chosen OpenCL device or in
 * plain Java (see {@link FbpReconstructor}). Takes whole sinograms (projections streamed along rows)
 * and the angles the reader found; gives one {@code N × N} slice per detector row.
 */
public final class FbpStageFactory extends ReconstructionStageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.fbp";
    /** Parameter: rotation axis position in detector columns; none = columns / 2. */
    public static final String CENTER = ReconstructionStage.CENTER;
    /** Parameter: ramp filter id. */
    public static final String FILTER = "filter";
    /** Parameter: slice edge in pixels; 0 = the detector width. */
    public static final String OUTPUT_SIZE = ReconstructionStage.SIZE;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Filtered back-projection";
    }

    @Override
    public String description() {
        return "Reconstructs slices from −log'ed projections: ramp filter (with an optional window), then "
                + "back-projection over the measured angles. Values are attenuation per pixel length.";
    }

    @Override
    public List<ParamSpec> params() {
        // Form order: centre, filter, size (the filter is what users change most after the centre).
        List<ParamSpec> p = new ArrayList<>(ReconstructionStage.commonParams());
        p.add(1, ParamSpec.ofChoice(FILTER, "Filter", RampFilter.RAM_LAK_TAPER.id(), RampFilter.ids(),
                "Ramp filter window: ram-lak-taper (default) is the ramp with only the top of the band "
                        + "damped, the most accurate; ram-lak is the plain ramp; shepp-logan, cosine, "
                        + "hamming, hann and parzen smooth progressively more, for noisy data."));
        return p;
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) throws StageException {
        String filter = params.getString(FILTER) == null ? RampFilter.RAM_LAK_TAPER.id() : params.getString(FILTER);
        return ReconstructionStage.create(ID,
                () -> FbpReconstructor.forDevice(environment.compute(), RampFilter.of(filter)), params);
    }
}
