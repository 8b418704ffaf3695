package org.beamlinestudio.app;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Which files the shell opens: HDF5 and NeXus by extension. */
public final class DataFiles {

    /** Extensions accepted from drag and drop and the Open dialog. */
    public static final Set<String> EXTENSIONS = Set.of("h5", "hdf5", "hdf", "he5", "nxs", "nx5", "nx", "cxi", "hdf5x");

    private DataFiles() {
    }

    /** Whether the file name has an HDF5 / NeXus extension. */
    public static boolean isDataFile(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1));
    }

    /** The dropped files the shell will open (HDF5 / NeXus by extension; folders ignored). */
    public static List<Path> accepted(List<File> dropped) {
        return dropped.stream().map(File::toPath).filter(p -> !p.toFile().isDirectory()).filter(DataFiles::isDataFile).toList();
    }
}
