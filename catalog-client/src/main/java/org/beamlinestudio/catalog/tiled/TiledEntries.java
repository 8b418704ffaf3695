package org.beamlinestudio.catalog.tiled;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.catalog.CatalogEntry;

/**
 * Turns Tiled's node resources ({@code {"id", "attributes": {"ancestors", "structure_family", "metadata",
 * "structure", "specs"}, "links"}}) into {@link CatalogEntry}s: the id becomes the full node path, nested metadata is
 * flattened with {@code .}, the technique comes from the metadata or the specs.
 */
final class TiledEntries {

    private TiledEntries() {
    }

    /** The entry for one resource of {@code data[]} (search) or {@code data} (metadata). */
    static CatalogEntry entry(String catalogId, JsonNode resource) {
        String key = resource.path("id").asText();
        JsonNode attributes = resource.path("attributes");
        List<String> path = new ArrayList<>();
        for (JsonNode ancestor : attributes.path("ancestors")) {
            if (!ancestor.asText().isEmpty()) {
                path.add(ancestor.asText());
            }
        }
        path.add(key);
        String id = String.join("/", path);
        String family = family(attributes.path("structure_family").asText(""));
        Map<String, Object> metadata = new LinkedHashMap<>();
        flatten("", attributes.path("metadata"), metadata);
        List<String> specs = specs(attributes.path("specs"));
        long[] shape = new long[0];
        long sizeBytes = -1;
        JsonNode structure = attributes.path("structure");
        if ("array".equals(family) && structure.isObject()) {
            try {
                TiledArrayStructure s = TiledArrayStructure.parse(structure);
                shape = s.shape();
                sizeBytes = s.sizeBytes();
            } catch (IllegalArgumentException e) {
                // A structure this client does not understand: list the entry without shape.
            }
        }
        return new CatalogEntry(catalogId, id, key, technique(metadata, specs), family, Optional.empty(),
                time(attributes, metadata), sizeBytes, shape, metadata);
    }

    /** Tiled's structure families as the catalog names them ({@code dataframe} was Tiled's older {@code table}). */
    static String family(String structureFamily) {
        switch (structureFamily) {
            case "node":
            case "container":
            case "composite":
                return "container";
            case "dataframe":
                return "table";
            default:
                return structureFamily;
        }
    }

    /** The spec names: newer servers send {@code [{"name": "NXtomo", "version": null}]}, older ones strings. */
    static List<String> specs(JsonNode specs) {
        List<String> out = new ArrayList<>();
        for (JsonNode spec : specs) {
            String name = spec.isObject() ? spec.path("name").asText("") : spec.asText("");
            if (!name.isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * The technique plugin id: a {@code technique} metadata value when the facility writes one, else guessed from
     * the specs (NXtomo → tomography, XPCS → xpcs, CXI/ptycho → ptychography), else empty.
     */
    static String technique(Map<String, Object> metadata, List<String> specs) {
        Object t = metadata.get("technique");
        if (t instanceof String && !((String) t).isBlank()) {
            return ((String) t).trim().toLowerCase(Locale.ROOT);
        }
        for (String spec : specs) {
            String s = spec.toLowerCase(Locale.ROOT);
            if (s.contains("tomo")) {
                return "tomography";
            }
            if (s.contains("xpcs")) {
                return "xpcs";
            }
            if (s.contains("ptycho") || s.equals("cxi")) {
                return "ptychography";
            }
        }
        return "";
    }

    /** The entry's time: {@code attributes.time_created} where the server keeps one, else metadata {@code time}. */
    static Instant time(JsonNode attributes, Map<String, Object> metadata) {
        JsonNode created = attributes.path("time_created");
        if (created.isTextual()) {
            Instant t = parseInstant(created.asText());
            if (t != null) {
                return t;
            }
        }
        Object t = metadata.get(TiledQueryEncoder.TIME_KEY);
        if (t instanceof Number) {
            double seconds = ((Number) t).doubleValue();
            long whole = (long) Math.floor(seconds);
            return Instant.ofEpochSecond(whole, (long) ((seconds - whole) * 1e9));
        }
        if (t instanceof String) {
            return parseInstant((String) t);
        }
        return null;
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /**
     * Flattens nested metadata: {@code {"sample": {"name": "tooth"}}} → {@code sample.name = tooth}. Numbers become
     * Long or Double, booleans Boolean, lists of values their JSON text; nulls are left out.
     */
    static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out);
            }
            return;
        }
        if (prefix.isEmpty()) {
            return;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            out.put(prefix, node.asLong());
        } else if (node.isNumber()) {
            out.put(prefix, node.asDouble());
        } else if (node.isBoolean()) {
            out.put(prefix, node.asBoolean());
        } else if (node.isTextual()) {
            out.put(prefix, node.asText());
        } else {
            out.put(prefix, node.toString());
        }
    }
}
