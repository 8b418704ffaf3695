package org.beamlinestudio.app.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.beamlinestudio.core.pipeline.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads and writes {@link CatalogConfig} ({@code catalogs.json}); loading never fails, writing is atomic. */
public final class CatalogConfigStore {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogConfigStore.class);

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** A store for this file. */
    public CatalogConfigStore(Path file) {
        this.file = file;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The folder where private key files go: {@code catalog-keys/} beside the config file. */
    public Path keyFolder() {
        return file.toAbsolutePath().resolveSibling("catalog-keys");
    }

    /** The stored configuration, or the defaults when there is none or it cannot be read (logged). */
    public CatalogConfig load() {
        try {
            CatalogConfig c = mapper.readValue(Files.readAllBytes(file), CatalogConfig.class);
            return c == null ? CatalogConfig.defaults() : c;
        } catch (NoSuchFileException e) {
            return CatalogConfig.defaults();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the catalog settings {}: {}; starting without Tiled servers", file, e.toString());
            return CatalogConfig.defaults();
        }
    }

    /** Writes atomically. */
    public void save(CatalogConfig config) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.writeString(file, mapper.writeValueAsString(config));
    }
}
