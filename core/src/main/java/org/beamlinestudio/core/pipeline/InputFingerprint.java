package org.beamlinestudio.core.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Size and SHA-256 of the first MiB of an input file: cheap on a 100 GB scan, and enough to notice
 * that a pipeline is re-run on a different file than it was made for.
 */
public final class InputFingerprint {

    static final int PREFIX_BYTES = 1 << 20;

    private InputFingerprint() {
    }

    /** Hex SHA-256 of the first MiB (or the whole file when smaller). */
    public static String sha256First1MiB(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        byte[] buf = new byte[64 * 1024];
        int left = PREFIX_BYTES;
        try (InputStream in = Files.newInputStream(file)) {
            while (left > 0) {
                int n = in.read(buf, 0, Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                md.update(buf, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The input block of a pipeline for a file: absolute path, size and checksum filled in. */
    public static Pipeline.PipelineInput of(Path file, String readerId, String datasetPath) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        return new Pipeline.PipelineInput(abs.toString(), readerId, datasetPath, Files.size(abs),
                sha256First1MiB(abs));
    }
}
