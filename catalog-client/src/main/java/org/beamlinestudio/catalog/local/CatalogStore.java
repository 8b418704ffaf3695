package org.beamlinestudio.catalog.local;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
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
    private final EntryRows entryRows;

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
        this.entryRows = new EntryRows(reader, catalogId);
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

    /**
     * Size, modification time (ms) and whether it was read with an error (1) or not (0), of every entry under a
     * folder, by path: what tells a changed file, or one to try again.
     */
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
                "SELECT path, size, modified, error IS NOT NULL FROM entries WHERE path >= ? AND path < ?")) {
            p.setString(1, prefix);
            p.setString(2, prefix.substring(0, prefix.length() - 1) + (char) ('/' + 1));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.put(Path.of(r.getString(1)), new long[] {r.getLong(2), r.getLong(3), r.getLong(4)});
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
                List<EntryRows.Row> rows = EntryRows.rows(p);
                return rows.isEmpty() ? Optional.empty() : Optional.of(entryRows.entries(rows).get(0));
            } catch (SQLException e) {
                throw failure("read the entry " + id, e);
            }
        }
    }

    /** A page of matches, sorted, with the total count (see {@link CatalogSearch} for how). */
    public CatalogPage search(CatalogQuery query, CatalogSort sort, int offset, int limit) throws CatalogException {
        long t0 = System.nanoTime();
        CatalogSort order = sort == null ? CatalogSort.newestFirst() : sort;
        List<SearchSql.Filter> filters;
        try {
            filters = SearchSql.filters(query);
        } catch (IllegalArgumentException e) {
            throw new CatalogException("local catalog: " + e.getMessage(), e);
        }
        synchronized (readLock) {
            try {
                reader.setAutoCommit(false); // one snapshot: the counts and the page agree while the indexer writes
                return new CatalogSearch(reader, entryRows).run(filters, order, offset, limit, t0);
            } catch (SQLException e) {
                throw failure("search for " + describe(query), e);
            } finally {
                endRead();
            }
        }
    }

    private static String describe(CatalogQuery q) {
        StringJoiner j = new StringJoiner(" ");
        q.words().forEach(j::add);
        q.conditions().forEach(c -> j.add(c.field() + " " + c.op() + " " + c.value()));
        return "'" + j + "'";
    }

    static String shapeText(long[] shape) {
        StringJoiner j = new StringJoiner(",");
        for (long s : shape) {
            j.add(Long.toString(s));
        }
        return j.toString();
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
