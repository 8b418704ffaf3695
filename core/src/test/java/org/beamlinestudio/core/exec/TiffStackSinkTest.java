package org.beamlinestudio.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.beamlinestudio.core.testing.TiffFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

class TiffStackSinkTest {

    @Test
    void float32SamplesAreStoredAsIeeeFloatAndReadBackBitForBit(@TempDir Path dir) throws Exception {
        float[] pixels = {0f, -1.5f, Float.MIN_VALUE, 3.4028235e38f, 1e-7f, 296.25f};
        Path file = dir.resolve("x.tiff");
        TiffStackSink.writeTiff(file, pixels, 3, 2);

        assertThat(TiffFiles.readFloats(file)).containsExactly(pixels);
        assertThat(tiffField(file, 339)).as("SampleFormat").isEqualTo("3");
        assertThat(tiffField(file, 258)).as("BitsPerSample").isEqualTo("32");
    }

    @Test
    void theRawBytesOfTheStripAreTheFloatsWritten(@TempDir Path dir) throws Exception {
        float[] pixels = new float[16 * 8];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i * 0.25f - 3f;
        }
        Path file = dir.resolve("y.tiff");
        TiffStackSink.writeTiff(file, pixels, 16, 8);

        byte[] all = Files.readAllBytes(file);
        ByteOrder order = all[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        long offset = Long.parseLong(tiffField(file, 273).split(",")[0].trim());
        ByteBuffer strip = ByteBuffer.wrap(all, (int) offset, pixels.length * 4).order(order);
        for (float expected : pixels) {
            assertThat(Float.floatToRawIntBits(strip.getFloat())).isEqualTo(Float.floatToRawIntBits(expected));
        }
    }

    /** A TIFF field's value(s) as the JDK's TIFF metadata tree shows them, comma-separated. */
    static String tiffField(Path file, int tag) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            IIOMetadata meta = reader.getImageMetadata(0);
            Node root = meta.getAsTree("javax_imageio_tiff_image_1.0");
            return find(root, Integer.toString(tag));
        }
    }

    private static String find(Node node, String tag) {
        if ("TIFFField".equals(node.getNodeName())) {
            NamedNodeMap attrs = node.getAttributes();
            if (tag.equals(attrs.getNamedItem("number").getNodeValue())) {
                StringBuilder sb = new StringBuilder();
                collectValues(node, sb);
                return sb.toString();
            }
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            String v = find(c, tag);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static void collectValues(Node node, StringBuilder sb) {
        Node value = node.getAttributes() == null ? null : node.getAttributes().getNamedItem("value");
        if (value != null) {
            sb.append(sb.length() == 0 ? "" : ",").append(value.getNodeValue());
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            collectValues(c, sb);
        }
    }
}
