package org.beamlinestudio.catalog.local;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.beamlinestudio.catalog.CatalogQuery;
import org.beamlinestudio.catalog.CatalogQuery.Condition;
import org.beamlinestudio.catalog.CatalogQuery.Op;
import org.beamlinestudio.catalog.CatalogSort;

/**
 * Turns a {@link CatalogQuery} and a {@link CatalogSort} into SQL over the catalog's tables: words through the FTS5
 * index (prefix match on every word), built-in fields through the entries' columns, anything else through the
 * typed key/value table's indexes. Each part of the query becomes a {@link Filter} that can be counted alone,
 * listed (to drive a search) or checked per entry; {@link CatalogStore} picks, from the counts, whether the most
 * selective filter drives the search or the sort order's index does (SQLite cannot know how selective a range is).
 * Values are always bound, never spliced into the text.
 */
final class SearchSql {

    static final String COLUMNS = "e.id, e.path, e.name, e.technique, e.family, e.modified, e.size, e.shape, e.error";
    private static final String KEY_ID = "(SELECT id FROM keys WHERE name = ?)";

    /**
     * One part of a query, in three forms sharing the same bound values.
     *
     * @param ids a SELECT of the matching entries' ids
     * @param count a SELECT of how many entries match
     * @param check a predicate on the entry {@code e}
     * @param scans whether listing it reads all of a key's values (a text search): then it is listed once rather
     *     than counted and listed
     */
    record Filter(String ids, String count, String check, List<Object> binds, boolean scans) {

        /** The filter of entries known by id (ids from the database itself, safe to write inline). */
        static Filter of(List<Long> ids) {
            StringJoiner j = new StringJoiner(",");
            ids.forEach(id -> j.add(Long.toString(id)));
            return new Filter(j.toString(), null, "e.id IN (" + j + ")", List.of(), false);
        }

        int bind(PreparedStatement p, int from) throws SQLException {
            int i = from;
            for (Object o : binds) {
                p.setObject(i++, o);
            }
            return i;
        }
    }

    private SearchSql() {
    }

    /**
     * The filters of a query.
     *
     * @throws IllegalArgumentException when a date condition's value is not an ISO-8601 instant
     */
    static List<Filter> filters(CatalogQuery query) {
        List<Filter> out = new ArrayList<>();
        String match = ftsMatch(query.words());
        if (match != null) {
            String ids = "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?";
            out.add(new Filter(ids, "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH ?",
                    "e.id IN (" + ids + ")", List.of(match), false));
        }
        // conditions on one field make one filter (a date range is one index range, not two half-catalogs)
        java.util.Map<String, List<Condition>> byField = new java.util.LinkedHashMap<>();
        for (Condition c : query.conditions()) {
            String column = builtInColumn(c.field());
            byField.computeIfAbsent(column != null ? column : "key:" + c.field(), k -> new ArrayList<>()).add(c);
        }
        for (List<Condition> same : byField.values()) {
            out.add(field(same));
        }
        return out;
    }

    /** The ORDER BY clause (with NULLs last and the id as tie-breaker, so pages never overlap). */
    static String orderBy(CatalogSort sort) {
        String dir = sort.descending() ? " DESC" : " ASC";
        String column = builtInColumn(sort.field());
        if (column != null) {
            String collate = column.equals("e.name") ? " COLLATE NOCASE" : "";
            return " ORDER BY " + column + collate + dir + " NULLS LAST, e.id" + dir;
        }
        // numbers first, by value then id (the order of the numeric index), then text values, then entries without
        return " ORDER BY s.num" + dir + " NULLS LAST, (CASE WHEN s.num IS NULL THEN s.text END) COLLATE NOCASE" + dir
                + " NULLS LAST, e.id" + dir;
    }

    /** The join that brings the sort key's value, for a metadata sort (bind the key name); empty otherwise. */
    static String sortJoin(CatalogSort sort) {
        return builtInColumn(sort.field()) == null ? " LEFT JOIN fields s ON s.entry = e.id AND s.key = " + KEY_ID : "";
    }

    /** The index that gives the built-in sort order, so a search can walk it and stop after a page; or null. */
    static String sortIndex(CatalogSort sort) {
        String column = builtInColumn(sort.field());
        if (column == null) {
            return null;
        }
        switch (column) {
            case "e.modified":
                return "entries_modified";
            case "e.name":
                return "entries_name";
            case "e.size":
                return "entries_size";
            case "e.technique":
                return "entries_technique";
            default:
                return null;
        }
    }

    /** The entries' own columns for the built-in fields; null for metadata keys. */
    static String builtInColumn(String field) {
        switch (field.toLowerCase(Locale.ROOT)) {
            case "name":
                return "e.name";
            case "path":
                return "e.path";
            case "technique":
                return "e.technique";
            case "modified":
            case "date":
                return "e.modified";
            case "size":
                return "e.size";
            case CatalogStore.ERROR_KEY:
                // why a file could not be indexed lives in its own column, not among the facts; the panel lists the
                // unreadable files with index_error:"" (any error)
                return "e.error";
            default:
                return null;
        }
    }

    /**
     * Every word must match as a prefix of a token of the name, path or a metadata value. Each word is a quoted
     * FTS5 phrase (so {@code scan_01} or {@code 2026-11} are tokenised like the indexed text) with a prefix star.
     */
    static String ftsMatch(List<String> words) {
        StringJoiner j = new StringJoiner(" AND ");
        boolean any = false;
        for (String w : words) {
            if (w.codePoints().noneMatch(Character::isLetterOrDigit)) {
                continue; // punctuation only: the tokenizer drops it, so it would match nothing
            }
            j.add("\"" + w.replace("\"", "\"\"") + "\"*");
            any = true;
        }
        return any ? j.toString() : null;
    }

    private static Filter field(List<Condition> conditions) {
        String column = builtInColumn(conditions.get(0).field());
        List<String> pred = new ArrayList<>();
        List<Object> binds = new ArrayList<>();
        if (column == null) {
            binds.add(conditions.get(0).field());
        }
        for (Condition c : conditions) {
            predicate(c, column, pred, binds);
        }
        String p = String.join(" AND ", pred);
        boolean scans = conditions.stream().anyMatch(c -> c.op() == Op.CONTAINS || c.op() == Op.NE);
        if (column != null) {
            return new Filter("SELECT e.id FROM entries e WHERE " + p, "SELECT count(*) FROM entries e WHERE " + p, p,
                    binds, scans);
        }
        return new Filter("SELECT entry FROM fields WHERE key = " + KEY_ID + " AND " + p,
                "SELECT count(*) FROM fields WHERE key = " + KEY_ID + " AND " + p,
                "EXISTS (SELECT 1 FROM fields f WHERE f.entry = e.id AND f.key = " + KEY_ID + " AND " + p + ")", binds,
                scans);
    }

    private static void predicate(Condition c, String column, List<String> pred, List<Object> binds) {
        Object v = c.value();
        if (column != null) {
            if (column.equals("e.modified")) {
                v = epochMillis(c);
            } else if (column.equals("e.size") && v instanceof String s) {
                double d = CatalogStore.parseNumber(s);
                v = Double.isNaN(d) ? v : d;
            }
            if (v instanceof Number n) {
                numeric(column, c.op(), n.doubleValue(), pred, binds);
            } else {
                text(column, c.op(), String.valueOf(v), pred, binds);
            }
            return;
        }
        if (v instanceof Number n) {
            numeric("num", c.op(), n.doubleValue(), pred, binds);
        } else if (c.op() == Op.CONTAINS && !Double.isNaN(CatalogStore.parseNumber(String.valueOf(v)))) {
            // energy:20 — a number after a colon matches the number or text that contains it
            pred.add("(text LIKE ? ESCAPE '\\' OR num = ?)");
            binds.add(like(String.valueOf(v)));
            binds.add(CatalogStore.parseNumber(String.valueOf(v)));
        } else {
            // "text IS NOT NULL" lets SQLite use the partial index of text values
            List<String> one = new ArrayList<>();
            text("text", c.op(), String.valueOf(v), one, binds);
            pred.add("text IS NOT NULL AND " + one.get(0));
        }
    }

    private static long epochMillis(Condition c) {
        Object v = c.value();
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Instant.parse(String.valueOf(v)).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the date condition " + c.field() + " " + c.op() + " '" + v
                    + "' is not an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
    }

    private static void numeric(String col, Op op, double v, List<String> clauses, List<Object> binds) {
        double tol = Math.abs(v) * 1e-9;
        switch (op) {
            case GT:
                clauses.add(col + " > ?");
                binds.add(v);
                break;
            case GE:
                clauses.add(col + " >= ?");
                binds.add(v);
                break;
            case LT:
                clauses.add(col + " < ?");
                binds.add(v);
                break;
            case LE:
                clauses.add(col + " <= ?");
                binds.add(v);
                break;
            case NE:
                clauses.add("(" + col + " IS NOT NULL AND " + col + " NOT BETWEEN ? AND ?)");
                binds.add(v - tol);
                binds.add(v + tol);
                break;
            case CONTAINS:
                text(col.equals("num") ? "text" : col, op, CatalogStore.numberText(v), clauses, binds);
                break;
            default:
                clauses.add(col + " BETWEEN ? AND ?");
                binds.add(v - tol);
                binds.add(v + tol);
        }
    }

    private static String like(String v) {
        return "%" + v.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static void text(String col, Op op, String v, List<String> clauses, List<Object> binds) {
        switch (op) {
            case CONTAINS:
                clauses.add(col + " LIKE ? ESCAPE '\\'");
                binds.add(like(v));
                break;
            case EQ:
                clauses.add(col + " = ? COLLATE NOCASE");
                binds.add(v);
                break;
            case NE:
                clauses.add(col + " <> ? COLLATE NOCASE");
                binds.add(v);
                break;
            case GT:
                clauses.add(col + " > ? COLLATE NOCASE");
                binds.add(v);
                break;
            case GE:
                clauses.add(col + " >= ? COLLATE NOCASE");
                binds.add(v);
                break;
            case LT:
                clauses.add(col + " < ? COLLATE NOCASE");
                binds.add(v);
                break;
            default:
                clauses.add(col + " <= ? COLLATE NOCASE");
                binds.add(v);
        }
    }
}
