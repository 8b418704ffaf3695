package org.beamlinestudio.app.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;
import org.beamlinestudio.core.exec.slurm.SecretSource;

/**
 * What the Catalog panel remembers: the Tiled servers (with where their key is, never the key) and the chosen
 * metadata columns. Stored as {@code catalogs.json} next to the settings.
 *
 * @param tiledServers the servers the user added, in order
 * @param columns the metadata keys shown as columns
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogConfig(List<TiledServer> tiledServers, List<String> columns) {

    /**
     * One Tiled server.
     *
     * @param uri the server root
     * @param key where its API key is (a private file), or null for a public server
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TiledServer(String uri, SecretSource key) {
    }

    public CatalogConfig {
        tiledServers = tiledServers == null ? List.of() : List.copyOf(tiledServers);
        columns = columns == null ? List.copyOf(ResultColumns.SUGGESTED.subList(0, 2)) : List.copyOf(columns);
    }

    /** No servers; sample and energy as columns. */
    public static CatalogConfig defaults() {
        return new CatalogConfig(null, null);
    }

    /** With one more server (replacing one of the same address). */
    public CatalogConfig withServer(TiledServer server) {
        List<TiledServer> list = new ArrayList<>(withoutServer(server.uri()).tiledServers);
        list.add(server);
        return new CatalogConfig(list, columns);
    }

    /** Without the server at this address. */
    public CatalogConfig withoutServer(String uri) {
        return new CatalogConfig(tiledServers.stream().filter(s -> !s.uri().equals(uri)).toList(), columns);
    }

    /** With other metadata columns. */
    public CatalogConfig withColumns(List<String> keys) {
        return new CatalogConfig(tiledServers, keys);
    }
}
