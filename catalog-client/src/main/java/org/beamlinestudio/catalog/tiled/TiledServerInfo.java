package org.beamlinestudio.catalog.tiled;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a Tiled server says about itself at {@code GET /api/v1/}.
 *
 * @param apiVersion the HTTP API version ({@code 0} for every Tiled release so far)
 * @param libraryVersion the Tiled release, e.g. {@code 0.1.0b10}
 * @param arrayFormats the media types it can send arrays as
 * @param queries the search query names it understands ({@code eq}, {@code comparison}, {@code fulltext}, ...)
 * @param authenticationRequired whether anonymous reads are refused
 */
public record TiledServerInfo(int apiVersion, String libraryVersion, List<String> arrayFormats, Set<String> queries,
        boolean authenticationRequired) {

    /** The API version this client speaks. */
    public static final int SUPPORTED_API_VERSION = 0;

    /** Copies the collections. */
    public TiledServerInfo {
        arrayFormats = List.copyOf(arrayFormats);
        queries = Set.copyOf(queries);
    }

    /** Reads the about document; unknown fields are ignored. */
    static TiledServerInfo parse(JsonNode about) {
        List<String> formats = new java.util.ArrayList<>();
        for (JsonNode f : about.path("formats").path("array")) {
            formats.add(f.asText());
        }
        Set<String> queries = new LinkedHashSet<>();
        for (JsonNode q : about.path("queries")) {
            queries.add(q.asText());
        }
        return new TiledServerInfo(about.path("api_version").asInt(-1), about.path("library_version").asText(""),
                formats, queries, about.path("authentication").path("required").asBoolean(false));
    }

    /** Whether arrays can be read as raw bytes, as this client reads them. */
    public boolean sendsRawArrays() {
        return arrayFormats.contains(TiledHttp.OCTET_STREAM);
    }
}
