package org.beamlinestudio.viewer.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.beamlinestudio.core.pipeline.AtomicFiles;

/**
 * Encodes ARGB pixels as an 8-bit RGBA PNG with only java.util.zip, so the viewer's snapshot needs no AWT
 * ({@code javax.imageio}) at run time.
 */
public final class PngWriter {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngWriter() {
    }

    /** The PNG bytes of {@code height} rows of {@code width} ARGB pixels (row-major). */
    public static byte[] encode(int[] argb, int width, int height) {
        if (width <= 0 || height <= 0 || argb.length != (long) width * height) {
            throw new IllegalArgumentException(argb.length + " pixels for a " + width + "×" + height + " PNG");
        }
        byte[] raw = new byte[height * (1 + 4 * width)];
        int k = 0;
        for (int y = 0; y < height; y++) {
            raw[k++] = 0; // filter: none
            for (int x = 0; x < width; x++) {
                int p = argb[y * width + x];
                raw[k++] = (byte) (p >>> 16);
                raw[k++] = (byte) (p >>> 8);
                raw[k++] = (byte) p;
                raw[k++] = (byte) (p >>> 24);
            }
        }
        Deflater deflater = new Deflater(6);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream idat = new ByteArrayOutputStream(raw.length / 4 + 64);
        byte[] buf = new byte[64 * 1024];
        while (!deflater.finished()) {
            int n = deflater.deflate(buf);
            idat.write(buf, 0, n);
        }
        deflater.end();

        ByteArrayOutputStream out = new ByteArrayOutputStream(idat.size() + 128);
        out.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 6;  // colour type: RGBA
        chunk(out, "IHDR", ihdr);
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** Writes the PNG of the pixels to {@code file} atomically (a partial file never has the final name). */
    public static void write(int[] argb, int width, int height, Path file) throws IOException {
        byte[] png = encode(argb, width, height);
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
        try {
            Files.write(tmp, png);
            AtomicFiles.moveAtomically(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.writeBytes(len);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
