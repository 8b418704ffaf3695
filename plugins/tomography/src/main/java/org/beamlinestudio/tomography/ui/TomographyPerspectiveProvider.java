package org.beamlinestudio.tomography.ui;

import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.tomography.TomographyPlugin;
import org.beamlinestudio.viewer.perspective.Perspective;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;
import org.beamlinestudio.viewer.perspective.PerspectiveProvider;

/** Offers the tomography perspective (Data → Preprocess → Center → Reconstruct → Export) for scans it opens. */
public final class TomographyPerspectiveProvider implements PerspectiveProvider {

    @Override
    public String techniqueId() {
        return TomographyPlugin.ID;
    }

    @Override
    public String displayName() {
        return "Tomography";
    }

    @Override
    public Perspective create(OpenedSource source, PerspectiveContext context) {
        return new TomographyPerspective(source, context);
    }
}
