package org.beamlinestudio.viewer.pipeline;

import java.util.List;
import java.util.Set;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.TechniquePlugin;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageFactory;

/** A technique whose stages have one parameter of every type, for the editor's tests. */
final class FormTechnique implements TechniquePlugin {
    static final String ID = "formtest";
    static final String FILTER = "formtest.filter";
    static final String SCALE = "formtest.scale";
    static final String RECON = "formtest.recon";
    static final String SLICE_ONLY = "formtest.slices";

    /** The filter stage's parameters: a number with units and limits, a count, a switch, a choice and a text. */
    static final List<ParamSpec> FILTER_PARAMS = List.of(
            ParamSpec.ofDouble("energy", "Energy", 25.0, 5.0, 100.0, "keV", "Photon energy of the beam."),
            ParamSpec.ofInt("width", "Window", 3, 1, 15, "px", "Median window width."),
            ParamSpec.ofBoolean("bright", "Bright only", false, "Remove only bright spikes."),
            ParamSpec.ofChoice("mode", "Mode", "median", List.of("median", "mean"), "How the window combines."),
            ParamSpec.ofDouble("trim", "Trim fraction", 0.1, 0.0, 0.5, "", "Fraction trimmed from each end.")
                    .visibleWhen("mode=mean"),
            new ParamSpec("note", "Note", org.beamlinestudio.core.stage.ParamType.STRING, "", null, null, "",
                    "Free text.", List.of(), ""));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Form test";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public List<DatasetReader> readers() {
        return List.of();
    }

    @Override
    public List<StageFactory> stageFactories() {
        return List.of(new Simple(FILTER, "Spike filter", FILTER_PARAMS, DataKind.PROJECTIONS, DataKind.PROJECTIONS),
                new Simple(SCALE, "Scale", List.of(ParamSpec.ofDouble("factor", "Factor", 1.0, 0.0, null, "",
                        "Multiplies every value.")), DataKind.PROJECTIONS, DataKind.PROJECTIONS),
                new Simple(RECON, "Reconstruct", List.of(), DataKind.PROJECTIONS, DataKind.VOLUME),
                new Simple(SLICE_ONLY, "Slice mask", List.of(), DataKind.VOLUME, DataKind.VOLUME));
    }

    private record Simple(String id, String displayName, List<ParamSpec> params, DataKind in, DataKind out)
            implements StageFactory {
        @Override
        public String description() {
            return displayName + " for tests.";
        }

        @Override
        public Set<DataKind> inputKinds() {
            return Set.of(in);
        }

        @Override
        public DataKind outputKind(DataKind input) {
            return out;
        }

        @Override
        public Stage create(ParamValues values, StageEnvironment environment) {
            return (input, progress, cancel) -> input;
        }
    }
}
