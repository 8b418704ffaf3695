package org.beamlinestudio.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.beamlinestudio.core.StudioDirs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link Settings} as JSON. Loading never fails: a missing file gives defaults; a
 * corrupt one is kept as {@code settings.json.bak}, logged, and replaced by defaults. Writing is
 * atomic (temp file + rename), so a crash mid-write never leaves half a file.
 */
public final class SettingsStore {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** A store for the given file. */
    public SettingsStore(Path file) {
        this.file = file;
    }

    /** The user's store: {@code StudioDirs.config()/settings.json}. */
    public static SettingsStore standard() {
        return new SettingsStore(StudioDirs.config().resolve("settings.json"));
    }

    /** The settings file. */
    public Path file() {
        return file;
    }

    /** Where a corrupt settings file is kept. */
    public Path backupFile() {
        return file.resolveSibling(file.getFileName() + ".bak");
    }

    /** The stored settings, or defaults when there are none or they cannot be read. */
    public Settings load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Settings.defaults();
        } catch (IOException e) {
            LOG.warn("cannot read settings {}: {}; using defaults", file, e.toString());
            return Settings.defaults();
        }
        try {
            Settings s = mapper.readValue(bytes, Settings.class);
            if (s == null) {
                throw new IOException("the file holds no settings object");
            }
            return s;
        } catch (IOException | RuntimeException e) {
            Path bak = backupFile();
            try {
                Files.copy(file, bak, StandardCopyOption.REPLACE_EXISTING);
                LOG.warn("settings file {} is corrupt ({}); kept it as {} and using defaults", file,
                        e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""), bak);
            } catch (IOException copyFailed) {
                LOG.warn("settings file {} is corrupt ({}) and could not be backed up ({}); using defaults",
                        file, e.toString(), copyFailed.toString());
            }
            return Settings.defaults();
        }
    }

    /** Writes the settings atomically. */
    public void save(Settings settings) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            mapper.writeValue(tmp.toFile(), settings);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
