package org.beamlinestudio.catalog.tiled;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A small server speaking Tiled's HTTP API (the shapes of Tiled 0.1.x) on 127.0.0.1 and a random port, for tests of
 * the Tiled client and of the catalog panel. It serves:
 * <pre>
 * /                       container
 * ├── raw/                container: scan_0001 … scan_0007, 3-D arrays with metadata sample, energy, scan_id,
 * │                       time, title, operator.name, proposal; regular chunks; u2, >f4, >u2, f4, i2, f8, u1
 * └── processed/          container: recon_0001, a 2-D f4 array with irregular chunks
 * </pre>
 * It honours paging ({@code page[offset]}, {@code page[limit]} ≤ 300), {@code fields}, {@code sort}, the filters
 * {@code eq noteq comparison contains regex fulltext lookup}, API-key auth ({@code Authorization: Apikey <key>}; 401
 * without or with a wrong key, the about route stays public as in Tiled), 404s, {@code /array/block} and
 * {@code /array/full?slice=}. It records the block and slice reads it served, so a test can assert that a read
 * fetched only the blocks it needed.
 */
public final class TiledTestServer implements AutoCloseable {

    /** The key {@link #start()} requires. */
    public static final String DEFAULT_KEY = "secret-tiled-test-key";

    /** The container with the scans. */
    public static final String RAW = "raw";

    /** Tiled's {@code MAX_PAGE_SIZE}. */
    public static final int MAX_PAGE = 300;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Node root = Node.container("", List.of());
    private final Optional<String> apiKey;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<String> blockRequests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> sliceRequests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile Map.Entry<Integer, String> failNext;
    private volatile long latencyMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.Set<HttpExchange> counted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private TiledTestServer(Optional<String> apiKey) throws IOException {
        // Without TCP_NODELAY the JDK server's small responses wait ~40 ms for delayed ACKs: latency no real
        // Tiled server (uvicorn sets TCP_NODELAY) has, which would skew read timings.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.apiKey = apiKey;
        buildTree();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "tiled-test-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server that requires {@link #DEFAULT_KEY}. */
    public static TiledTestServer start() throws IOException {
        return new TiledTestServer(Optional.of(DEFAULT_KEY));
    }

    /** Starts a server that requires this key, or a public one when empty. */
    public static TiledTestServer start(Optional<String> apiKey) throws IOException {
        return new TiledTestServer(apiKey);
    }

    /** The server root, e.g. {@code http://127.0.0.1:41234}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The key it requires ({@code null} when public). */
    public String apiKey() {
        return apiKey.orElse(null);
    }

    /** The node paths of the scans in {@code raw/}, in key order. */
    public List<String> scanPaths() {
        List<String> out = new ArrayList<>();
        for (Node n : root.child(RAW).children) {
            out.add(RAW + "/" + n.key);
        }
        return out;
    }

    /** The array served at a node path, with its values, for comparison. */
    public TestArray array(String path) {
        Node n = find(path);
        if (n == null || n.array == null) {
            throw new IllegalArgumentException("no array at " + path);
        }
        return n.array;
    }

    /** The metadata of a node, as served (nested maps). */
    public Map<String, Object> metadata(String path) {
        Node n = find(path);
        if (n == null) {
            throw new IllegalArgumentException("no node at " + path);
        }
        return Collections.unmodifiableMap(n.metadata);
    }

    /** The block reads served, as {@code path?block=i,j,k}, in order. */
    public List<String> blockRequests() {
        synchronized (blockRequests) {
            return List.copyOf(blockRequests);
        }
    }

    /** The full-route reads served, as {@code path?slice=a:b,c:d} (or just {@code path}), in order. */
    public List<String> sliceRequests() {
        synchronized (sliceRequests) {
            return List.copyOf(sliceRequests);
        }
    }

    /** Every request, as its decoded path and query. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Forgets the recorded requests, after the requests still being answered have finished (at most 2 s). */
    public void clearRecords() {
        long until = System.nanoTime() + 2_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
        blockRequests.clear();
        sliceRequests.clear();
        requests.clear();
        maxInFlight.set(0);
    }

    /** The next request (after auth) is answered with this status and {@code {"detail": detail}}. */
    public void failNext(int status, String detail) {
        failNext = Map.entry(status, detail);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------- the tree

    /**
     * One array as served: structure and values computed from the element's flat index (so big arrays cost no
     * memory), always exactly representable in its type.
     */
    public static final class TestArray {
        private final long[] shape;
        private final long[][] chunks;
        private final String dtype;
        private final int seed;

        TestArray(long[] shape, long[][] chunks, String dtype, int seed) {
            this.shape = shape.clone();
            this.chunks = chunks;
            this.dtype = dtype;
            this.seed = seed;
        }

        /** The stored value of the element with this C-order flat index. */
        double raw(long i) {
            switch (dtype.substring(1)) {
                case "u2":
                    return (i * 2311L + seed * 17L) % 65536; // crosses 32767: catches signed decoding
                case "i2":
                    return (i * 977L % 65536) - 32768;
                case "u1":
                    return (i * 37L + seed) % 256;
                case "i4":
                    return (i * 104729L % 2_000_003L) - 1_000_000L;
                case "f8":
                    return (i % 1_000_000) * 0.125 - 1.0;
                default:
                    return (i % 1_000_000) * 0.5 - 7.25 + seed;
            }
        }

        /** Shape, C order. */
        public long[] shape() {
            return shape.clone();
        }

        /** Dask-style chunk sizes per axis. */
        public long[][] chunks() {
            long[][] c = new long[chunks.length][];
            for (int a = 0; a < c.length; a++) {
                c[a] = chunks[a].clone();
            }
            return c;
        }

        /** numpy type string, e.g. {@code <u2}, {@code >f4}. */
        public String dtype() {
            return dtype;
        }

        /** The value at an index, as float32 (how the client delivers it). */
        public float value(long... index) {
            long flat = 0;
            for (int a = 0; a < shape.length; a++) {
                flat = flat * shape[a] + index[a];
            }
            return (float) raw(flat);
        }

        /** The hyperslab {@code [offset, offset + count)} as float32, C order. */
        public float[] slab(long[] offset, int[] count) {
            int n = 1;
            for (int c : count) {
                n *= c;
            }
            float[] out = new float[n];
            long[] idx = new long[shape.length];
            for (int i = 0; i < n; i++) {
                int rest = i;
                for (int a = shape.length - 1; a >= 0; a--) {
                    idx[a] = offset[a] + rest % count[a];
                    rest /= count[a];
                }
                out[i] = value(idx);
            }
            return out;
        }

        /** Number of chunks along each axis. */
        public int[] grid() {
            int[] g = new int[chunks.length];
            for (int a = 0; a < g.length; a++) {
                g[a] = chunks[a].length;
            }
            return g;
        }
    }

    private static final class Node {
        final String key;
        final List<String> ancestors;
        final List<Node> children = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Map<String, Object> metadata = new LinkedHashMap<>();
        final List<String> specs = new ArrayList<>();
        TestArray array;

        private Node(String key, List<String> ancestors) {
            this.key = key;
            this.ancestors = ancestors;
        }

        static Node container(String key, List<String> ancestors) {
            return new Node(key, ancestors);
        }

        Node child(String k) {
            for (Node c : children) {
                if (c.key.equals(k)) {
                    return c;
                }
            }
            return null;
        }

        String path() {
            List<String> parts = new ArrayList<>(ancestors);
            parts.add(key);
            return String.join("/", parts);
        }
    }

    private void buildTree() {
        Node raw = Node.container(RAW, List.of());
        raw.metadata.put("description", "raw scans of the test beamline");
        root.children.add(raw);
        Object[][] scans = {
            // sample, energy, dtype, shape, chunks, spec, title
            {"tooth", 20.0, "<u2", new long[] {5, 7, 6}, new long[][] {{2, 2, 1}, {4, 3}, {6}}, "NXtomo",
                "Tomography of a tooth"},
            {"bone", 25.5, ">f4", new long[] {4, 6, 8}, new long[][] {{2, 2}, {3, 3}, {4, 4}}, "NXtomo",
                "Bone phantom, big-endian detector"},
            {"tooth enamel", 12.0, ">u2", new long[] {3, 4, 5}, new long[][] {{1, 1, 1}, {4}, {5}}, null,
                "Enamel layer"},
            {"shell", 30.0, "<f4", new long[] {6, 5, 4}, new long[][] {{3, 3}, {5}, {2, 2}}, "XPCS",
                "Shell dynamics"},
            {"Tooth", 20.0, "<i2", new long[] {2, 3, 4}, new long[][] {{1, 1}, {3}, {4}}, null, "Second tooth"},
            {"coral", 8.0, "<f8", new long[] {2, 4, 4}, new long[][] {{2}, {2, 2}, {4}}, null, "Coral growth"},
            {"bone", 17.5, "|u1", new long[] {3, 3, 3}, new long[][] {{2, 1}, {3}, {3}}, null, "Bone, low dose"},
        };
        for (int i = 0; i < scans.length; i++) {
            Object[] s = scans[i];
            int number = i + 1;
            Node scan = new Node(String.format(Locale.ROOT, "scan_%04d", number), List.of(RAW));
            scan.metadata.put("sample", s[0]);
            scan.metadata.put("energy", s[1]);
            scan.metadata.put("scan_id", 100 + number);
            scan.metadata.put("time", 1763700000L + number * 3600L);
            scan.metadata.put("title", s[6]);
            scan.metadata.put("operator", Map.of("name", number % 2 == 0 ? "grace" : "ada"));
            scan.metadata.put("proposal", 2026001);
            if (s[5] != null) {
                scan.specs.add((String) s[5]);
            }
            scan.array = makeArray((String) s[2], (long[]) s[3], (long[][]) s[4], number);
            raw.children.add(scan);
        }
        Node processed = Node.container("processed", List.of());
        root.children.add(processed);
        Node recon = new Node("recon_0001", List.of("processed"));
        recon.metadata.put("sample", "tooth");
        recon.metadata.put("algorithm", "fbp");
        recon.array = makeArray("<f4", new long[] {6, 5}, new long[][] {{4, 2}, {2, 3}}, 9);
        processed.children.add(recon);
    }

    private static TestArray makeArray(String dtype, long[] shape, long[][] chunks, int seed) {
        return new TestArray(shape, chunks, dtype, seed);
    }

    /**
     * Adds an array node (and missing containers on its way), e.g. a big one for a read benchmark.
     *
     * @param dtype {@code <u2 >u2 <i2 |u1 <i4 <f4 >f4 <f8}
     * @param chunkShape regular chunks; the last along an axis may be smaller
     */
    public synchronized TestArray addArray(String path, String dtype, long[] shape, long[] chunkShape,
            Map<String, Object> metadata) {
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        Node parent = root;
        List<String> ancestors = new ArrayList<>();
        for (int i = 0; i < parts.length - 1; i++) {
            Node next = parent.child(parts[i]);
            if (next == null) {
                next = Node.container(parts[i], List.copyOf(ancestors));
                parent.children.add(next);
            }
            ancestors.add(parts[i]);
            parent = next;
        }
        long[][] chunks = new long[shape.length][];
        for (int a = 0; a < shape.length; a++) {
            int n = (int) ((shape[a] + chunkShape[a] - 1) / chunkShape[a]);
            chunks[a] = new long[n];
            for (int i = 0; i < n; i++) {
                chunks[a][i] = Math.min(chunkShape[a], shape[a] - i * chunkShape[a]);
            }
        }
        Node node = new Node(parts[parts.length - 1], List.copyOf(ancestors));
        node.metadata.putAll(metadata);
        node.array = makeArray(dtype, shape, chunks, parent.children.size() + 1);
        parent.children.add(node);
        return node.array;
    }

    /** Every response waits this long first, as a distant server would. */
    public void setLatencyMillis(long millis) {
        latencyMillis = millis;
    }

    /** The most requests that were being served at once since the last {@link #clearRecords()}. */
    public int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    private Node find(String path) {
        Node n = root;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            n = n.child(part);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------- HTTP

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        // Counted until the response starts (see answered): once the client has its bytes it may send the next
        // request before this handler has returned, and that must not look like two requests at once.
        counted.add(ex);
        try {
            if (latencyMillis > 0) {
                try {
                    Thread.sleep(latencyMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String rawPath = ex.getRequestURI().getRawPath();
            String path = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
            List<Map.Entry<String, String>> query = parseQuery(ex.getRequestURI().getRawQuery());
            requests.add(path + (query.isEmpty() ? "" : "?" + join(query)));
            if (!path.startsWith("/api/v1")) {
                error(ex, 404, "Not Found");
                return;
            }
            String rest = path.substring("/api/v1".length());
            if (rest.isEmpty() || rest.equals("/")) {
                send(ex, 200, about());
                return;
            }
            if (apiKey.isPresent()) {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (auth == null || !auth.equals("Apikey " + apiKey.get())) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                    error(ex, 401, auth == null ? "Not authenticated" : "Invalid API key");
                    return;
                }
            }
            Map.Entry<Integer, String> fail = failNext;
            if (fail != null) {
                failNext = null;
                error(ex, fail.getKey(), fail.getValue());
                return;
            }
            if (rest.startsWith("/search/") || rest.equals("/search")) {
                search(ex, strip(rest, "/search"), query);
            } else if (rest.startsWith("/metadata/") || rest.equals("/metadata")) {
                metadata(ex, strip(rest, "/metadata"), query);
            } else if (rest.startsWith("/array/block/")) {
                block(ex, strip(rest, "/array/block"), query);
            } else if (rest.startsWith("/array/full/")) {
                full(ex, strip(rest, "/array/full"), query);
            } else {
                error(ex, 404, "Not Found");
            }
        } catch (BadRequest e) {
            error(ex, e.status, e.getMessage());
        } catch (RuntimeException e) {
            error(ex, 500, "Internal server error: " + e);
        } finally {
            answered(ex);
            ex.close();
        }
    }

    private static String strip(String rest, String route) {
        String p = rest.substring(route.length());
        return p.replaceAll("^/+|/+$", "");
    }

    private Map<String, Object> about() {
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("api_version", 0);
        about.put("library_version", "0.1.0b10");
        about.put("formats", Map.of(
                "array", List.of("application/octet-stream", "application/json", "text/csv", "image/png"),
                "container", List.of("application/x-hdf5"),
                "table", List.of("application/vnd.apache.arrow.file", "text/csv")));
        about.put("aliases", Map.of("array", Map.of("text/csv", List.of("csv"))));
        about.put("queries", List.of("fulltext", "lookup", "keys_filter", "regex", "eq", "noteq", "comparison",
                "contains", "in", "notin", "specs", "structure_family"));
        about.put("authentication", Map.of("required", apiKey.isPresent(), "providers", List.of()));
        about.put("links", Map.of("self", uri() + "/api/v1", "documentation", uri() + "/docs"));
        about.put("meta", Map.of("root_path", ""));
        return about;
    }

    private void search(HttpExchange ex, String path, List<Map.Entry<String, String>> query) throws IOException {
        Node node = find(path);
        if (node == null) {
            error(ex, 404, "No such entry.");
            return;
        }
        if (node.array != null) {
            error(ex, 404, "This is not a Node; it cannot be searched or listed.");
            return;
        }
        int offset = intParam(query, "page[offset]", 0);
        int limit = intParam(query, "page[limit]", 100);
        if (offset < 0) {
            throw new BadRequest(422, "page[offset]: Input should be greater than or equal to 0");
        }
        if (limit < 0 || limit > MAX_PAGE) {
            throw new BadRequest(422, "page[limit]: Input should be less than or equal to " + MAX_PAGE);
        }
        List<Node> matches = new ArrayList<>();
        Map<String, Map<String, List<String>>> filters = filters(query);
        for (Node child : node.children) {
            if (matchesAll(child, filters)) {
                matches.add(child);
            }
        }
        String sort = param(query, "sort");
        if (sort != null && !sort.isEmpty()) {
            List<String> keys = Arrays.asList(sort.split(","));
            Comparator<Node> order = null;
            for (String k : keys) {
                if (k.isEmpty()) {
                    continue;
                }
                boolean desc = k.startsWith("-");
                String key = desc ? k.substring(1) : k;
                Comparator<Node> c = (a, b) -> compareForSort(lookup(a.metadata, key), lookup(b.metadata, key));
                if (desc) {
                    c = c.reversed();
                }
                order = order == null ? c : order.thenComparing(c);
            }
            if (order != null) {
                matches.sort(order);
            }
        }
        List<String> fields = params(query, "fields");
        List<Object> data = new ArrayList<>();
        for (int i = offset; i < Math.min(matches.size(), offset + limit); i++) {
            data.add(resource(matches.get(i), fields));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("error", null);
        body.put("links", pageLinks(path, offset, limit, matches.size()));
        body.put("meta", Map.of("count", matches.size()));
        send(ex, 200, body);
    }

    private Map<String, Object> pageLinks(String path, int offset, int limit, int count) {
        // As Tiled does: the links carry the paging only, not the filters or the sort.
        String base = uri() + "/api/v1/search/" + path;
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", base + "?page[offset]=" + offset + "&page[limit]=" + limit);
        int last = limit == 0 ? 0 : (count / limit) * limit;
        links.put("first", base + "?page[offset]=0&page[limit]=" + limit);
        links.put("last", base + "?page[offset]=" + last + "&page[limit]=" + limit);
        links.put("next", offset + limit < count ? base + "?page[offset]=" + (offset + limit) + "&page[limit]="
                + limit : null);
        links.put("prev", offset > 0 ? base + "?page[offset]=" + Math.max(0, offset - limit) + "&page[limit]="
                + limit : null);
        return links;
    }

    private void metadata(HttpExchange ex, String path, List<Map.Entry<String, String>> query) throws IOException {
        Node node = find(path);
        if (node == null) {
            error(ex, 404, "No such entry.");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", resource(node, params(query, "fields")));
        body.put("error", null);
        body.put("links", null);
        body.put("meta", Map.of());
        send(ex, 200, body);
    }

    private Map<String, Object> resource(Node node, List<String> fields) {
        boolean all = fields.isEmpty();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("ancestors", node.ancestors);
        if (all || fields.contains("structure_family")) {
            attributes.put("structure_family", node.array != null ? "array" : "container");
        }
        if (all || fields.contains("specs")) {
            List<Object> specs = new ArrayList<>();
            for (String s : node.specs) {
                Map<String, Object> spec = new LinkedHashMap<>();
                spec.put("name", s);
                spec.put("version", null);
                specs.add(spec);
            }
            attributes.put("specs", specs);
        }
        if (all || fields.contains("metadata")) {
            attributes.put("metadata", node.metadata);
        }
        if (all || fields.contains("structure")) {
            attributes.put("structure", node.array != null ? arrayStructure(node.array)
                    : Map.of("contents", List.of(), "count", node.children.size()));
        }
        attributes.put("sorting", null);
        attributes.put("data_sources", null);
        String base = uri() + "/api/v1";
        String p = node.path();
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", base + "/metadata/" + p);
        if (node.array != null) {
            links.put("full", base + "/array/full/" + p);
            StringBuilder block = new StringBuilder(base + "/array/block/" + p + "?block=");
            for (int a = 0; a < node.array.shape.length; a++) {
                block.append(a == 0 ? "" : ",").append('{').append(a).append('}');
            }
            links.put("block", block.toString());
        } else {
            links.put("search", base + "/search/" + p);
            links.put("full", base + "/container/full/" + p);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", node.key);
        r.put("attributes", attributes);
        r.put("links", links);
        r.put("meta", null);
        return r;
    }

    private static Map<String, Object> arrayStructure(TestArray a) {
        Map<String, Object> dataType = new LinkedHashMap<>();
        char order = a.dtype.charAt(0);
        dataType.put("endianness", order == '<' ? "little" : order == '>' ? "big" : "not_applicable");
        dataType.put("kind", a.dtype.substring(1, 2));
        dataType.put("itemsize", Integer.parseInt(a.dtype.substring(2)));
        dataType.put("dt_units", null);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("data_type", dataType);
        s.put("chunks", a.chunks);
        s.put("shape", a.shape);
        s.put("dims", null);
        s.put("resizable", false);
        return s;
    }

    private void block(HttpExchange ex, String path, List<Map.Entry<String, String>> query) throws IOException {
        TestArray a = arrayAt(ex, path);
        if (a == null) {
            return;
        }
        String blockParam = param(query, "block");
        if (blockParam == null) {
            throw new BadRequest(422, "block: Field required");
        }
        String[] parts = blockParam.isEmpty() ? new String[0] : blockParam.split(",");
        if (parts.length != a.shape.length) {
            throw new BadRequest(400, "Block parameter must have " + a.shape.length + " comma-separated integers, "
                    + "got '" + blockParam + "'");
        }
        long[] offset = new long[parts.length];
        int[] count = new int[parts.length];
        for (int ax = 0; ax < parts.length; ax++) {
            int b;
            try {
                b = Integer.parseInt(parts[ax].trim());
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "Block index '" + parts[ax] + "' is not an integer");
            }
            if (b < 0 || b >= a.chunks[ax].length) {
                throw new BadRequest(400, "Block index out of range: " + blockParam + " for a grid of "
                        + Arrays.toString(a.grid()));
            }
            long start = 0;
            for (int i = 0; i < b; i++) {
                start += a.chunks[ax][i];
            }
            offset[ax] = start;
            count[ax] = (int) a.chunks[ax][b];
        }
        String expectedShape = param(query, "expected_shape");
        if (expectedShape != null) {
            StringBuilder actual = new StringBuilder();
            for (int ax = 0; ax < count.length; ax++) {
                actual.append(ax == 0 ? "" : ",").append(count[ax]);
            }
            if (!expectedShape.equals(actual.toString())) {
                throw new BadRequest(400, "The expected_shape " + expectedShape + " does not match the actual shape "
                        + actual + " of block " + blockParam);
            }
        }
        if (!acceptsOctets(ex)) {
            return;
        }
        blockRequests.add(path + "?block=" + blockParam);
        sendBytes(ex, encode(a, offset, count));
    }

    private void full(HttpExchange ex, String path, List<Map.Entry<String, String>> query) throws IOException {
        TestArray a = arrayAt(ex, path);
        if (a == null) {
            return;
        }
        String slice = param(query, "slice");
        long[] offset = new long[a.shape.length];
        int[] count = new int[a.shape.length];
        for (int ax = 0; ax < count.length; ax++) {
            count[ax] = (int) a.shape[ax];
        }
        if (slice != null && !slice.isEmpty()) {
            String[] parts = slice.split(",", -1);
            if (parts.length > a.shape.length) {
                throw new BadRequest(400, "Slice '" + slice + "' has more dimensions than the array's "
                        + a.shape.length);
            }
            for (int ax = 0; ax < parts.length; ax++) {
                String p = parts[ax].trim();
                long lo = 0;
                long hi = a.shape[ax];
                try {
                    if (p.contains(":")) {
                        String[] ab = p.split(":", -1);
                        if (!ab[0].isEmpty()) {
                            lo = Long.parseLong(ab[0]);
                        }
                        if (ab.length > 1 && !ab[1].isEmpty()) {
                            hi = Math.min(a.shape[ax], Long.parseLong(ab[1]));
                        }
                    } else if (!p.isEmpty()) {
                        lo = Long.parseLong(p);
                        hi = lo + 1;
                    }
                } catch (NumberFormatException e) {
                    throw new BadRequest(400, "Malformed slice '" + slice + "'");
                }
                if (lo < 0 || lo > hi || lo >= a.shape[ax] && a.shape[ax] > 0) {
                    throw new BadRequest(400, "Slice '" + slice + "' is out of range for shape "
                            + Arrays.toString(a.shape));
                }
                offset[ax] = lo;
                count[ax] = (int) (hi - lo);
            }
        }
        if (!acceptsOctets(ex)) {
            return;
        }
        sliceRequests.add(path + (slice == null ? "" : "?slice=" + slice));
        sendBytes(ex, encode(a, offset, count));
    }

    private TestArray arrayAt(HttpExchange ex, String path) throws IOException {
        Node node = find(path);
        if (node == null) {
            error(ex, 404, "No such entry.");
            return null;
        }
        if (node.array == null) {
            error(ex, 404, "This is not an array.");
            return null;
        }
        return node.array;
    }

    private boolean acceptsOctets(HttpExchange ex) throws IOException {
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (accept != null && !accept.contains("application/octet-stream") && !accept.contains("*/*")) {
            error(ex, 406, "This type is not supported: " + accept);
            return false;
        }
        return true;
    }

    private static byte[] encode(TestArray a, long[] offset, int[] count) {
        char order = a.dtype.charAt(0);
        char kind = a.dtype.charAt(1);
        int size = Integer.parseInt(a.dtype.substring(2));
        int n = 1;
        for (int c : count) {
            n *= c;
        }
        ByteBuffer b = ByteBuffer.allocate(n * size).order(order == '>' ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN);
        long[] idx = new long[count.length];
        for (int i = 0; i < n; i++) {
            int rest = i;
            for (int ax = count.length - 1; ax >= 0; ax--) {
                idx[ax] = offset[ax] + rest % count[ax];
                rest /= count[ax];
            }
            long flat = 0;
            for (int ax = 0; ax < a.shape.length; ax++) {
                flat = flat * a.shape[ax] + idx[ax];
            }
            double v = a.raw(flat);
            if (kind == 'f' && size == 4) {
                b.putFloat((float) v);
            } else if (kind == 'f') {
                b.putDouble(v);
            } else if (size == 1) {
                b.put((byte) (long) v);
            } else if (size == 2) {
                b.putShort((short) (long) v);
            } else if (size == 4) {
                b.putInt((int) (long) v);
            } else {
                b.putLong((long) v);
            }
        }
        return b.array();
    }

    // ------------------------------------------------------------------------------------------ filters

    /** Groups {@code filter[name][condition][field]} parameters: name → field → values in order. */
    private static Map<String, Map<String, List<String>>> filters(List<Map.Entry<String, String>> query) {
        Pattern p = Pattern.compile("filter\\[(\\w+)\\]\\[condition\\]\\[(\\w+)\\]");
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : query) {
            var m = p.matcher(e.getKey());
            if (m.matches()) {
                out.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>())
                        .computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(e.getValue());
            } else if (e.getKey().startsWith("filter")) {
                throw new BadRequest(400, "Malformed filter parameter '" + e.getKey() + "'");
            }
        }
        return out;
    }

    private boolean matchesAll(Node node, Map<String, Map<String, List<String>>> filters) {
        for (Map.Entry<String, Map<String, List<String>>> f : filters.entrySet()) {
            Map<String, List<String>> fields = f.getValue();
            int n = fields.values().iterator().next().size();
            for (List<String> values : fields.values()) {
                if (values.size() != n) {
                    throw new BadRequest(400, "Filter '" + f.getKey() + "' has unpaired conditions " + fields);
                }
            }
            for (int i = 0; i < n; i++) {
                if (!matches(node, f.getKey(), fields, i)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean matches(Node node, String name, Map<String, List<String>> fields, int i) {
        switch (name) {
            case "fulltext": {
                String text = field(fields, "text", i, name).toLowerCase(Locale.ROOT);
                List<String> words = new ArrayList<>();
                collectWords(node.metadata, words);
                for (String w : text.split("[^\\p{L}\\p{N}_]+")) {
                    if (!w.isEmpty() && !words.contains(w)) {
                        return false;
                    }
                }
                return true;
            }
            case "lookup":
                return node.key.equals(field(fields, "key", i, name));
            case "eq":
                return equalsJson(lookup(node.metadata, field(fields, "key", i, name)),
                        json(field(fields, "value", i, name)));
            case "noteq":
                return !equalsJson(lookup(node.metadata, field(fields, "key", i, name)),
                        json(field(fields, "value", i, name)));
            case "comparison": {
                String op = field(fields, "operator", i, name);
                Object actual = lookup(node.metadata, field(fields, "key", i, name));
                Object wanted = json(field(fields, "value", i, name));
                if (actual == null) {
                    return false;
                }
                int c;
                if (actual instanceof Number && wanted instanceof Number) {
                    c = Double.compare(((Number) actual).doubleValue(), ((Number) wanted).doubleValue());
                } else if (actual instanceof String && wanted instanceof String) {
                    c = ((String) actual).compareTo((String) wanted);
                } else {
                    return false;
                }
                switch (op) {
                    case "lt":
                        return c < 0;
                    case "le":
                        return c <= 0;
                    case "gt":
                        return c > 0;
                    case "ge":
                        return c >= 0;
                    default:
                        throw new BadRequest(422, "operator: Input should be 'lt', 'gt', 'le' or 'ge'");
                }
            }
            case "contains": {
                Object actual = lookup(node.metadata, field(fields, "key", i, name));
                Object wanted = json(field(fields, "value", i, name));
                if (actual instanceof String && wanted instanceof String) {
                    return ((String) actual).contains((String) wanted);
                }
                return actual instanceof List && ((List<?>) actual).contains(wanted);
            }
            case "regex": {
                Object actual = lookup(node.metadata, field(fields, "key", i, name));
                List<String> cs = fields.get("case_sensitive");
                boolean caseSensitive = cs == null || !"false".equalsIgnoreCase(cs.get(i));
                try {
                    Pattern pattern = Pattern.compile(field(fields, "pattern", i, name),
                            caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
                    return actual instanceof String && pattern.matcher((String) actual).find();
                } catch (PatternSyntaxException e) {
                    throw new BadRequest(400, "Invalid regular expression: " + e.getDescription());
                }
            }
            default:
                throw new BadRequest(400, "Unsupported query type '" + name + "'");
        }
    }

    private static String field(Map<String, List<String>> fields, String field, int i, String name) {
        List<String> v = fields.get(field);
        if (v == null) {
            throw new BadRequest(422, "filter[" + name + "][condition][" + field + "]: Field required");
        }
        return v.get(i);
    }

    private static Object json(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (IOException e) {
            throw new BadRequest(400, "Could not decode JSON value " + text);
        }
    }

    private static boolean equalsJson(Object actual, Object wanted) {
        if (actual instanceof Number && wanted instanceof Number) {
            return ((Number) actual).doubleValue() == ((Number) wanted).doubleValue();
        }
        return actual != null && actual.equals(wanted);
    }

    @SuppressWarnings("unchecked")
    private static Object lookup(Map<String, Object> metadata, String dottedKey) {
        Object v = metadata;
        for (String part : dottedKey.split("\\.")) {
            if (!(v instanceof Map)) {
                return null;
            }
            v = ((Map<String, Object>) v).get(part);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static void collectWords(Object value, List<String> words) {
        if (value instanceof Map) {
            for (Object v : ((Map<String, Object>) value).values()) {
                collectWords(v, words);
            }
        } else if (value instanceof List) {
            for (Object v : (List<Object>) value) {
                collectWords(v, words);
            }
        } else if (value instanceof String) {
            for (String w : ((String) value).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_]+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static int compareForSort(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1; // missing values last
        }
        if (a instanceof Number && b instanceof Number) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        if (a instanceof Comparable && a.getClass() == b.getClass()) {
            return ((Comparable<Object>) a).compareTo(b);
        }
        return a.toString().compareTo(b.toString());
    }

    // ------------------------------------------------------------------------------------------ plumbing

    private static List<Map.Entry<String, String>> parseQuery(String raw) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.add(Map.entry(URLDecoder.decode(k, StandardCharsets.UTF_8),
                    URLDecoder.decode(v, StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static String join(List<Map.Entry<String, String>> query) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : query) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    private static String param(List<Map.Entry<String, String>> query, String key) {
        for (Map.Entry<String, String> e : query) {
            if (e.getKey().equals(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static List<String> params(List<Map.Entry<String, String>> query, String key) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : query) {
            if (e.getKey().equals(key)) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    private static int intParam(List<Map.Entry<String, String>> query, String key, int fallback) {
        String v = param(query, key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadRequest(422, key + ": Input should be a valid integer, unable to parse string as an "
                    + "integer");
        }
    }

    /** Ends the request's count of requests being served, once. */
    private void answered(HttpExchange ex) {
        if (counted.remove(ex)) {
            inFlight.decrementAndGet();
        }
    }

    private void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        answered(ex);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void sendBytes(HttpExchange ex, byte[] bytes) throws IOException {
        answered(ex);
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void error(HttpExchange ex, int status, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        if (status == 422) {
            // FastAPI's validation errors: a list of {loc, msg, type}.
            int colon = detail.indexOf(':');
            String loc = colon > 0 ? detail.substring(0, colon) : "query";
            String msg = colon > 0 ? detail.substring(colon + 1).trim() : detail;
            body.put("detail", List.of(Map.of("loc", List.of("query", loc), "msg", msg, "type", "value_error")));
        } else {
            body.put("detail", detail);
        }
        send(ex, status, body);
    }

    /** A request the server refuses, with Tiled's status and detail. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String detail) {
            super(detail);
            this.status = status;
        }
    }
}
