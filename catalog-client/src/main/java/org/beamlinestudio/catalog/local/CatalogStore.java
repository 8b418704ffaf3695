package org.beamlinestudio.catalog.local;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.beamlinestudio.catalog.CatalogEntry;
import org.beamlinestudio.catalog.CatalogException;
import org.beamlinestudio.catalog.CatalogPage;
import org.beamlinestudio.catalog.CatalogQuery;
import org.beamlinestudio.catalog.CatalogSort;

/**
 * The local catalog's tables: entries, their typed facts and the free-text index. One connection writes (the
 * indexer), another reads (searches); with WAL they never wait for each other. Thread-safe.
 */
public final class CatalogStore implements AutoCloseable {

    /** Metadata key under which an entry carries the indexer's error, for the panel to show. */
    public static final String ERROR_KEY = "index_error";

    static final int KIND_TEXT = 0;
    static final int KIND_DOUBLE = 1;
    static final int KIND_LONG = 2;
    static final int KIND_BOOLEAN = 3;

    private final String catalogId;
    private final Connection writer;
    private final Connection reader;
    private final Object writeLock = new Object();
    private final Object readLock = new Object();
    private final Map<String, Long> keyIds = new HashMap<>();

    /** Opens both connections on the database. */
    public CatalogStore(CatalogDatabase db, String catalogId) throws CatalogException {
        this.catalogId = catalogId;
        try {
            this.writer = db.connect();
        } catch (SQLException e) {
            throw new CatalogException("cannot open the catalog " + db.file() + ": " + e.getMessage(), e);
        }
        try {
            this.reader = db.connect();
        } catch (SQLException e) {
            closeQuietly(writer);
            throw new CatalogException("cannot open the catalog " + db.file() + ": " + e.getMessage(), e);
        }
    }

    // ---- folders ----

    /** The folders the user added, in the order added. */
    public List<Path> folders() throws CatalogException {
        synchronized (readLock) {
            try (Statement s = reader.createStatement(); ResultSet r = s.executeQuery("SELECT path FROM folders ORDER BY rowid")) {
                List<Path> out = new ArrayList<>();
                while (r.next()) {
                    out.add(Path.of(r.getString(1)));
                }
                return out;
            } catch (SQLException e) {
                throw failure("list the catalog's folders", e);
            }
        }
    }

    /** Records a folder (no effect when already there). */
    public void addFolder(Path folder) throws CatalogException {
        synchronized (writeLock) {
            try (PreparedStatement p = writer.prepareStatement("INSERT OR IGNORE INTO folders(path) VALUES (?)")) {
                p.setString(1, folder.toString());
                p.executeUpdate();
            } catch (SQLException e) {
                throw failure("add the folder " + folder, e);
            }
        }
    }

    /** Forgets a folder and the entries under it that no other folder still holds. */
    public void removeFolder(Path folder) throws CatalogException {
        synchronized (writeLock) {
            try {
                writer.setAutoCommit(false);
                try (PreparedStatement p = writer.prepareStatement("DELETE FROM folders WHERE path = ?")) {
                    p.setString(1, folder.toString());
                    p.executeUpdate();
                }
                List<Path> others = new ArrayList<>();
                try (Statement s = writer.createStatement(); ResultSet r = s.executeQuery("SELECT path FROM folders")) {
                    while (r.next()) {
                        others.add(Path.of(r.getString(1)));
                    }
                }
                for (Path file : fileStatesLocked(folder).keySet()) {
                    if (others.stream().noneMatch(file::startsWith)) {
                        deleteLocked(file);
                    }
                }
                writer.commit();
            } catch (SQLException e) {
                rollback();
                throw failure("remove the folder " + folder, e);
            } finally {
                autoCommit();
            }
        }
    }

    // ---- entries ----

    /** Size and modification time (ms) of every entry under a folder, by path: what tells a changed file. */
    public Map<Path, long[]> fileStates(Path folder) throws CatalogException {
        synchronized (writeLock) {
            try {
                return fileStatesLocked(folder);
            } catch (SQLException e) {
                throw failure("list the entries under " + folder, e);
            }
        }
    }

    private Map<Path, long[]> fileStatesLocked(Path folder) throws SQLException {
        String prefix = folder.toString().endsWith("/") ? folder.toString() : folder + "/";
        Map<Path, long[]> out = new HashMap<>();
        try (PreparedStatement p = writer.prepareStatement(
                "SELECT path, size, modified FROM entries WHERE path >= ? AND path < ?")) {
            p.setString(1, prefix);
            p.setString(2, prefix.substring(0, prefix.length() - 1) + (char) ('/' + 1));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.put(Path.of(r.getString(1)), new long[] {r.getLong(2), r.getLong(3)});
                }
            }
        }
        return out;
    }

    /** Adds or replaces one entry. */
    public void upsert(IndexedFile f) throws CatalogException {
        upsertAll(List.of(f));
    }

    /** Adds or replaces entries in one transaction (the bench and a rescan's batches). */
    public void upsertAll(List<IndexedFile> files) throws CatalogException {
        if (files.isEmpty()) {
            return;
        }
        synchronized (writeLock) {
            try {
                writer.setAutoCommit(false);
                try (Batch b = new Batch(writer, keyIds)) {
                    for (IndexedFile f : files) {
                        b.put(f);
                    }
                }
                writer.commit();
            } catch (SQLException e) {
                rollback();
                throw failure("store " + files.size() + " entries (first: " + files.get(0).file() + ")", e);
            } finally {
                autoCommit();
            }
        }
    }

    /** Drops the entry of a file, if there is one. */
    public boolean delete(Path file) throws CatalogException {
        synchronized (writeLock) {
            try {
                writer.setAutoCommit(false);
                boolean had = deleteLocked(file);
                writer.commit();
                return had;
            } catch (SQLException e) {
                rollback();
                throw failure("drop the entry of " + file, e);
            } finally {
                autoCommit();
            }
        }
    }

    private boolean deleteLocked(Path file) throws SQLException {
        Long id = idOf(writer, file.toString());
        if (id == null) {
            return false;
        }
        try (PreparedStatement p = writer.prepareStatement("DELETE FROM entries_fts WHERE rowid = ?")) {
            p.setLong(1, id);
            p.executeUpdate();
        }
        try (PreparedStatement p = writer.prepareStatement("DELETE FROM entries WHERE id = ?")) {
            p.setLong(1, id);
            p.executeUpdate();
        }
        return true;
    }

    private static Long idOf(Connection c, String path) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM entries WHERE path = ?")) {
            p.setString(1, path);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(1) : null;
            }
        }
    }

    /** How many entries there are. */
    public long count() throws CatalogException {
        synchronized (readLock) {
            try (Statement s = reader.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM entries")) {
                return r.next() ? r.getLong(1) : 0;
            } catch (SQLException e) {
                throw failure("count the entries", e);
            }
        }
    }

    /** One entry by id (its absolute path), with all its metadata. */
    public Optional<CatalogEntry> entry(String id) throws CatalogException {
        synchronized (readLock) {
            try (PreparedStatement p = reader.prepareStatement("SELECT " + SearchSql.COLUMNS + " FROM entries e WHERE e.path = ?")) {
                p.setString(1, id);
                List<Row> rows = rows(p);
                return rows.isEmpty() ? Optional.empty() : Optional.of(withMetadata(rows).get(0));
            } catch (SQLException e) {
                throw failure("read the entry " + id, e);
            }
        }
    }

    /**
     * A page of matches, sorted, with the total count. Each filter is counted first (index-only counts, a few ms);
     * when the most selective one matches few entries it drives the search, else the sort order's index is walked
     * and each entry checked until the page is full, so a broad query never sorts the whole catalog.
     */
    public CatalogPage search(CatalogQuery query, CatalogSort sort, int offset, int limit) throws CatalogException {
        long t0 = System.nanoTime();
        CatalogSort order = sort == null ? CatalogSort.newestFirst() : sort;
        List<SearchSql.Filter> filters;
        try {
            filters = SearchSql.filters(query);
        } catch (IllegalArgumentException e) {
            throw new CatalogException("local catalog: " + e.getMessage(), e);
        }
        int lim = Math.max(1, limit);
        int off = Math.max(0, offset);
        synchronized (readLock) {
            try {
                reader.setAutoCommit(false); // one snapshot: the counts and the page agree while the indexer writes
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
                    for (int i = 0; i < counts.length; i++) {
                        SearchSql.Filter f = filters.get(i);
                        if (f.scans()) { // reading all values anyway: keep the ids, it may drive the search
                            List<Long> ids = ids(f);
                            listed.put(f, ids);
                            counts[i] = ids.size();
                        } else {
                            counts[i] = count(f);
                        }
                        if (counts[i] < all) { // a filter every entry passes ("scan" in every name) is dropped
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
                        List<Row> rows = ids.isEmpty() || off >= ids.size() ? List.of() : pageOf(ids, order, off, lim);
                        return new CatalogPage(withMetadata(rows), offset, ids.size(), (System.nanoTime() - t0) / 1e6);
                    }
                    total = filters.isEmpty() ? all
                            : filters.size() == 1 || narrowingCounts.get(driver) == 0 ? narrowingCounts.get(driver)
                            : intersection(filters, driver);
                }
                List<Row> rows = total == 0 || off >= total ? List.of() : page(filters, driver, total, all, order, off, lim);
                return new CatalogPage(withMetadata(rows), offset, total, (System.nanoTime() - t0) / 1e6);
            } catch (SQLException e) {
                throw failure("search for " + describe(query), e);
            } finally {
                endRead();
            }
        }
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

    private List<Row> pageOf(List<Long> ids, CatalogSort sort, int off, int lim) throws SQLException {
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
            return rows(p);
        }
    }

    private List<Row> page(List<SearchSql.Filter> filters, int driver, long total, long all, CatalogSort sort, int off,
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
            return rows(p);
        }
    }

    /**
     * A broad search sorted by a metadata key: walks the key's numeric index in order (and stops after the page),
     * then, past the numbers, the entries whose value is text or missing, in the same order as
     * {@link SearchSql#orderBy}.
     */
    private List<Row> byMetadataWalk(List<SearchSql.Filter> filters, CatalogSort sort, int off, int lim)
            throws SQLException {
        String dir = sort.descending() ? " DESC" : " ASC";
        StringBuilder checks = new StringBuilder();
        for (SearchSql.Filter f : filters) {
            checks.append(" AND ").append(f.check());
        }
        String numeric = " FROM fields s INDEXED BY fields_num CROSS JOIN entries e ON e.id = s.entry"
                + " WHERE s.key = (SELECT id FROM keys WHERE name = ?) AND s.num IS NOT NULL" + checks;
        List<Row> out = new ArrayList<>();
        try (PreparedStatement p = reader.prepareStatement("SELECT " + SearchSql.COLUMNS + numeric
                + " ORDER BY s.num" + dir + ", s.entry" + dir + " LIMIT ? OFFSET ?")) {
            int i = bindAll(p, sort.field(), filters);
            p.setInt(i++, lim);
            p.setInt(i, off);
            out.addAll(rows(p));
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
            out.addAll(rows(p));
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

    private static String describe(CatalogQuery q) {
        StringJoiner j = new StringJoiner(" ");
        q.words().forEach(j::add);
        q.conditions().forEach(c -> j.add(c.field() + " " + c.op() + " " + c.value()));
        return "'" + j + "'";
    }

    /** An entries row before its metadata is attached. */
    private record Row(long id, String path, String name, String technique, String family, Long modified, long size,
            String shape, String error) {
    }

    private static List<Row> rows(PreparedStatement p) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                long m = r.getLong(6);
                Long modified = r.wasNull() ? null : m;
                out.add(new Row(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), modified,
                        r.getLong(7), r.getString(8), r.getString(9)));
            }
        }
        return out;
    }

    private List<CatalogEntry> withMetadata(List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, Map<String, Object>> meta = new HashMap<>();
        StringJoiner ids = new StringJoiner(",", "(", ")");
        for (Row r : rows) {
            ids.add(Long.toString(r.id()));
            meta.put(r.id(), new LinkedHashMap<>());
        }
        try (Statement s = reader.createStatement();
             ResultSet r = s.executeQuery("SELECT f.entry, k.name, f.kind, f.num, f.text FROM fields f"
                     + " JOIN keys k ON k.id = f.key WHERE f.entry IN " + ids)) {
            while (r.next()) {
                meta.get(r.getLong(1)).put(r.getString(2), value(r.getInt(3), r.getDouble(4), r.getString(5)));
            }
        }
        List<CatalogEntry> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Map<String, Object> m = meta.get(r.id());
            if (r.error() != null) {
                m.put(ERROR_KEY, r.error());
            }
            Path file = Path.of(r.path());
            out.add(new CatalogEntry(catalogId, r.path(), r.name(), r.technique(), r.family(), Optional.of(file),
                    r.modified() == null ? null : Instant.ofEpochMilli(r.modified()), r.size(), shape(r.shape()), m));
        }
        return out;
    }

    private static Object value(int kind, double num, String text) {
        switch (kind) {
            case KIND_DOUBLE:
                return num;
            case KIND_LONG:
                return (long) num;
            case KIND_BOOLEAN:
                return num != 0;
            default:
                return text;
        }
    }

    static String shapeText(long[] shape) {
        StringJoiner j = new StringJoiner(",");
        for (long s : shape) {
            j.add(Long.toString(s));
        }
        return j.toString();
    }

    private static long[] shape(String text) {
        if (text == null || text.isEmpty()) {
            return new long[0];
        }
        String[] parts = text.split(",");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i]);
        }
        return out;
    }

    /** Prepared statements reused across one transaction's entries. */
    private static final class Batch implements AutoCloseable {
        private final PreparedStatement findId;
        private final PreparedStatement insert;
        private final PreparedStatement update;
        private final PreparedStatement clearFields;
        private final PreparedStatement field;
        private final PreparedStatement ftsDelete;
        private final PreparedStatement ftsInsert;
        private final PreparedStatement findKey;
        private final PreparedStatement addKey;
        private final Map<String, Long> keyIds;

        Batch(Connection c, Map<String, Long> keyIds) throws SQLException {
            this.keyIds = keyIds;
            findKey = c.prepareStatement("SELECT id FROM keys WHERE name = ?");
            addKey = c.prepareStatement("INSERT INTO keys(name) VALUES (?)", Statement.RETURN_GENERATED_KEYS);
            findId = c.prepareStatement("SELECT id FROM entries WHERE path = ?");
            insert = c.prepareStatement("INSERT INTO entries(path, name, technique, family, modified, size, shape, error,"
                    + " indexed_at) VALUES (?, ?, ?, 'file', ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
            update = c.prepareStatement("UPDATE entries SET name = ?, technique = ?, modified = ?, size = ?, shape = ?,"
                    + " error = ?, indexed_at = ? WHERE id = ?");
            clearFields = c.prepareStatement("DELETE FROM fields WHERE entry = ?");
            field = c.prepareStatement("INSERT OR REPLACE INTO fields(entry, key, kind, num, text) VALUES (?, ?, ?, ?, ?)");
            ftsDelete = c.prepareStatement("DELETE FROM entries_fts WHERE rowid = ?");
            ftsInsert = c.prepareStatement("INSERT INTO entries_fts(rowid, name, body) VALUES (?, ?, ?)");
        }

        private long keyId(String name) throws SQLException {
            Long id = keyIds.get(name);
            if (id != null) {
                return id;
            }
            findKey.setString(1, name);
            try (ResultSet r = findKey.executeQuery()) {
                if (r.next()) {
                    id = r.getLong(1);
                }
            }
            if (id == null) {
                addKey.setString(1, name);
                addKey.executeUpdate();
                try (ResultSet k = addKey.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            keyIds.put(name, id);
            return id;
        }

        void put(IndexedFile f) throws SQLException {
            String path = f.file().toString();
            long now = System.currentTimeMillis();
            Long modified = f.modified() == null ? null : f.modified().toEpochMilli();
            String error = f.error().orElse(null);
            findId.setString(1, path);
            Long id;
            try (ResultSet r = findId.executeQuery()) {
                id = r.next() ? r.getLong(1) : null;
            }
            if (id == null) {
                insert.setString(1, path);
                insert.setString(2, f.name());
                insert.setString(3, f.technique());
                setLong(insert, 4, modified);
                insert.setLong(5, f.sizeBytes());
                insert.setString(6, shapeText(f.shape()));
                insert.setString(7, error);
                insert.setLong(8, now);
                insert.executeUpdate();
                try (ResultSet k = insert.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            } else {
                update.setString(1, f.name());
                update.setString(2, f.technique());
                setLong(update, 3, modified);
                update.setLong(4, f.sizeBytes());
                update.setString(5, shapeText(f.shape()));
                update.setString(6, error);
                update.setLong(7, now);
                update.setLong(8, id);
                update.executeUpdate();
                clearFields.setLong(1, id);
                clearFields.executeUpdate();
                ftsDelete.setLong(1, id);
                ftsDelete.executeUpdate();
            }
            StringBuilder body = new StringBuilder(path).append(' ').append(f.technique());
            for (Map.Entry<String, Object> e : f.metadata().entrySet()) {
                Object v = e.getValue();
                if (v == null) {
                    continue;
                }
                field.setLong(1, id);
                field.setLong(2, keyId(e.getKey()));
                if (v instanceof Boolean b) {
                    field.setInt(3, KIND_BOOLEAN);
                    field.setDouble(4, b ? 1 : 0);
                    field.setNull(5, java.sql.Types.VARCHAR);
                } else if (v instanceof Double || v instanceof Float) {
                    double d = ((Number) v).doubleValue();
                    field.setInt(3, KIND_DOUBLE);
                    setDouble(field, 4, d);
                    field.setNull(5, java.sql.Types.VARCHAR);
                } else if (v instanceof Number n) {
                    field.setInt(3, KIND_LONG);
                    field.setDouble(4, n.doubleValue());
                    field.setNull(5, java.sql.Types.VARCHAR);
                } else {
                    String s = v.toString();
                    field.setInt(3, KIND_TEXT);
                    setDouble(field, 4, parseNumber(s));
                    field.setString(5, s);
                    body.append(' ').append(s);
                }
                field.addBatch();
            }
            field.executeBatch(); // one native call per entry rather than one per fact
            if (error != null) {
                body.append(' ').append(error);
            }
            ftsInsert.setLong(1, id);
            ftsInsert.setString(2, f.name());
            ftsInsert.setString(3, body.toString());
            ftsInsert.executeUpdate();
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement p : new PreparedStatement[] {findId, insert, update, clearFields, field, ftsDelete, ftsInsert,
                findKey, addKey}) {
                p.close();
            }
        }
    }

    private static void setLong(PreparedStatement p, int i, Long v) throws SQLException {
        if (v == null) {
            p.setNull(i, java.sql.Types.INTEGER);
        } else {
            p.setLong(i, v);
        }
    }

    private static void setDouble(PreparedStatement p, int i, double v) throws SQLException {
        if (Double.isFinite(v)) {
            p.setDouble(i, v);
        } else {
            p.setNull(i, java.sql.Types.REAL);
        }
    }

    /** A number's text as a scientist writes it: 20 rather than 20.0. */
    static String numberText(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    /** A numeric reading of text values ("20.0", "60058"), so conditions work on them too; NaN when none. */
    static double parseNumber(String s) {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 40) {
            return Double.NaN;
        }
        char c = t.charAt(0);
        if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private CatalogException failure(String what, SQLException e) {
        String hint = e.getMessage() != null && (e.getMessage().contains("SQLITE_CORRUPT") || e.getMessage().contains("malformed"))
                ? " (the catalog file is damaged: it will be moved aside and rebuilt the next time the app starts)" : "";
        return new CatalogException("local catalog: cannot " + what + ": " + e.getMessage() + hint, e);
    }

    private void endRead() {
        try {
            reader.commit();
            reader.setAutoCommit(true);
        } catch (SQLException ignored) {
            // a read-only transaction: nothing to lose
        }
    }

    private void rollback() {
        keyIds.clear(); // ids handed out inside the transaction are gone with it
        try {
            writer.rollback();
        } catch (SQLException ignored) {
            // the transaction is gone already; the original error is what matters
        }
    }

    private void autoCommit() {
        try {
            writer.setAutoCommit(true);
        } catch (SQLException ignored) {
            // only fails on a closed connection, reported by the next call
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        synchronized (writeLock) {
            closeQuietly(writer);
        }
        synchronized (readLock) {
            closeQuietly(reader);
        }
    }
}
