package org.beamlinestudio.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.tiff.TiffImages;

/**
 * The shell's default {@link OpenedFile.Opener}: decides by content, not by name. A folder is a TIFF
 * stack; a file starting with the TIFF magic bytes is a (multi-page) TIFF; anything else goes to the
 * HDF5 reader, whose error says what it found.
 */
public final class DataOpener implements OpenedFile.Opener {

    @Override
    public OpenedFile open(Path file) throws DataFileException {
        if (Files.isDirectory(file) || TiffImages.hasTiffMagic(file)) {
            return TiffOpenedFile.open(file);
        }
        return Hdf5OpenedFile.open(file);
    }
}
