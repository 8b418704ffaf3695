package org.beamlinestudio.core.testing;

import java.awt.image.Raster;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reads single-band TIFF images back as floats, for tests of outputs. */
public final class TiffFiles {

    private TiffFiles() {
    }

    /** The pixels of a one-band image, row by row. */
    public static float[] readFloats(Path file) throws java.io.IOException {
        Raster r = ImageIO.read(file.toFile()).getRaster();
        return r.getPixels(0, 0, r.getWidth(), r.getHeight(), (float[]) null);
    }
}
