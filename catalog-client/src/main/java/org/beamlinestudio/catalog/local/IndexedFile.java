package org.beamlinestudio.catalog.local;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the indexer learnt about one file, as the store keeps it.
 *
 * @param file the absolute, normalised path (the entry's id)
 * @param technique the plugin id whose reader claimed the file, or empty
 * @param modified the file's last modification
 * @param sizeBytes the file's size when it was indexed (with {@code modified}, what tells a changed file)
 * @param shape the main dataset's shape, or an empty array
 * @param metadata the flattened facts: values are String, Double, Long or Boolean
 * @param error why the file could not be (fully) read, shown on the entry; empty when it was read
 */
public record IndexedFile(Path file, String technique, Instant modified, long sizeBytes, long[] shape,
        Map<String, Object> metadata, Optional<String> error) {

    /** Copies the mutable parts, keeping the metadata's order. */
    public IndexedFile {
        shape = shape.clone();
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The file name, what the results table shows first. */
    public String name() {
        Path n = file.getFileName();
        return n == null ? file.toString() : n.toString();
    }
}
