package org.beamlinestudio.tomography.stages;

import java.util.ArrayList;
import java.util.List;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.tomography.prep.FourierWaveletStripeRemoval;

/** Fourier–wavelet stripe (ring) removal of Münch et al. (2009), per sinogram. */
public final class FourierWaveletStripeStageFactory extends SinogramStageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.stripes.fw";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Stripe removal (Fourier–wavelet)";
    }

    @Override
    public String description() {
        return "Removes full stripes by damping the angle-constant part of the vertical wavelet details of each "
                + "sinogram in Fourier space (Münch et al. 2009, TomoPy's remove_stripe_fw). Works on line "
                + "integrals (after −log).";
    }

    @Override
    public List<ParamSpec> params() {
        List<String> wavelets = new ArrayList<>();
        for (int n = 1; n <= 20; n++) {
            wavelets.add("db" + n);
        }
        return List.of(
                ParamSpec.ofInt("level", "Decomposition levels", 0, 0, 12, "",
                        "Number of wavelet levels; 0 picks log2(shorter side) − 4 (6 for 1500 angles × 2048 "
                                + "columns). Deeper removes wider and stronger stripes but damps more of the sample."),
                ParamSpec.ofDouble("sigma", "Damping sigma", 2.0, 0.1, 100.0, "frequency samples",
                        "Width of the Gaussian notch 1 − exp(−k²/2σ²) along angles in each band; larger removes "
                                + "more, but also more of the sample's slowly varying content (TomoPy's default 2)."),
                ParamSpec.ofChoice("wavelet", "Wavelet", "db5", wavelets,
                        "Daubechies wavelet dbN (N vanishing moments, 2N taps), as TomoPy's wname; db5 is TomoPy's "
                                + "default."));
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) {
        int level = params.getInt("level");
        double sigma = params.getDouble("sigma");
        int order = Integer.parseInt(params.getString("wavelet").substring(2));
        return (input, progress, cancel) -> SinogramSlab.map(ID, input, (sino, angles, cols) -> {
            int l = level > 0 ? level : FourierWaveletStripeRemoval.automaticLevel(angles, cols, order);
            return FourierWaveletStripeRemoval.correct(sino, angles, cols, l, sigma, order);
        }, progress, cancel);
    }
}
