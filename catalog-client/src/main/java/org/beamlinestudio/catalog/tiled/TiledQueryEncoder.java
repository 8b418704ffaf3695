package org.beamlinestudio.catalog.tiled;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.beamlinestudio.catalog.CatalogException;
import org.beamlinestudio.catalog.CatalogQuery;
import org.beamlinestudio.catalog.CatalogSort;

/**
 * Translates a {@link CatalogQuery} and {@link CatalogSort} into Tiled's search parameters, with the query names
 * Tiled registers ({@code tiled.queries}):
 * <ul>
 *   <li>free-text words → {@code filter[fulltext][condition][text]} (Tiled matches whole words, ignoring case);</li>
 *   <li>{@code EQ}/{@code NE} → {@code filter[eq]}/{@code filter[noteq]} with {@code key} and a JSON-encoded
 *       {@code value};</li>
 *   <li>{@code GT GE LT LE} → {@code filter[comparison]} with {@code operator} {@code gt ge lt le};</li>
 *   <li>{@code CONTAINS} on text → {@code filter[regex]} with the quoted text and {@code case_sensitive=false}
 *       (substring, ignoring case, as the local catalog does) when the server offers {@code regex}, else
 *       {@code filter[contains]} (Tiled's own containment, case-sensitive).</li>
 * </ul>
 * Several filters of one kind repeat their parameters in order, which Tiled pairs up. Metadata keys are Tiled's
 * dotted paths ({@code sample.name}). The built-in field {@code modified} is the metadata key {@code time} (epoch
 * seconds, as Bluesky writes it); dates are converted. {@code name} equality becomes {@code filter[lookup]}.
 */
final class TiledQueryEncoder {

    /** The metadata key that holds an entry's time (Bluesky start documents: epoch seconds). */
    static final String TIME_KEY = "time";

    private final Set<String> serverQueries;

    /** @param serverQueries the query names the server lists in {@code GET /api/v1/} ({@code queries}) */
    TiledQueryEncoder(Set<String> serverQueries) {
        this.serverQueries = Set.copyOf(serverQueries);
    }

    /** The filter and sort parameters for this search (paging and fields are added by the caller). */
    List<Map.Entry<String, String>> encode(CatalogQuery query, CatalogSort sort) throws CatalogException {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String word : query.words()) {
            if (!word.isBlank()) {
                require("fulltext", "free-text words");
                out.add(Map.entry("filter[fulltext][condition][text]", word));
            }
        }
        for (CatalogQuery.Condition c : query.conditions()) {
            encode(c, out);
        }
        String sortKey = sortKey(sort);
        if (sortKey != null) {
            out.add(Map.entry("sort", (sort.descending() ? "-" : "") + sortKey));
        }
        return out;
    }

    private void encode(CatalogQuery.Condition c, List<Map.Entry<String, String>> out) throws CatalogException {
        String field = c.field();
        Object value = c.value();
        if ("name".equals(field)) {
            if (c.op() != CatalogQuery.Op.EQ) {
                throw new CatalogException("A Tiled server can only look a name up exactly (name = ...), not '"
                        + describe(c) + "'. Search the name as a free-text word instead.");
            }
            require("lookup", "name lookups");
            out.add(Map.entry("filter[lookup][condition][key]", String.valueOf(value)));
            return;
        }
        if ("size".equals(field) || "technique".equals(field)) {
            throw new CatalogException("A Tiled server cannot search by '" + field + "' ('" + describe(c)
                    + "'); search a metadata key instead.");
        }
        String key = field;
        if ("modified".equals(field)) {
            key = TIME_KEY;
            value = epochSeconds(value, c);
        }
        switch (c.op()) {
            case EQ:
                require("eq", "'='");
                out.add(Map.entry("filter[eq][condition][key]", key));
                out.add(Map.entry("filter[eq][condition][value]", json(value)));
                break;
            case NE:
                require("noteq", "'!='");
                out.add(Map.entry("filter[noteq][condition][key]", key));
                out.add(Map.entry("filter[noteq][condition][value]", json(value)));
                break;
            case GT:
            case GE:
            case LT:
            case LE:
                require("comparison", "comparisons");
                out.add(Map.entry("filter[comparison][condition][operator]", c.op().name().toLowerCase()));
                out.add(Map.entry("filter[comparison][condition][key]", key));
                out.add(Map.entry("filter[comparison][condition][value]", json(value)));
                break;
            case CONTAINS:
                if (value instanceof String && serverQueries.contains("regex")) {
                    out.add(Map.entry("filter[regex][condition][key]", key));
                    out.add(Map.entry("filter[regex][condition][pattern]", ".*" + quote((String) value) + ".*"));
                    out.add(Map.entry("filter[regex][condition][case_sensitive]", "false"));
                } else {
                    require("contains", "'" + field + ":...'");
                    out.add(Map.entry("filter[contains][condition][key]", key));
                    out.add(Map.entry("filter[contains][condition][value]", json(value)));
                }
                break;
            default:
                throw new CatalogException("Unknown condition " + describe(c));
        }
    }

    /** The Tiled sort key for a sort, or {@code null} for the server's own order (node keys). */
    static String sortKey(CatalogSort sort) {
        if (sort == null) {
            return null;
        }
        switch (sort.field()) {
            case "name":
            case "size":
            case "technique":
                // Not metadata on a Tiled server: leave the server's order (by node key, as inserted).
                return null;
            case "modified":
                return TIME_KEY;
            default:
                return sort.field();
        }
    }

    private void require(String name, String what) throws CatalogException {
        if (!serverQueries.isEmpty() && !serverQueries.contains(name)) {
            throw new CatalogException("This Tiled server does not offer the '" + name + "' query needed for "
                    + what + " (it offers " + String.join(", ", serverQueries.stream().sorted().toList()) + ").");
        }
    }

    /** JSON as Tiled's client sends it ({@code json.dumps}): integral numbers without a decimal point. */
    static String json(Object value) throws CatalogException {
        Object v = value;
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                v = (long) d;
            }
        }
        try {
            return TiledHttp.JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new CatalogException("Cannot send the value " + value + " to a Tiled server: " + e.getMessage(), e);
        }
    }

    /** Escapes regex metacharacters the way Python's {@code re.escape} does for the characters that matter. */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder();
        for (char ch : text.toCharArray()) {
            if ("\\.^$|?*+()[]{}-/".indexOf(ch) >= 0) {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.toString();
    }

    private static Object epochSeconds(Object value, CatalogQuery.Condition c) throws CatalogException {
        if (value instanceof Number) {
            return value;
        }
        String text = String.valueOf(value).trim();
        try {
            return (double) Instant.parse(text).getEpochSecond();
        } catch (DateTimeParseException e) {
            // try the other ISO forms
        }
        try {
            return (double) OffsetDateTime.parse(text).toEpochSecond();
        } catch (DateTimeParseException e) {
            // try a date
        }
        try {
            LocalDate date = LocalDate.parse(text);
            // A date as an upper bound means "through the end of that day".
            boolean upper = c.op() == CatalogQuery.Op.LE || c.op() == CatalogQuery.Op.GT;
            LocalDate day = upper ? date.plusDays(1) : date;
            // Dates are the scientist's own calendar days (local time zone).
            double s = day.atStartOfDay(ZoneId.systemDefault()).toEpochSecond();
            return upper ? s - 1e-3 : s;
        } catch (DateTimeParseException e) {
            throw new CatalogException("'" + text + "' in '" + describe(c) + "' is not a date or time; expected e.g. "
                    + "2026-11-21 or 2026-11-21T08:30:00Z.", e);
        }
    }

    private static String describe(CatalogQuery.Condition c) {
        return c.field() + " " + c.op() + " " + c.value();
    }
}
