package org.beamlinestudio.app.catalog;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.beamlinestudio.core.exec.slurm.SecretSource;
import org.beamlinestudio.core.exec.slurm.SlurmException;
import org.beamlinestudio.core.pipeline.AtomicFiles;

/**
 * Keeps Tiled API keys out of the settings: each key goes to its own file that only the user can read (0600, in a
 * 0700 folder), and the settings hold a {@link SecretSource#file} pointing at it. Reading goes through
 * {@link SecretSource#resolve}, which refuses a key file others can read.
 */
final class TiledKeyFiles {

    private TiledKeyFiles() {
    }

    /** Writes {@code key} for {@code server} under {@code folder} and returns where it is. */
    static SecretSource store(Path folder, URI server, String key) throws IOException {
        Files.createDirectories(folder);
        restrict(folder, "rwx------");
        Path file = folder.resolve("tiled-" + digest(server.toString()) + ".key");
        // createTempFile makes the file 0600 before a byte of the key is written; the rename keeps that.
        Path tmp = Files.createTempFile(folder, ".key", ".partial");
        try {
            restrict(tmp, "rw-------");
            Files.writeString(tmp, key.strip(), StandardCharsets.UTF_8);
            AtomicFiles.moveAtomically(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return SecretSource.file(file.toString());
    }

    /** The key, or an error naming the file and what is wrong with it. */
    static String read(SecretSource source, URI server) throws SlurmException {
        return source.resolve("the API key of " + server, null);
    }

    /** Deletes the key file a source points at (a server was removed). */
    static void delete(SecretSource source) throws IOException {
        if (source != null && "file".equals(source.kind())) {
            Files.deleteIfExists(Path.of(source.value()));
        }
    }

    private static void restrict(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // Not POSIX (Windows): the user's profile folder is private by its ACL.
        }
    }

    private static String digest(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
