package org.beamlinestudio.core.exec;

import java.awt.Point;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferFloat;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.pipeline.AtomicFiles;
import org.beamlinestudio.core.stage.Chunk;

/**
 * Writes a 3-D result as a folder of float32 TIFF images, one per index of the stream axis
 * (reconstructed slices, or sinograms), plus {@code pipeline.json}. Images are written as chunks
 * arrive, so memory is bounded by the chunk. Uses the JDK's own TIFF writer, which stores 32-bit
 * float samples with SampleFormat=3 (IEEE float) that ImageJ, Fiji, tifffile and napari read.
 */
public final class TiffStackSink implements OutputSink {

    /** Provenance file written beside the images. */
    public static final String PROVENANCE_FILE = "pipeline.json";

    private final Path target;
    private final Path temp;
    private final String stem;
    private final int digits;
    private final int streamAxis;
    private final ElementType sampleType;
    private boolean committed;

    /**
     * @param target     the final folder; must not exist (results are never overwritten)
     * @param fullShape  shape of the whole result (rank 3, or 2 for a single image per index)
     * @param streamAxis the axis whose indices become files
     */
    public TiffStackSink(Path target, long[] fullShape, int streamAxis) throws IOException {
        this(target, fullShape, streamAxis, ElementType.FLOAT32);
    }

    /**
     * A stack whose images store {@code sampleType} samples: FLOAT32, or UINT16 / UINT8 for values already scaled
     * to that type's range (rounded, and clamped to it, when written).
     */
    public TiffStackSink(Path target, long[] fullShape, int streamAxis, ElementType sampleType) throws IOException {
        if (sampleType != ElementType.FLOAT32 && sampleType != ElementType.UINT16 && sampleType != ElementType.UINT8) {
            throw new IOException("a TIFF stack stores float32, uint16 or uint8 samples, not " + sampleType.numpyName());
        }
        this.sampleType = sampleType;
        if (fullShape.length < 2 || fullShape.length > 3) {
            throw new IOException("a TIFF stack holds 2-D images along one axis; the result has shape "
                    + Arrays.toString(fullShape) + " (write HDF5 instead)");
        }
        this.target = target.toAbsolutePath().normalize();
        if (Files.exists(this.target)) {
            throw new IOException(this.target + " already exists: choose another output name "
                    + "(results are never overwritten)");
        }
        Path parent = this.target.getParent();
        Files.createDirectories(parent);
        this.temp = Files.createTempDirectory(parent, "." + this.target.getFileName() + ".partial-");
        this.stem = this.target.getFileName().toString();
        this.digits = Math.max(5, Long.toString(fullShape[streamAxis] - 1).length());
        this.streamAxis = streamAxis;
    }

    /** File name of image {@code index}, e.g. {@code recon_00042.tiff}. */
    public String fileName(long index) {
        return String.format("%s_%0" + digits + "d.tiff", stem, index);
    }

    @Override
    public void write(Chunk chunk) throws IOException {
        FloatBlock b = chunk.block();
        int[] shape = b.shape();
        if (chunk.streamAxis() != streamAxis) {
            throw new IOException("chunk streamed along axis " + chunk.streamAxis() + ", sink expects " + streamAxis);
        }
        int n = shape[streamAxis];
        int[] other = otherAxes(shape.length);
        int height = other.length == 2 ? shape[other[0]] : 1;
        int width = shape[other[other.length - 1]];
        for (int k = 0; k < n; k++) {
            float[] image = slice(b, k, other, height, width);
            Path file = temp.resolve(fileName(b.origin()[streamAxis] + k));
            if (sampleType == ElementType.FLOAT32) {
                writeTiff(file, image, width, height);
            } else {
                writeIntegerTiff(file, image, width, height, sampleType);
            }
        }
    }

    private int[] otherAxes(int rank) {
        int[] other = new int[rank - 1];
        for (int a = 0, j = 0; a < rank; a++) {
            if (a != streamAxis) {
                other[j++] = a;
            }
        }
        return other;
    }

    /** Image {@code k} along the stream axis, rows = first remaining axis, columns = last. */
    private float[] slice(FloatBlock b, int k, int[] other, int height, int width) {
        float[] out = new float[height * width];
        int[] shape = b.shape();
        if (shape.length == 2) {
            int strideCol = b.stride(other[0]);
            int base = k * b.stride(streamAxis);
            for (int x = 0; x < width; x++) {
                out[x] = b.data()[base + x * strideCol];
            }
            return out;
        }
        int sRow = b.stride(other[0]);
        int sCol = b.stride(other[1]);
        int base = k * b.stride(streamAxis);
        float[] d = b.data();
        for (int y = 0; y < height; y++) {
            int rowBase = base + y * sRow;
            if (sCol == 1) {
                System.arraycopy(d, rowBase, out, y * width, width);
            } else {
                for (int x = 0; x < width; x++) {
                    out[y * width + x] = d[rowBase + x * sCol];
                }
            }
        }
        return out;
    }

    /** Writes one float32 grey image with the JDK TIFF writer (SampleFormat=3). */
    static void writeTiff(Path file, float[] pixels, int width, int height) throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        PixelInterleavedSampleModel sm = new PixelInterleavedSampleModel(DataBuffer.TYPE_FLOAT, width, height, 1,
                width, new int[] {0});
        WritableRaster raster = Raster.createWritableRaster(sm, new DataBufferFloat(pixels, pixels.length),
                new Point(0, 0));
        BufferedImage img = new BufferedImage(cm, raster, false, null);
        ImageWriter writer = jdkTiffWriter();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(img);
        } finally {
            writer.dispose();
        }
    }

    /** Writes one grey image of 16- or 8-bit unsigned samples: values rounded and clamped to the type's range. */
    static void writeIntegerTiff(Path file, float[] pixels, int width, int height, ElementType type)
            throws IOException {
        boolean sixteen = type == ElementType.UINT16;
        BufferedImage img = new BufferedImage(width, height,
                sixteen ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY);
        int max = sixteen ? 65535 : 255;
        WritableRaster raster = img.getRaster();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = pixels[y * width + x];
                row[x] = Float.isNaN(v) ? 0 : (int) Math.max(0, Math.min(max, Math.round(v)));
            }
            raster.setSamples(0, y, width, 1, 0, row);
        }
        ImageWriter writer = jdkTiffWriter();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(img);
        } finally {
            writer.dispose();
        }
    }

    /**
     * The JDK's TIFF writer specifically: other TIFF plugins on the classpath (TwelveMonkeys) register
     * ahead of it and do not write float samples as SampleFormat=3.
     */
    static ImageWriter jdkTiffWriter() throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("tiff");
        ImageWriter fallback = null;
        while (it.hasNext()) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.imageio.plugins.tiff")) {
                return w;
            }
            fallback = fallback == null ? w : fallback;
        }
        if (fallback == null) {
            throw new IOException("no TIFF writer in this Java runtime");
        }
        return fallback;
    }

    @Override
    public Path commit(String provenanceJson) throws IOException {
        AtomicFiles.writeString(temp.resolve(PROVENANCE_FILE), provenanceJson);
        // Make the images durable before the rename publishes them.
        try (Stream<Path> files = Files.list(temp)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
        }
        Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        return target;
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        try (Stream<Path> walk = Files.walk(temp)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Nothing to return to: the temp folder is hidden and named .partial-*; log-worthy only.
            org.slf4j.LoggerFactory.getLogger(TiffStackSink.class).warn("could not remove {}: {}", temp, e.toString());
        }
    }
}
