package org.beamlinestudio.xpcs;

import java.util.List;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.TechniquePlugin;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.xpcs.io.Aps8idiReader;
import org.beamlinestudio.xpcs.io.Hdf5FramesReader;

/**
 * X-ray photon correlation spectroscopy: APS 8-ID-I readers, q-maps, multi-tau and two-time correlation, fits.
 * The correlation runs outside the stage pipeline (it reduces a frame stack to curves), so there are no stages
 * yet.
 */
public final class XpcsPlugin implements TechniquePlugin {

    /** Plugin id in pipelines. */
    public static final String ID = "xpcs";

    private final List<DatasetReader> readers = List.of(new Aps8idiReader(), new Hdf5FramesReader());

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "XPCS";
    }

    @Override
    public String version() {
        String v = XpcsPlugin.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Override
    public List<DatasetReader> readers() {
        return readers;
    }

    @Override
    public List<StageFactory> stageFactories() {
        return List.of();
    }
}
