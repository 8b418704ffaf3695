package org.beamlinestudio.app;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which dropped things the shell offers to open: HDF5 / NeXus and TIFF files by extension, and folders
 * (TIFF stacks). This is only the drag feedback's quick guess; {@link DataOpener} decides by content.
 */
public final class DataFiles {

    /** HDF5 / NeXus extensions accepted from drag and drop and the Open dialog. */
    public static final Set<String> EXTENSIONS = Set.of("h5", "hdf5", "hdf", "he5", "nxs", "nx5", "nx", "cxi", "hdf5x");
    /** TIFF extensions (single or multi-page files). */
    public static final Set<String> TIFF_EXTENSIONS = Set.of("tif", "tiff");

    private DataFiles() {
    }

    /** Whether the file name has an HDF5 / NeXus extension. */
    public static boolean isDataFile(Path p) {
        return EXTENSIONS.contains(extension(p));
    }

    /** Whether the file name has a TIFF extension. */
    public static boolean isTiffFile(Path p) {
        return TIFF_EXTENSIONS.contains(extension(p));
    }

    private static String extension(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1) : "";
    }

    /** The dropped things the shell will try to open: HDF5 / NeXus / TIFF files by extension, and folders. */
    public static List<Path> accepted(List<File> dropped) {
        return dropped.stream().map(File::toPath)
                .filter(p -> p.toFile().isDirectory() || isDataFile(p) || isTiffFile(p)).toList();
    }
}
