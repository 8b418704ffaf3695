package org.beamlinestudio.catalog;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One scan (or one node of a remote catalog) with the facts scientists search by.
 *
 * @param catalogId the catalog it belongs to
 * @param id unique inside the catalog (local: the absolute file path; Tiled: the node path, e.g. {@code raw/scan_17})
 * @param name what the results table shows first (file name or node key)
 * @param technique the technique plugin id whose reader recognised it ({@code tomography}, {@code xpcs}, ...), or
 *     empty when none did
 * @param family what it is: {@code file} (local HDF5/NeXus), {@code array}, {@code container}, {@code table}
 * @param file the local file, when there is one
 * @param modified last modification (local) or creation time (remote), or {@code null} when unknown
 * @param sizeBytes bytes on disk, or −1 when unknown
 * @param shape the main dataset's shape, or an empty array
 * @param metadata every searchable fact, flattened: keys like {@code sample}, {@code energy}, {@code pixel_size},
 *     {@code angles}, {@code scan_id}, {@code /entry/instrument/source/energy}; values are String, Double, Long or
 *     Boolean; nested remote metadata is flattened with {@code .} between keys
 */
public record CatalogEntry(String catalogId, String id, String name, String technique, String family,
        Optional<Path> file, Instant modified, long sizeBytes, long[] shape, Map<String, Object> metadata) {

    /** Copies the mutable parts. */
    public CatalogEntry {
        shape = shape.clone();
        metadata = Map.copyOf(metadata);
    }

    /** A metadata value, if present. */
    public Optional<Object> value(String key) {
        return Optional.ofNullable(metadata.get(key));
    }
}
