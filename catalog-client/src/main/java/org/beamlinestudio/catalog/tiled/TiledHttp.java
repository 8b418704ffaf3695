package org.beamlinestudio.catalog.tiled;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.beamlinestudio.catalog.CatalogException;

/**
 * The HTTP side of the Tiled client: GETs under {@code <root>/api/v1/} with the API key, and every HTTP or network
 * failure turned into a {@link CatalogException} a scientist can act on (which server, which node, what to check).
 */
final class TiledHttp {

    /** Shared reader: Tiled adds fields between versions, so unknown ones are ignored. */
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final String JSON_TYPE = "application/json";
    static final String OCTET_STREAM = "application/octet-stream";

    private final URI root;
    private final Optional<String> apiKey;
    private final HttpClient http;
    private final Duration requestTimeout;
    private volatile boolean closed;

    /**
     * @param root the server root without {@code /api/v1}, e.g. {@code https://tiled.example.org} (no trailing slash)
     */
    TiledHttp(URI root, Optional<String> apiKey, Duration requestTimeout) {
        this.root = root;
        this.apiKey = apiKey.map(String::trim).filter(k -> !k.isEmpty());
        this.requestTimeout = requestTimeout;
        // HTTP/1.1: Tiled runs behind uvicorn and proxies that do not all accept the h2c upgrade HttpClient offers.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The server root as given. */
    URI root() {
        return root;
    }

    /** Whether an API key is sent. */
    boolean hasKey() {
        return apiKey.isPresent();
    }

    /**
     * GET {@code /api/v1/<route>/<path>?<query>} as JSON.
     *
     * @param what the node path the request is about, for messages ({@code ""} for the root)
     */
    JsonNode getJson(String route, String path, List<Map.Entry<String, String>> query) throws CatalogException {
        HttpResponse<byte[]> response = send(route, path, query, JSON_TYPE);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CatalogException("The Tiled server " + root + " answered " + describe(route, path)
                    + " with something that is not JSON (" + e.getMessage() + ").", e);
        }
    }

    /** GET {@code /api/v1/<route>/<path>?<query>} as raw bytes ({@code application/octet-stream}). */
    byte[] getBytes(String route, String path, List<Map.Entry<String, String>> query) throws CatalogException {
        return send(route, path, query, OCTET_STREAM).body();
    }

    /** The URI of a route, for links shown to the user and for the dataset's identity. */
    URI uri(String route, String path, List<Map.Entry<String, String>> query) {
        StringBuilder sb = new StringBuilder(root.toString()).append("/api/v1/");
        if (!route.isEmpty()) {
            sb.append(route).append('/');
        }
        sb.append(encodePath(path));
        if (!query.isEmpty()) {
            sb.append('?').append(query.stream()
                    .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                    .collect(Collectors.joining("&")));
        }
        return URI.create(sb.toString());
    }

    void close() {
        closed = true;
    }

    private HttpResponse<byte[]> send(String route, String path, List<Map.Entry<String, String>> query, String accept)
            throws CatalogException {
        if (closed) {
            throw new CatalogException("The connection to the Tiled server " + root + " was closed.");
        }
        URI uri = uri(route, path, query);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(requestTimeout)
                .header("Accept", accept);
        apiKey.ifPresent(k -> request.header("Authorization", "Apikey " + k));
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new CatalogException("Cannot reach the Tiled server " + root + " (" + reason(e)
                    + "). Check the address, that the server is running and the network or VPN.", e);
        } catch (HttpTimeoutException e) {
            throw new CatalogException("The Tiled server " + root + " did not answer " + describe(route, path)
                    + " within " + requestTimeout.toSeconds() + " s.", e);
        } catch (IOException e) {
            throw new CatalogException("Lost the connection to the Tiled server " + root + " while asking for "
                    + describe(route, path) + " (" + reason(e) + ").", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogException("Interrupted while asking the Tiled server " + root + " for "
                    + describe(route, path) + ".", e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response;
        }
        String detail = detail(response.body());
        switch (status) {
            case 401:
                throw new TiledStatusException(status, apiKey.isEmpty()
                        ? "The Tiled server " + root + " needs an API key (401). Add one in Catalog → Servers."
                        : "The Tiled server " + root
                                + " refused the API key (401). Check the key in Catalog → Servers.");
            case 403:
                throw new TiledStatusException(status, "The Tiled server " + root + " does not let this API key read "
                        + describe(route, path) + " (403)" + suffix(detail)
                        + ". Ask the facility for access or use another key in Catalog → Servers.");
            case 404:
                throw new TiledStatusException(status, "The Tiled server " + root + " has no node '" + path + "' (404"
                        + (route.isEmpty() ? "" : ", " + route) + ")" + suffix(detail) + ".");
            case 400:
            case 422:
                throw new TiledStatusException(status, "The Tiled server " + root + " rejected the request for "
                        + describe(route, path) + " (" + status + ")" + suffix(detail) + ".");
            case 406:
                throw new TiledStatusException(status, "The Tiled server " + root + " cannot send "
                        + describe(route, path) + " as " + accept + " (406)" + suffix(detail) + ".");
            default:
                throw new TiledStatusException(status, "The Tiled server " + root + " failed on "
                        + describe(route, path) + " (HTTP " + status + ")" + suffix(detail) + ".");
        }
    }

    private static String describe(String route, String path) {
        String node = path.isEmpty() ? "the root node" : "'" + path + "'";
        return route.isEmpty() ? "the server information" : node + " (" + route + ")";
    }

    private static String suffix(String detail) {
        return detail.isEmpty() ? "" : ": " + detail;
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * The server's explanation: FastAPI sends {@code {"detail": "text"}} or, for validation errors,
     * {@code {"detail": [{"loc": [...], "msg": "..."}]}}.
     */
    static String detail(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode detail = node == null ? null : node.get("detail");
            if (detail == null || detail.isNull()) {
                return "";
            }
            if (detail.isTextual()) {
                return detail.asText();
            }
            if (detail.isArray()) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode item : detail) {
                    if (sb.length() > 0) {
                        sb.append("; ");
                    }
                    JsonNode loc = item.get("loc");
                    if (loc != null && loc.isArray() && loc.size() > 0) {
                        sb.append(loc.get(loc.size() - 1).asText()).append(": ");
                    }
                    sb.append(item.path("msg").asText(item.toString()));
                }
                return sb.toString();
            }
            return detail.toString();
        } catch (IOException e) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            return text.length() > 200 ? text.substring(0, 200) + "…" : text;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Percent-encodes each segment of a node path, keeping the slashes. */
    static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(encode(segment));
        }
        return sb.toString();
    }
}
