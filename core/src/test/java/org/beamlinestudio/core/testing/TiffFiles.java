package org.beamlinestudio.core.testing;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Reads single-band TIFF images back as floats, and writes integer ones, for tests of TIFF inputs and outputs. */
public final class TiffFiles {

    private TiffFiles() {
    }

    /** The pixels of a one-band image, row by row. */
    public static float[] readFloats(Path file) throws java.io.IOException {
        Raster r = ImageIO.read(file.toFile()).getRaster();
        return r.getPixels(0, 0, r.getWidth(), r.getHeight(), (float[]) null);
    }

    /**
     * Writes grey-level integer images with the JDK's TIFF writer: one page per image, all of
     * {@code width} × {@code height}; {@code bits} 8 or 16 (unsigned).
     */
    public static void writeUnsigned(Path file, int bits, int width, int height, int[]... pages)
            throws java.io.IOException {
        ImageWriter writer = jdkWriter();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int[] page : pages) {
                BufferedImage img = new BufferedImage(width, height,
                        bits == 8 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY);
                WritableRaster r = img.getRaster();
                r.setPixels(0, 0, width, height, page);
                writer.writeToSequence(new IIOImage(img, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    private static ImageWriter jdkWriter() {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("tiff");
        while (it.hasNext()) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.imageio")) {
                return w;
            }
        }
        throw new IllegalStateException("no JDK TIFF writer");
    }
}
