package org.beamlinestudio.ptychography;

import java.util.List;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.TechniquePlugin;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.ptychography.io.CxiReader;
import org.beamlinestudio.ptychography.io.GenericPtychoReader;
import org.beamlinestudio.ptychography.io.PtydReader;
import org.beamlinestudio.ptychography.results.PtychoResultFileReader;

/**
 * Ptychography: CXI, ptypy {@code .ptyd} and generic readers, ePIE / rPIE / DM / ML engines (OpenCL with plain-Java
 * twins) and a perspective. The reconstruction is iterative over the whole scan, so it runs outside the stage
 * pipeline; there are no stages.
 */
public final class PtychographyPlugin implements TechniquePlugin {

    /** Plugin id in pipelines and result provenance. */
    public static final String ID = "ptychography";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Ptychography";
    }

    @Override
    public String version() {
        String v = PtychographyPlugin.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Override
    public List<DatasetReader> readers() {
        return List.of(new CxiReader(), new PtydReader(), new GenericPtychoReader(), new PtychoResultFileReader());
    }

    @Override
    public List<StageFactory> stageFactories() {
        return List.of();
    }
}
