package org.beamlinestudio.catalog.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.beamlinestudio.catalog.CatalogPage;
import org.beamlinestudio.catalog.CatalogSort;

/**
 * Runs one search inside the caller's read transaction. Each filter is counted first (index-only counts, a few
 * ms; a text filter, which reads all of a key's values anyway, is listed instead); a filter every entry passes is
 * dropped; when the most selective one matches few entries it drives the search and only its matches are sorted,
 * else the sort order's index is walked and each entry checked until the page is full, so a broad query never sorts
 * the whole catalog. SQLite alone cannot make this choice: it does not know how selective a range is.
 */
final class CatalogSearch {

    private final Connection reader;
    private final EntryRows entryRows;

    CatalogSearch(Connection reader, EntryRows entryRows) {
        this.reader = reader;
        this.entryRows = entryRows;
    }

    /** One page and the total; {@code t0} is when the caller started timing. */
    CatalogPage run(List<SearchSql.Filter> filters, CatalogSort order, int offset, int limit, long t0)
            throws SQLException {
        int lim = Math.max(1, limit);
        int off = Math.max(0, offset);
        long all = scalar("SELECT count(*) FROM entries", List.of());
        long total;
        int driver = -1;
        if (filters.isEmpty()) {
            total = all;
        } else {
            long[] counts = new long[filters.size()];
            List<SearchSql.Filter> narrowing = new ArrayList<>();
            List<Long> narrowingCounts = new ArrayList<>();
            Map<SearchSql.Filter, List<Long>> listed = new HashMap<>();
            // index-only counts first; a text filter (a scan of all a key's values) is listed only when no
            // counted filter is selective already: then it is checked on the few candidates instead
            long fewest = Long.MAX_VALUE;
            for (int i = 0; i < counts.length; i++) {
                if (!filters.get(i).scans()) {
                    counts[i] = count(filters.get(i));
                    fewest = Math.min(fewest, counts[i]);
                }
            }
            for (int i = 0; i < counts.length; i++) {
                SearchSql.Filter f = filters.get(i);
                if (f.scans()) {
                    if (fewest <= selective(all) && fewest < all) {
                        counts[i] = Long.MAX_VALUE - 1; // not counted: never the driver, never dropped
                    } else {
                        List<Long> ids = ids(f); // reading all values anyway: keep the ids, it may drive
                        listed.put(f, ids);
                        counts[i] = ids.size();
                    }
                }
                if (counts[i] < all || counts[i] == Long.MAX_VALUE - 1) { // one every entry passes is dropped
                    narrowing.add(f);
                    narrowingCounts.add(counts[i]);
                }
            }
            filters = narrowing;
            for (int i = 0; i < filters.size(); i++) {
                if (driver < 0 || narrowingCounts.get(i) < narrowingCounts.get(driver)) {
                    driver = i;
                }
            }
            if (!filters.isEmpty() && narrowingCounts.get(driver) <= selective(all)) {
                // few candidates: list the matches once, then sort just those
                List<Long> known = listed.get(filters.get(driver));
                if (known != null) {
                    filters = new ArrayList<>(filters);
                    filters.set(driver, SearchSql.Filter.of(known));
                }
                List<Long> ids = filters.size() == 1 && known != null ? known : matchingIds(filters, driver);
                List<EntryRows.Row> rows = ids.isEmpty() || off >= ids.size() ? List.of() : pageOf(ids, order, off, lim);
                return new CatalogPage(entryRows.entries(rows), offset, ids.size(), (System.nanoTime() - t0) / 1e6);
            }
            total = filters.isEmpty() ? all
                    : filters.size() == 1 || narrowingCounts.get(driver) == 0 ? narrowingCounts.get(driver)
                    : intersection(filters, driver);
        }
        List<EntryRows.Row> rows = total == 0 || off >= total ? List.of() : page(filters, driver, total, all, order, off, lim);
        return new CatalogPage(entryRows.entries(rows), offset, total, (System.nanoTime() - t0) / 1e6);
    }

    /** A broad search (more than this share of the catalog) walks the sort index instead of sorting its matches. */
    static final double BROAD = 0.05;

    /** At most this many candidates are listed and sorted; more, and the sort index is walked instead. */
    private static long selective(long all) {
        return Math.max(2000, (long) (BROAD * all));
    }

    private List<Long> matchingIds(List<SearchSql.Filter> filters, int driver) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT e.id FROM entries e WHERE e.id IN (")
                .append(filters.get(driver).ids()).append(')');
        for (int i = 0; i < filters.size(); i++) {
            if (i != driver) {
                sql.append(" AND ").append(filters.get(i).check());
            }
        }
        try (PreparedStatement p = reader.prepareStatement(sql.toString())) {
            int i = filters.get(driver).bind(p, 1);
            for (int k = 0; k < filters.size(); k++) {
                if (k != driver) {
                    i = filters.get(k).bind(p, i);
                }
            }
            List<Long> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getLong(1));
                }
            }
            return out;
        }
    }

    private List<EntryRows.Row> pageOf(List<Long> ids, CatalogSort sort, int off, int lim) throws SQLException {
        StringJoiner in = new StringJoiner(",", "(", ")");
        ids.forEach(id -> in.add(Long.toString(id))); // numbers from the database itself, safe to write inline
        String sql = "SELECT " + SearchSql.COLUMNS + " FROM entries e" + SearchSql.sortJoin(sort) + " WHERE e.id IN " + in
                + SearchSql.orderBy(sort) + " LIMIT ? OFFSET ?";
        try (PreparedStatement p = reader.prepareStatement(sql)) {
            int i = 1;
            if (!SearchSql.sortJoin(sort).isEmpty()) {
                p.setString(i++, sort.field());
            }
            p.setInt(i++, lim);
            p.setInt(i, off);
            return EntryRows.rows(p);
        }
    }

    private List<EntryRows.Row> page(List<SearchSql.Filter> filters, int driver, long total, long all, CatalogSort sort, int off,
            int lim) throws SQLException {
        String index = SearchSql.sortIndex(sort);
        boolean broad = driver < 0 || total > selective(all);
        if (index == null && broad) {
            return byMetadataWalk(filters, sort, off, lim);
        }
        boolean walkIndex = index != null && broad;
        StringBuilder sql = new StringBuilder("SELECT " + SearchSql.COLUMNS + " FROM entries e");
        if (walkIndex) {
            sql.append(" INDEXED BY ").append(index);
        }
        sql.append(SearchSql.sortJoin(sort));
        List<String> where = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            where.add(i == driver && !walkIndex ? "e.id IN (" + filters.get(i).ids() + ")" : filters.get(i).check());
        }
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        sql.append(SearchSql.orderBy(sort)).append(" LIMIT ? OFFSET ?");
        try (PreparedStatement p = reader.prepareStatement(sql.toString())) {
            int i = 1;
            if (!SearchSql.sortJoin(sort).isEmpty()) {
                p.setString(i++, sort.field());
            }
            for (SearchSql.Filter f : filters) {
                i = f.bind(p, i);
            }
            p.setInt(i++, lim);
            p.setInt(i, off);
            return EntryRows.rows(p);
        }
    }

    /**
     * A broad search sorted by a metadata key: walks the key's numeric index in order (and stops after the page),
     * then, past the numbers, the entries whose value is text or missing, in the same order as
     * {@link SearchSql#orderBy}.
     */
    private List<EntryRows.Row> byMetadataWalk(List<SearchSql.Filter> filters, CatalogSort sort, int off, int lim)
            throws SQLException {
        String dir = sort.descending() ? " DESC" : " ASC";
        StringBuilder checks = new StringBuilder();
        for (SearchSql.Filter f : filters) {
            checks.append(" AND ").append(f.check());
        }
        String numeric = " FROM fields s INDEXED BY fields_num CROSS JOIN entries e ON e.id = s.entry"
                + " WHERE s.key = (SELECT id FROM keys WHERE name = ?) AND s.num IS NOT NULL" + checks;
        List<EntryRows.Row> out = new ArrayList<>();
        try (PreparedStatement p = reader.prepareStatement("SELECT " + SearchSql.COLUMNS + numeric
                + " ORDER BY s.num" + dir + ", s.entry" + dir + " LIMIT ? OFFSET ?")) {
            int i = bindAll(p, sort.field(), filters);
            p.setInt(i++, lim);
            p.setInt(i, off);
            out.addAll(EntryRows.rows(p));
        }
        if (out.size() == lim) {
            return out;
        }
        long numbers;
        try (PreparedStatement p = reader.prepareStatement("SELECT count(*)" + numeric)) {
            bindAll(p, sort.field(), filters);
            try (ResultSet r = p.executeQuery()) {
                numbers = r.next() ? r.getLong(1) : 0;
            }
        }
        String rest = "SELECT " + SearchSql.COLUMNS + " FROM entries e LEFT JOIN fields s ON s.entry = e.id"
                + " AND s.key = (SELECT id FROM keys WHERE name = ?) WHERE s.num IS NULL" + checks
                + " ORDER BY s.text COLLATE NOCASE" + dir + " NULLS LAST, e.id" + dir + " LIMIT ? OFFSET ?";
        try (PreparedStatement p = reader.prepareStatement(rest)) {
            int i = bindAll(p, sort.field(), filters);
            p.setInt(i++, lim - out.size());
            p.setLong(i, Math.max(0, off - numbers));
            out.addAll(EntryRows.rows(p));
        }
        return out;
    }

    private static int bindAll(PreparedStatement p, String key, List<SearchSql.Filter> filters) throws SQLException {
        p.setString(1, key);
        int i = 2;
        for (SearchSql.Filter f : filters) {
            i = f.bind(p, i);
        }
        return i;
    }

    private List<Long> ids(SearchSql.Filter f) throws SQLException {
        try (PreparedStatement p = reader.prepareStatement(f.ids())) {
            f.bind(p, 1);
            List<Long> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getLong(1));
                }
            }
            return out;
        }
    }

    private long count(SearchSql.Filter f) throws SQLException {
        return scalar(f.count(), f.binds());
    }

    /** How many entries pass every filter: the most selective one's entries, each checked against the others. */
    private long intersection(List<SearchSql.Filter> filters, int driver) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM entries e WHERE e.id IN (")
                .append(filters.get(driver).ids()).append(')');
        List<Object> binds = new ArrayList<>(filters.get(driver).binds());
        for (int i = 0; i < filters.size(); i++) {
            if (i != driver) {
                sql.append(" AND ").append(filters.get(i).check());
                binds.addAll(filters.get(i).binds());
            }
        }
        return scalar(sql.toString(), binds);
    }

    private long scalar(String sql, List<Object> binds) throws SQLException {
        try (PreparedStatement p = reader.prepareStatement(sql)) {
            for (int i = 0; i < binds.size(); i++) {
                p.setObject(i + 1, binds.get(i));
            }
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }
}
