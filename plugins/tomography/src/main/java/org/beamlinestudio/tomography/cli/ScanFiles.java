package org.beamlinestudio.tomography.cli;

import java.nio.file.Path;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.plugin.ReaderChoice;

/** Opening a scan for the tomography commands: the best reader, with the user's reader options. */
final class ScanFiles {

    private ScanFiles() {
    }

    /** The reader that claims {@code file} most confidently. */
    static DatasetReader reader(PluginRegistry registry, Path file) throws DataFileException {
        ReaderChoice choice = registry.chooseReader(file);
        return choice.winner().orElseThrow(() -> new DataFileException(file, null, choice.explain(),
                "a layout one of the tomography readers knows"));
    }

    static OpenedSource open(PluginRegistry registry, Path file, Map<String, String> options) throws DataFileException {
        return reader(registry, file).open(file, options);
    }

    /** The scan's rotation angles in radians, or an error naming the option that supplies them. */
    static double[] angles(OpenedSource source) throws DataFileException {
        return source.vector("angles").orElseThrow(() -> new DataFileException(source.file(), null,
                "no rotation angles", "angles in the file, or --reader-option evenSpacingDegrees=180 to assume "
                        + "even spacing over 180°"));
    }
}
