package org.beamlinestudio.catalog.tiled;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.beamlinestudio.catalog.Catalog;
import org.beamlinestudio.catalog.CatalogEntry;
import org.beamlinestudio.catalog.CatalogException;
import org.beamlinestudio.catalog.CatalogPage;
import org.beamlinestudio.catalog.CatalogQuery;
import org.beamlinestudio.catalog.CatalogSort;
import org.beamlinestudio.core.data.LazyDataset;

/**
 * A facility's Tiled server (Bluesky's data service) as a {@link Catalog}: searches one container node with Tiled's
 * filters, lists its children as entries and reads array nodes lazily, block by block.
 *
 * <p>The address may be the server root ({@code https://tiled.example.org}) or point at a container, as users copy
 * it from a browser: {@code .../api/v1/metadata/raw}, {@code .../api/v1/search/raw} or {@code .../ui/browse/raw}
 * all search {@code raw}.
 */
public final class TiledCatalog implements Catalog {

    /** Tiled's largest page ({@code MAX_PAGE_SIZE}); bigger requests are fetched as several pages. */
    static final int MAX_SERVER_PAGE = 300;

    /** Block requests in flight at once per catalog: hides a distant server's latency, stays polite to it. */
    public static final int PARALLEL_REQUESTS = 6;

    private static final List<String> ENTRY_FIELDS = List.of("metadata", "structure_family", "structure", "specs");

    private final TiledHttp http;
    private final String basePath;
    private final TiledServerInfo info;
    private final TiledQueryEncoder encoder;
    private final String id;
    private final ExecutorService fetchers;

    private TiledCatalog(TiledHttp http, String basePath, TiledServerInfo info) {
        this.http = http;
        this.basePath = basePath;
        this.info = info;
        this.encoder = new TiledQueryEncoder(info.queries());
        this.id = "tiled:" + http.root() + (basePath.isEmpty() ? "" : "/" + basePath);
        AtomicInteger n = new AtomicInteger();
        this.fetchers = Executors.newFixedThreadPool(PARALLEL_REQUESTS, r -> {
            Thread t = new Thread(r, "tiled-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects: reads the server information ({@code GET /api/v1/}), checks the API version, then reads the searched
     * node so that a refused key, a wrong path or an unreachable server is reported now.
     *
     * @param serverRoot the server's address (see the class comment for the forms accepted)
     * @param apiKey the API key, sent as {@code Authorization: Apikey <key>}; empty for public servers
     * @throws CatalogException naming the server and what to check
     */
    public static TiledCatalog connect(URI serverRoot, Optional<String> apiKey) throws CatalogException {
        return connect(serverRoot, apiKey, Duration.ofSeconds(60));
    }

    /** As {@link #connect(URI, Optional)}, with the time one request may take. */
    public static TiledCatalog connect(URI serverRoot, Optional<String> apiKey, Duration requestTimeout)
            throws CatalogException {
        URI[] root = new URI[1];
        String base = split(serverRoot, root);
        TiledHttp http = new TiledHttp(root[0], apiKey, requestTimeout);
        TiledServerInfo info;
        try {
            info = TiledServerInfo.parse(http.getJson("", "", List.of()));
        } catch (TiledStatusException e) {
            if (e.status() == 404) {
                throw new CatalogException("No Tiled server answers at " + root[0] + " (no /api/v1/ there). "
                        + "Check the address: it is the server root, e.g. https://tiled.example.org.", e);
            }
            throw e;
        }
        if (info.apiVersion() != TiledServerInfo.SUPPORTED_API_VERSION) {
            throw new CatalogException("The Tiled server " + root[0] + " speaks API version " + info.apiVersion()
                    + " (Tiled " + info.libraryVersion() + "); this client speaks version "
                    + TiledServerInfo.SUPPORTED_API_VERSION + ".");
        }
        if (info.authenticationRequired() && !http.hasKey()) {
            throw new CatalogException("The Tiled server " + root[0] + " requires an API key. Add one in Catalog → "
                    + "Servers (create it with 'tiled api_key create' or the server's web page).");
        }
        TiledCatalog catalog = new TiledCatalog(http, base, info);
        JsonNode node = http.getJson("metadata", base, List.of(Map.entry("fields", "structure_family")));
        String family = TiledEntries.family(node.path("data").path("attributes").path("structure_family").asText(""));
        if (!"container".equals(family)) {
            throw new CatalogException("'" + (base.isEmpty() ? "/" : base) + "' on the Tiled server " + root[0]
                    + " is " + (family.isEmpty() ? "not a container" : article(family) + ", not a container")
                    + "; give the address of a container to search.");
        }
        return catalog;
    }

    /** Splits an address into the server root (into {@code root[0]}) and the container path it points at. */
    static String split(URI address, URI[] root) throws CatalogException {
        String scheme = address.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || address.getHost() == null) {
            throw new CatalogException("'" + address + "' is not a Tiled server address; expected e.g. "
                    + "https://tiled.example.org or http://localhost:8000.");
        }
        String path = address.getPath() == null ? "" : address.getPath();
        String base = "";
        String prefix = path;
        for (String marker : new String[] {"/api/v1/", "/ui/browse/", "/ui/"}) {
            int at = (path + "/").indexOf(marker);
            if (at >= 0) {
                prefix = path.substring(0, at);
                String rest = (path + "/").substring(at + marker.length());
                if (marker.equals("/api/v1/")) {
                    int slash = rest.indexOf('/');
                    // .../api/v1/<route>/<node path>: drop the route (metadata, search, array/full, ...)
                    rest = slash < 0 ? "" : rest.substring(slash + 1);
                    if (rest.startsWith("full/") || rest.startsWith("block/")) {
                        rest = rest.substring(rest.indexOf('/') + 1);
                    }
                }
                base = rest;
                break;
            }
        }
        base = base.replaceAll("^/+|/+$", "").replaceAll("/+", "/");
        prefix = prefix.replaceAll("/+$", "");
        try {
            root[0] = new URI(scheme, address.getUserInfo(), address.getHost(), address.getPort(), prefix, null,
                    null);
        } catch (URISyntaxException e) {
            throw new CatalogException("'" + address + "' is not a Tiled server address: " + e.getMessage(), e);
        }
        return base;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String displayName() {
        URI root = http.root();
        String host = root.getPort() < 0 ? root.getHost() : root.getHost() + ":" + root.getPort();
        return "Tiled " + host + (root.getPath() == null ? "" : root.getPath())
                + (basePath.isEmpty() ? "" : "/" + basePath);
    }

    /** What the server said about itself when connecting. */
    public TiledServerInfo serverInfo() {
        return info;
    }

    /** The server root, without {@code /api/v1}. */
    public URI serverRoot() {
        return http.root();
    }

    /** The container searched by {@link #search(CatalogQuery, CatalogSort, int, int)} ({@code ""}: the root). */
    public String basePath() {
        return basePath;
    }

    @Override
    public CatalogPage search(CatalogQuery query, CatalogSort sort, int offset, int limit) throws CatalogException {
        return search(basePath, query, sort, offset, limit);
    }

    /**
     * Searches the children of another container (e.g. an entry of family {@code container}, to browse down).
     *
     * @param containerPath node path, e.g. {@code raw} or {@code raw/2026-11}
     */
    public CatalogPage search(String containerPath, CatalogQuery query, CatalogSort sort, int offset, int limit)
            throws CatalogException {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1, got " + offset + ", " + limit);
        }
        long start = System.nanoTime();
        List<Map.Entry<String, String>> filters = encoder.encode(query, sort);
        List<CatalogEntry> entries = new ArrayList<>();
        long total = -1;
        int at = offset;
        // Pages by offset rather than links.next: Tiled's next link drops the filters and the sort.
        while (entries.size() < limit) {
            int want = Math.min(limit - entries.size(), MAX_SERVER_PAGE);
            List<Map.Entry<String, String>> params = new ArrayList<>();
            params.add(Map.entry("page[offset]", Integer.toString(at)));
            params.add(Map.entry("page[limit]", Integer.toString(want)));
            for (String f : ENTRY_FIELDS) {
                params.add(Map.entry("fields", f));
            }
            params.addAll(filters);
            JsonNode page = http.getJson("search", containerPath, params);
            JsonNode count = page.path("meta").path("count");
            if (count.isNumber()) {
                total = count.asLong();
            }
            JsonNode data = page.path("data");
            for (JsonNode resource : data) {
                entries.add(TiledEntries.entry(id, resource));
            }
            at += data.size();
            boolean more = total >= 0 ? at < total : !page.path("links").path("next").isNull()
                    && !page.path("links").path("next").isMissingNode();
            if (data.size() == 0 || !more) {
                break;
            }
        }
        return new CatalogPage(entries, offset, total, (System.nanoTime() - start) / 1e6);
    }

    @Override
    public CatalogEntry entry(String entryId) throws CatalogException {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        for (String f : ENTRY_FIELDS) {
            params.add(Map.entry("fields", f));
        }
        JsonNode node = http.getJson("metadata", entryId, params);
        return TiledEntries.entry(id, node.path("data"));
    }

    @Override
    public Optional<LazyDataset> array(CatalogEntry entry) throws CatalogException {
        if (!"array".equals(entry.family())) {
            return Optional.empty();
        }
        return Optional.of(openArray(entry.id()));
    }

    /**
     * The array at a node path as a lazy dataset (one request for its structure, then one per block read).
     *
     * @throws CatalogException when the node is not an array, not numeric, or the server cannot send raw bytes
     */
    public TiledArrayDataset openArray(String nodePath) throws CatalogException {
        if (!info.sendsRawArrays()) {
            throw new CatalogException("The Tiled server " + http.root() + " cannot send arrays as "
                    + TiledHttp.OCTET_STREAM + " (it offers " + String.join(", ", info.arrayFormats()) + ").");
        }
        JsonNode node = http.getJson("metadata", nodePath,
                List.of(Map.entry("fields", "structure_family"), Map.entry("fields", "structure")));
        JsonNode attributes = node.path("data").path("attributes");
        String family = attributes.path("structure_family").asText("");
        if (!"array".equals(family)) {
            throw new CatalogException("'" + nodePath + "' on the Tiled server " + http.root() + " is "
                    + article(TiledEntries.family(family)) + ", not an array.");
        }
        TiledArrayStructure structure;
        try {
            structure = TiledArrayStructure.parse(attributes.path("structure"));
        } catch (IllegalArgumentException e) {
            throw new CatalogException("The Tiled server " + http.root() + " described the array '" + nodePath
                    + "' in a way this client cannot read: " + e.getMessage(), e);
        }
        return TiledArrayDataset.open(http, nodePath, structure, fetchers);
    }

    private static String article(String noun) {
        return ("aeiou".indexOf(noun.isEmpty() ? 'x' : noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    @Override
    public void close() {
        http.close();
        fetchers.shutdownNow();
    }

    @Override
    public String toString() {
        return "TiledCatalog[" + id + "]";
    }
}
