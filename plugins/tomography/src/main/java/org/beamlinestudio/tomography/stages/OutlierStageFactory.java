package org.beamlinestudio.tomography.stages;

import java.util.List;
import java.util.Locale;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.tomography.prep.OutlierRemoval;
import org.beamlinestudio.tomography.prep.OutlierSettings;

/**
 * Zinger (outlier) removal: a pixel further from the median of its sinogram-plane neighbourhood than a
 * threshold is replaced by that median (TomoPy's {@code remove_outlier} with {@code dif}, by default
 * along angles). On OpenCL or in plain Java.
 */
public final class OutlierStageFactory extends SinogramStageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.outliers";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Zinger removal";
    }

    @Override
    public String description() {
        return "Replaces isolated spikes (zingers from scattered X-rays or cosmic rays) by the median of their "
                + "neighbourhood in the sinogram, across a few consecutive angles at the same pixel; other pixels "
                + "are left exactly as they are. Use it before −log on transmission, or after it with sign 'both'.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.ofChoice("mode", "Threshold measure", "difference", List.of("difference", "ratio", "mad"),
                        "difference: |value − median| in data units (TomoPy's dif); ratio: as a fraction of the "
                                + "median; mad: in robust standard deviations (1.4826 × the window's MAD)."),
                ParamSpec.ofDouble("threshold", "Threshold", 0.1, 0.0, 1e30, "",
                        "A pixel further than this from its window's median is replaced: data units for "
                                + "'difference' (0.1 suits transmission), a fraction for 'ratio', a count for 'mad'."),
                ParamSpec.ofInt("size", "Median window", 3, 3, OutlierSettings.MAX_SIZE, "px",
                        "Length of the median window, odd: 3 handles single-frame zingers, 5 two in a row."),
                ParamSpec.ofChoice("window", "Neighbourhood", "angles", List.of("angles", "square"),
                        "angles: consecutive angles at the same detector pixel (leaves stripes and edges alone); "
                                + "square: size × size angles × columns of the sinogram."),
                ParamSpec.ofChoice("sign", "Spikes to remove", "both", List.of("both", "bright", "dark"),
                        "bright: only values above the median (zingers in intensity or transmission, TomoPy's "
                                + "behaviour); dark: only below (zingers after −log); both: either."));
    }

    /** The settings these parameters stand for. */
    public static OutlierSettings settings(ParamValues params) {
        return new OutlierSettings(
                OutlierSettings.Mode.valueOf(params.getString("mode").toUpperCase(Locale.ROOT)),
                params.getDouble("threshold"), params.getInt("size"),
                OutlierSettings.Window.valueOf(params.getString("window").toUpperCase(Locale.ROOT)),
                OutlierSettings.Sign.valueOf(params.getString("sign").toUpperCase(Locale.ROOT)));
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) throws StageException {
        OutlierSettings settings;
        try {
            settings = settings(params);
        } catch (IllegalArgumentException e) {
            throw new StageException(ID, e.getMessage(), e);
        }
        OutlierRemoval removal = OutlierRemoval.forDevice(environment.compute(), settings);
        return new Stage() {
            @Override
            public Chunk run(Chunk input, Progress progress, Cancellation cancel)
                    throws StageException, Cancellation.CancelledException {
                SinogramSlab.requireSinograms(ID, input);
                FloatBlock b = input.block();
                float[] out = new float[b.data().length];
                cancel.check();
                long replaced;
                try {
                    replaced = removal.apply(b.data(), b.shape()[0], b.shape()[1], b.shape()[2], out);
                } catch (IllegalArgumentException e) {
                    throw new StageException(ID, e.getMessage(), e);
                }
                progress.update(1, "replaced " + replaced + " outlier(s) in rows " + b.origin()[1] + "–"
                        + (b.origin()[1] + b.shape()[1] - 1));
                return input.withData(out);
            }

            @Override
            public void close() {
                removal.close();
            }
        };
    }
}
