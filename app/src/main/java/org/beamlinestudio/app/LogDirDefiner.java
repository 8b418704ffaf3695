package org.beamlinestudio.app;

import ch.qos.logback.core.PropertyDefinerBase;
import org.beamlinestudio.core.StudioDirs;

/** Gives logback.xml the log folder: {@code StudioDirs.data()/logs}. */
public final class LogDirDefiner extends PropertyDefinerBase {

    @Override
    public String getPropertyValue() {
        return StudioDirs.data().resolve("logs").toString();
    }
}
