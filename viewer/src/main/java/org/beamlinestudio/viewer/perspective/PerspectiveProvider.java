package org.beamlinestudio.viewer.perspective;

import org.beamlinestudio.core.plugin.OpenedSource;

/**
 * A technique's perspective in the shell, found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.beamlinestudio.viewer.perspective.PerspectiveProvider}). When one of the
 * technique's readers opens a dropped file, the shell asks the provider with the same technique id for a
 * perspective on it.
 */
public interface PerspectiveProvider {

    /** The {@link org.beamlinestudio.core.plugin.TechniquePlugin#id()} this perspective belongs to. */
    String techniqueId();

    /** Name shown to people, e.g. "Tomography". */
    String displayName();

    /**
     * Builds the perspective for a source the technique's reader opened (off the FX thread). Called on the FX
     * thread; must return at once and do its reads and compute on {@link PerspectiveContext#background()}.
     * The shell owns {@code source} and closes it after {@link Perspective#close()}.
     */
    Perspective create(OpenedSource source, PerspectiveContext context);
}
