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
 * typed key/value table's indexes. Values are always bound, never spliced into the text.
 */
final class SearchSql {

    static final String COLUMNS = "e.id, e.path, e.name, e.technique, e.family, e.modified, e.size, e.shape, e.error";

    private final String where;
    private final List<Object> whereBinds;
    private final String join;
    private final List<Object> joinBinds;
    private final String order;

    private SearchSql(String where, List<Object> whereBinds, String join, List<Object> joinBinds, String order) {
        this.where = where;
        this.whereBinds = whereBinds;
        this.join = join;
        this.joinBinds = joinBinds;
        this.order = order;
    }

    /**
     * Builds the statements.
     *
     * @throws IllegalArgumentException when a date condition's value is not an ISO-8601 instant
     */
    static SearchSql build(CatalogQuery query, CatalogSort sort) {
        List<String> clauses = new ArrayList<>();
        List<Object> binds = new ArrayList<>();
        String match = ftsMatch(query.words());
        if (match != null) {
            clauses.add("e.id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)");
            binds.add(match);
        }
        for (Condition c : query.conditions()) {
            condition(c, clauses, binds);
        }
        String where = clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
        String dir = sort.descending() ? " DESC" : " ASC";
        String join = "";
        List<Object> joinBinds = new ArrayList<>();
        String order;
        String column = builtInColumn(sort.field());
        if (column != null) {
            String collate = column.equals("e.name") || column.equals("e.technique") || column.equals("e.path")
                    ? " COLLATE NOCASE" : "";
            order = " ORDER BY " + column + collate + dir + " NULLS LAST, e.id" + dir;
        } else {
            join = " LEFT JOIN fields s ON s.entry = e.id AND s.key = ?";
            joinBinds.add(sort.field());
            order = " ORDER BY s.num" + dir + " NULLS LAST, s.text COLLATE NOCASE" + dir + " NULLS LAST, e.id" + dir;
        }
        return new SearchSql(where, binds, join, joinBinds, order);
    }

    String pageSql() {
        return "SELECT " + COLUMNS + " FROM entries e" + join + where + order + " LIMIT ? OFFSET ?";
    }

    String countSql() {
        return "SELECT count(*) FROM entries e" + where;
    }

    /** Binds the page statement's values; returns the index of the LIMIT parameter. */
    int bindPage(PreparedStatement p) throws SQLException {
        int i = 1;
        for (Object o : joinBinds) {
            p.setObject(i++, o);
        }
        for (Object o : whereBinds) {
            p.setObject(i++, o);
        }
        return i;
    }

    void bindCount(PreparedStatement p) throws SQLException {
        int i = 1;
        for (Object o : whereBinds) {
            p.setObject(i++, o);
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

    private static void condition(Condition c, List<String> clauses, List<Object> binds) {
        String column = builtInColumn(c.field());
        Object v = c.value();
        if (column != null) {
            if (column.equals("e.modified")) {
                v = epochMillis(c);
            } else if (column.equals("e.size") && v instanceof String s) {
                double d = CatalogStore.parseNumber(s);
                v = Double.isNaN(d) ? v : d;
            }
            if (v instanceof Number n) {
                numeric(column, c.op(), n.doubleValue(), clauses, binds);
            } else {
                text(column, c.op(), String.valueOf(v), clauses, binds);
            }
            return;
        }
        List<String> inner = new ArrayList<>();
        List<Object> innerBinds = new ArrayList<>();
        innerBinds.add(c.field());
        if (v instanceof Number n) {
            numeric("num", c.op(), n.doubleValue(), inner, innerBinds);
        } else {
            text("text", c.op(), String.valueOf(v), inner, innerBinds);
        }
        clauses.add("e.id IN (SELECT entry FROM fields WHERE key = ? AND " + inner.get(0) + ")");
        binds.addAll(innerBinds);
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
                // a number after a colon (energy:20): the text form contains it
                text(col.equals("num") ? "text" : col, op, CatalogStore.numberText(v), clauses, binds);
                break;
            default:
                clauses.add(col + " BETWEEN ? AND ?");
                binds.add(v - tol);
                binds.add(v + tol);
        }
    }

    private static void text(String col, Op op, String v, List<String> clauses, List<Object> binds) {
        switch (op) {
            case CONTAINS:
                clauses.add(col + " LIKE ? ESCAPE '\\'");
                binds.add("%" + v.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
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
