package org.beamlinestudio.xpcs.ui;

import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.viewer.perspective.Perspective;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;
import org.beamlinestudio.viewer.perspective.PerspectiveProvider;
import org.beamlinestudio.xpcs.XpcsPlugin;
import org.beamlinestudio.xpcs.io.XpcsSource;

/** Offers the XPCS perspective (mean image with q-map, correlation, g2 fits, τc(q), two-time) for raw files. */
public final class XpcsPerspectiveProvider implements PerspectiveProvider {

    @Override
    public String techniqueId() {
        return XpcsPlugin.ID;
    }

    @Override
    public String displayName() {
        return "XPCS";
    }

    @Override
    public Perspective create(OpenedSource source, PerspectiveContext context) {
        if (!(source instanceof XpcsSource xs)) {
            throw new IllegalArgumentException(source.file() + ": opened by " + source.readerId()
                    + ", not an XPCS reader; the XPCS perspective needs frames with their metadata");
        }
        return new XpcsPerspective(xs, context);
    }
}
