package org.beamlinestudio.tomography.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.beamlinestudio.core.data.BlockedLazyDataset;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.tiff.NaturalOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TiffSeriesReaderTest {

    private static final int W = 7;
    private static final int H = 5;

    private final TiffSeriesReader reader = new TiffSeriesReader();

    /** Value of projection {@code k} at (row, col): distinct everywhere, so order errors show. */
    static float value(int k, int r, int c) {
        return 1000 + 100 * k + 10 * r + c;
    }

    static void write(Path file, int dataType, float[] values) throws IOException {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, dataType);
        WritableRaster raster = cm.createCompatibleWritableRaster(W, H);
        raster.setSamples(0, 0, W, H, 0, values);
        BufferedImage img = new BufferedImage(cm, raster, false, null);
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("tiff");
        ImageWriter w = null;
        while (it.hasNext()) {
            ImageWriter c = it.next();
            if (c.getClass().getName().startsWith("com.sun.imageio")) {
                w = c;
            }
        }
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            w.setOutput(out);
            w.write(img);
        } finally {
            w.dispose();
        }
    }

    static float[] image(int k) {
        float[] v = new float[W * H];
        for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
                v[r * W + c] = value(k, r, c);
            }
        }
        return v;
    }

    static float[] constant(float x) {
        float[] v = new float[W * H];
        java.util.Arrays.fill(v, x);
        return v;
    }

    /** 12 projections named p_1 … p_12 (so plain text order would put p_10 after p_1), 2 flats, 2 darks. */
    static Path series(Path dir, int dataType) throws IOException {
        for (int k = 0; k < 12; k++) {
            write(dir.resolve("p_" + (k + 1) + ".tif"), dataType, image(k));
        }
        write(dir.resolve("flat_0.tif"), dataType, constant(5000));
        write(dir.resolve("flat_1.tif"), dataType, constant(5002));
        write(dir.resolve("dark_0.tif"), dataType, constant(100));
        write(dir.resolve("dark_1.tif"), dataType, constant(102));
        return dir;
    }

    @Test
    void uint16SeriesSortsNaturallyAndSplitsFlatsAndDarks(@TempDir Path dir) throws Exception {
        series(dir, DataBuffer.TYPE_USHORT);
        assertThat(reader.probe(dir).confidence()).isEqualTo(0.8);
        assertThat(reader.probe(dir.resolve("p_3.tif")).confidence()).isEqualTo(0.7);
        try (OpenedSource src = reader.open(dir.resolve("p_3.tif"), Map.of("evenSpacingDegrees", 360))) {
            LazyDataset p = src.primary();
            assertThat(p.shape()).containsExactly(12, H, W);
            assertThat(p.elementType()).isEqualTo(ElementType.UINT16);
            assertThat(p).isInstanceOf(BlockedLazyDataset.class);
            float[] sino = p.readFloats(new long[] {0, 2, 0}, new int[] {12, 1, W});
            for (int k = 0; k < 12; k++) {
                for (int c = 0; c < W; c++) {
                    assertThat(sino[k * W + c]).isEqualTo(value(k, 2, c));
                }
            }
            assertThat(((BlockedLazyDataset) p).blockReads()).isEqualTo(12);
            assertThat(src.array(ScanRoles.FLATS).orElseThrow().readFloats(new long[] {1, 4, 6}, new int[] {1, 1, 1}))
                    .containsExactly(5002f);
            assertThat(src.array(ScanRoles.DARKS).orElseThrow().shape()).containsExactly(2, H, W);
            double[] a = src.vector(ScanRoles.ANGLES).orElseThrow();
            assertThat(a[11]).isCloseTo(Math.toRadians(330), within(1e-12));
            assertThat(src.keyMetadata()).containsEntry("Projections", "12").containsEntry("Files", "p_1.tif … p_12.tif");
        }
    }

    @Test
    void float32AndUint8SeriesKeepTheirValues(@TempDir Path dir) throws Exception {
        Path f32 = Files.createDirectory(dir.resolve("f32"));
        for (int k = 0; k < 3; k++) {
            float[] v = image(k);
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] / 1000f - 0.25f;
            }
            write(f32.resolve("proj" + k + ".tif"), DataBuffer.TYPE_FLOAT, v);
        }
        try (OpenedSource src = reader.open(f32, Map.of("evenSpacingDegrees", 180))) {
            assertThat(src.primary().elementType()).isEqualTo(ElementType.FLOAT32);
            assertThat(src.primary().readFloats(new long[] {2, 4, 6}, new int[] {1, 1, 1}))
                    .containsExactly(value(2, 4, 6) / 1000f - 0.25f);
            assertThat(src.array(ScanRoles.FLATS)).isEmpty();
            assertThat(src.keyMetadata().get("Flats")).contains("flatSource=airColumns");
        }
        Path u8 = Files.createDirectory(dir.resolve("u8"));
        for (int k = 0; k < 3; k++) {
            float[] v = new float[W * H];
            for (int i = 0; i < v.length; i++) {
                v[i] = (k * 50 + i) % 256;
            }
            write(u8.resolve("proj" + k + ".tif"), DataBuffer.TYPE_BYTE, v);
        }
        try (OpenedSource src = reader.open(u8, Map.of("evenSpacingDegrees", 180))) {
            assertThat(src.primary().elementType()).isEqualTo(ElementType.UINT8);
            assertThat(src.primary().readFloats(new long[] {2, 4, 6}, new int[] {1, 1, 1}))
                    .containsExactly((float) ((100 + 4 * W + 6) % 256));
        }
    }

    @Test
    void uint32SeriesAboveTwoToThe31(@TempDir Path dir) throws Exception {
        for (int k = 0; k < 2; k++) {
            long[] v = new long[W * H];
            for (int i = 0; i < v.length; i++) {
                v[i] = (long) image(k)[i];
            }
            v[0] = 3_000_000_000L; // above 2^31: must not come back negative
            writeUint32(dir.resolve("p" + k + ".tif"), v);
        }
        try (OpenedSource src = reader.open(dir, Map.of("evenSpacingDegrees", 180))) {
            assertThat(src.primary().elementType()).isEqualTo(ElementType.UINT32);
            assertThat(src.primary().readFloats(new long[] {1, 0, 0}, new int[] {1, 1, 2}))
                    .containsExactly(3_000_000_000f, value(1, 0, 1));
            assertThat(src.primary().readFloats(new long[] {1, 4, 6}, new int[] {1, 1, 1})).containsExactly(value(1, 4, 6));
        }
    }

    /**
     * A minimal little-endian, uncompressed, one-strip TIFF of unsigned 32-bit samples (SampleFormat
     * 1), written by hand: the JDK's writer stores 32-bit integers as signed.
     */
    static void writeUint32(Path file, long[] values) throws IOException {
        int entries = 10;
        int ifdOffset = 8;
        int dataOffset = ifdOffset + 2 + entries * 12 + 4;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(dataOffset + 4 * values.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifdOffset);
        b.putShort((short) entries);
        int[][] tags = {
            {256, 3, W}, {257, 3, H}, {258, 3, 32}, {259, 3, 1}, {262, 3, 1}, {273, 4, dataOffset},
            {277, 3, 1}, {278, 3, H}, {279, 4, 4 * values.length}, {339, 3, 1}};
        for (int[] t : tags) {
            b.putShort((short) t[0]).putShort((short) t[1]).putInt(1);
            if (t[1] == 3) {
                b.putShort((short) t[2]).putShort((short) 0);
            } else {
                b.putInt(t[2]);
            }
        }
        b.putInt(0);
        for (long v : values) {
            b.putInt((int) v);
        }
        Files.write(file, b.array());
    }

    @Test
    void anglesFromATextFileOrSubfoldersForFlatsAndDarks(@TempDir Path dir) throws Exception {
        for (int k = 0; k < 4; k++) {
            write(dir.resolve("scan_" + String.format("%05d", k) + ".tif"), DataBuffer.TYPE_USHORT, image(k));
        }
        Files.createDirectory(dir.resolve("flats"));
        Files.createDirectory(dir.resolve("darks"));
        write(dir.resolve("flats/a.tif"), DataBuffer.TYPE_USHORT, constant(4000));
        write(dir.resolve("darks/a.tif"), DataBuffer.TYPE_USHORT, constant(90));
        write(dir.resolve("darks/b.tif"), DataBuffer.TYPE_USHORT, constant(92));
        Files.writeString(dir.resolve("angles.txt"), "# degrees\n0\n45.5\n91\n136.5\n");
        try (OpenedSource src = reader.open(dir, Map.of("anglesFile", "angles.txt"))) {
            assertThat(src.primary().shape()).containsExactly(4, H, W);
            assertThat(src.array(ScanRoles.FLATS).orElseThrow().shape()).containsExactly(1, H, W);
            assertThat(src.array(ScanRoles.DARKS).orElseThrow().shape()).containsExactly(2, H, W);
            double[] a = src.vector(ScanRoles.ANGLES).orElseThrow();
            assertThat(a[1]).isCloseTo(Math.toRadians(45.5), within(1e-12));
            assertThat(a[3]).isCloseTo(Math.toRadians(136.5), within(1e-12));
        }
        Files.writeString(dir.resolve("rad.txt"), "0 0.5 1.0 1.5");
        try (OpenedSource src = reader.open(dir, Map.of("anglesFile", dir.resolve("rad.txt").toString(),
                "anglesUnit", "radians"))) {
            assertThat(src.vector(ScanRoles.ANGLES).orElseThrow()).containsExactly(0, 0.5, 1.0, 1.5);
        }
    }

    @Test
    void noAnglesIsAnErrorThatOffersEvenSpacing(@TempDir Path dir) throws Exception {
        series(dir, DataBuffer.TYPE_USHORT);
        assertThatThrownBy(() -> reader.open(dir)).isInstanceOf(DataFileException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("no rotation angles")
                .hasMessageContaining("one angle per projection (12)")
                .hasMessageContaining("set evenSpacingDegrees=180 to assume even spacing over 180°");
    }

    @Test
    void notTiffNotClaimed(@TempDir Path dir) throws Exception {
        assertThat(reader.probe(dir).claims()).isFalse();
        Path txt = Files.writeString(dir.resolve("a.txt"), "x");
        assertThat(reader.probe(txt).claims()).isFalse();
    }

    @Test
    void naturalOrderComparesNumbersAsNumbers() {
        assertThat(NaturalOrder.INSTANCE.compare("p_2.tif", "p_10.tif")).isNegative();
        assertThat(NaturalOrder.INSTANCE.compare("p_0010.tif", "p_9.tif")).isPositive();
        assertThat(NaturalOrder.INSTANCE.compare("a.tif", "b.tif")).isNegative();
    }
}
