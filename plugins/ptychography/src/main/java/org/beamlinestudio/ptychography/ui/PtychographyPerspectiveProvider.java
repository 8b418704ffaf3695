package org.beamlinestudio.ptychography.ui;

import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.ptychography.PtychographyPlugin;
import org.beamlinestudio.ptychography.io.PtychoSource;
import org.beamlinestudio.ptychography.results.PtychoResultSource;
import org.beamlinestudio.viewer.perspective.Perspective;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;
import org.beamlinestudio.viewer.perspective.PerspectiveProvider;

/** Offers the ptychography perspective for scans (live reconstruction) and for saved results (shown again). */
public final class PtychographyPerspectiveProvider implements PerspectiveProvider {

    @Override
    public String techniqueId() {
        return PtychographyPlugin.ID;
    }

    @Override
    public String displayName() {
        return "Ptychography";
    }

    @Override
    public Perspective create(OpenedSource source, PerspectiveContext context) {
        if (source instanceof PtychoResultSource rs) {
            return new PtychoResultPerspective(rs, context);
        }
        if (!(source instanceof PtychoSource ps)) {
            throw new IllegalArgumentException(source.file() + ": opened by " + source.readerId()
                    + ", not a ptychography reader; the perspective needs patterns with their positions");
        }
        return new PtychographyPerspective(ps, context);
    }
}
