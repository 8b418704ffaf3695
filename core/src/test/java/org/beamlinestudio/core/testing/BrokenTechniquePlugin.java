package org.beamlinestudio.core.testing;

import java.util.List;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.TechniquePlugin;
import org.beamlinestudio.core.stage.StageFactory;

/** A plugin whose constructor throws, as a plugin with a missing native library would. */
public final class BrokenTechniquePlugin implements TechniquePlugin {

    public BrokenTechniquePlugin() {
        throw new IllegalStateException("libfoo.so: cannot open shared object file");
    }

    @Override
    public String id() {
        return "broken";
    }

    @Override
    public String displayName() {
        return "Broken";
    }

    @Override
    public String version() {
        return "0";
    }

    @Override
    public List<DatasetReader> readers() {
        return List.of();
    }

    @Override
    public List<StageFactory> stageFactories() {
        return List.of();
    }
}
