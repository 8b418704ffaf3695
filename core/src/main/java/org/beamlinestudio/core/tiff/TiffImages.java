package org.beamlinestudio.core.tiff;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.ImageInputStream;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;

/**
 * Grey-level TIFF images read with the JDK's own TIFF reader (which knows SampleFormat=3 floats):
 * the header of one page, and rows of one page as float32. 8-, 16-, 32-bit integers and float32/64.
 */
public final class TiffImages {

    private static final int TAG_SAMPLE_FORMAT = 339;

    private TiffImages() {
    }

    /** Size and sample storage of one page. */
    public record Header(int width, int height, ElementType type) {
    }

    /** Whether the file starts like a TIFF or BigTIFF ("II*\0", "MM\0*", "II+\0", "MM\0+"); never throws. */
    public static boolean hasTiffMagic(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        byte[] b = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(b, 0, 4) < 4) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        boolean little = b[0] == 'I' && b[1] == 'I' && (b[2] == 42 || b[2] == 43) && b[3] == 0;
        boolean big = b[0] == 'M' && b[1] == 'M' && b[2] == 0 && (b[3] == 42 || b[3] == 43);
        return little || big;
    }

    private static ImageReader jdkTiffReader() {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("tiff");
        ImageReader fallback = null;
        while (it.hasNext()) {
            ImageReader r = it.next();
            // The JDK's own reader knows SampleFormat=3 floats; prefer it over plugins registered ahead.
            if (r.getClass().getName().startsWith("com.sun.imageio")) {
                return r;
            }
            fallback = fallback == null ? r : fallback;
        }
        if (fallback == null) {
            throw new IllegalStateException("no TIFF reader in this Java runtime");
        }
        return fallback;
    }

    /** Number of pages (images) in a TIFF file; reads every IFD header, no pixels. */
    public static int pageCount(Path f) throws DataFileException {
        ImageReader r = jdkTiffReader();
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            if (in == null) {
                throw new DataFileException(f, null, "cannot open", "a readable TIFF file");
            }
            r.setInput(in);
            return r.getNumImages(true);
        } catch (IOException | RuntimeException e) {
            throw new DataFileException(f, null, "cannot count the TIFF pages: " + e, "a readable TIFF file", e);
        } finally {
            r.dispose();
        }
    }

    /** The header of the first page. */
    public static Header header(Path f) throws DataFileException {
        return header(f, 0);
    }

    /** The header of page {@code page}. */
    public static Header header(Path f, int page) throws DataFileException {
        ImageReader r = jdkTiffReader();
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            if (in == null) {
                throw new DataFileException(f, null, "cannot open", "a readable TIFF file");
            }
            r.setInput(in);
            int w = r.getWidth(page);
            int h = r.getHeight(page);
            int bits = r.getRawImageType(page) == null ? 0
                    : r.getRawImageType(page).getSampleModel().getSampleSize(0);
            int bands = r.getRawImageType(page) == null ? 1 : r.getRawImageType(page).getSampleModel().getNumBands();
            if (bands != 1) {
                throw new DataFileException(f, null, bands + " samples per pixel", "grey-level images (one sample)");
            }
            int format = 1;
            TIFFField sf = TIFFDirectory.createFromMetadata(r.getImageMetadata(page)).getTIFFField(TAG_SAMPLE_FORMAT);
            if (sf != null) {
                format = sf.getAsInt(0);
            }
            ElementType t = type(bits, format);
            if (t == null) {
                throw new DataFileException(f, null, bits + "-bit samples of SampleFormat " + format,
                        "uint8/16/32, int16/32 or float32/64 grey-level TIFF");
            }
            return new Header(w, h, t);
        } catch (IOException | RuntimeException e) {
            throw new DataFileException(f, null, "cannot read the TIFF header: " + e, "a readable TIFF file", e);
        } finally {
            r.dispose();
        }
    }

    private static ElementType type(int bits, int format) {
        if (format == 3) {
            return bits == 32 ? ElementType.FLOAT32 : bits == 64 ? ElementType.FLOAT64 : null;
        }
        boolean signed = format == 2;
        switch (bits) {
            case 8:
                return signed ? ElementType.INT8 : ElementType.UINT8;
            case 16:
                return signed ? ElementType.INT16 : ElementType.UINT16;
            case 32:
                return signed ? ElementType.INT32 : ElementType.UINT32;
            default:
                return null;
        }
    }

    /** Rows {@code [row0, row0 + rows)} of the first page, all columns, as float32 in C order. */
    public static float[] readRows(Path f, Header h, int row0, int rows) throws DataFileException {
        return readRows(f, 0, h, row0, rows);
    }

    /**
     * Rows {@code [row0, row0 + rows)} of page {@code page}, all columns, as float32 in C order.
     *
     * @param h the header the page is expected to have (a series' first file): a page of another size is refused
     */
    public static float[] readRows(Path f, int page, Header h, int row0, int rows) throws DataFileException {
        ImageReader r = jdkTiffReader();
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            if (in == null) {
                throw new DataFileException(f, null, "cannot open", "a readable TIFF file");
            }
            r.setInput(in);
            if (r.getWidth(page) != h.width() || r.getHeight(page) != h.height()) {
                throw new DataFileException(f, null, r.getWidth(page) + " × " + r.getHeight(page) + " px",
                        h.width() + " × " + h.height() + " px like the first image of the series");
            }
            Raster raster = r.canReadRaster() ? r.readRaster(page, null) : r.read(page).getRaster();
            int w = h.width();
            float[] out = new float[w * rows];
            int type = raster.getDataBuffer().getDataType();
            if (type == DataBuffer.TYPE_INT && h.type() == ElementType.UINT32) {
                int[] v = raster.getSamples(0, row0, w, rows, 0, (int[]) null);
                for (int i = 0; i < v.length; i++) {
                    out[i] = (float) (v[i] & 0xFFFFFFFFL);
                }
            } else if (type == DataBuffer.TYPE_BYTE && h.type() == ElementType.INT8) {
                int[] v = raster.getSamples(0, row0, w, rows, 0, (int[]) null);
                for (int i = 0; i < v.length; i++) {
                    out[i] = (byte) v[i];
                }
            } else {
                raster.getSamples(0, row0, w, rows, 0, out);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new DataFileException(f, null, "cannot read the TIFF image: " + e, "a readable TIFF file", e);
        } finally {
            r.dispose();
        }
    }
}
