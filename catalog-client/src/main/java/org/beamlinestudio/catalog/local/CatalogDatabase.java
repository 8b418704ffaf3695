package org.beamlinestudio.catalog.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Properties;
import org.beamlinestudio.catalog.CatalogException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the catalog's SQLite file: WAL journal (readers never wait for the indexer, a crash never leaves a
 * half-written page), schema versioned through {@code PRAGMA user_version}. A damaged file, a file that is not a
 * catalog, or one written by a newer version of the program is moved aside under a name that says why (never
 * deleted) and a fresh catalog is made; {@link #recoveryNote()} says what happened so the app can tell the user.
 */
public final class CatalogDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogDatabase.class);

    /** The schema this program writes. Bump with a migration in {@link #migrate}. */
    public static final int SCHEMA_VERSION = 1;

    private static final String[] SCHEMA = {
        "CREATE TABLE folders(path TEXT PRIMARY KEY)",
        "CREATE TABLE entries("
                + "id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
                + " technique TEXT NOT NULL DEFAULT '', family TEXT NOT NULL DEFAULT 'file', modified INTEGER,"
                + " size INTEGER NOT NULL DEFAULT -1, shape TEXT NOT NULL DEFAULT '', error TEXT,"
                + " indexed_at INTEGER NOT NULL)",
        "CREATE INDEX entries_modified ON entries(modified)",
        "CREATE INDEX entries_name ON entries(name COLLATE NOCASE)",
        "CREATE INDEX entries_size ON entries(size)",
        "CREATE INDEX entries_technique ON entries(technique)",
        // metadata keys once each: the facts refer to them by number, which keeps the file and its indexes small
        "CREATE TABLE keys(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
        // typed facts: num for numbers (and numeric text), text for text values; partial indexes per kind
        "CREATE TABLE fields(entry INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE, key INTEGER NOT NULL,"
                + " kind INTEGER NOT NULL, num REAL, text TEXT, PRIMARY KEY(entry, key)) WITHOUT ROWID",
        "CREATE INDEX fields_num ON fields(key, num, entry) WHERE num IS NOT NULL",
        "CREATE INDEX fields_text ON fields(key, text COLLATE NOCASE, entry) WHERE text IS NOT NULL",
        // free text: rowid = entries.id; contentless (the text lives in entries/fields), prefix indexes for
        // the as-you-type prefix queries
        "CREATE VIRTUAL TABLE entries_fts USING fts5(name, body, content='', contentless_delete=1,"
                + " tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    };

    private final Path file;
    private final Optional<String> recoveryNote;

    private CatalogDatabase(Path file, Optional<String> recoveryNote) {
        this.file = file;
        this.recoveryNote = recoveryNote;
    }

    /**
     * Opens (creating when absent) the catalog at {@code file}, moving a damaged, foreign or newer file aside.
     *
     * @throws CatalogException when the folder cannot be written or even a fresh catalog cannot be made
     */
    public static CatalogDatabase open(Path file) throws CatalogException {
        Path abs = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs.getParent());
        } catch (IOException e) {
            throw new CatalogException("cannot create the catalog folder " + abs.getParent() + ": " + e.getMessage(), e);
        }
        String note = null;
        if (Files.exists(abs)) {
            String problem = check(abs);
            if (problem != null) {
                Path aside = moveAside(abs, problem.contains("newer version") ? "newer" : "damaged");
                note = "The catalog " + abs + " " + problem + "; it was moved to " + aside.getFileName()
                        + " and a new, empty catalog was made: add your folders again or rescan.";
                LOG.warn(note);
            }
        }
        try (Connection c = connect(abs)) {
            migrate(c, abs);
        } catch (SQLException e) {
            throw new CatalogException("cannot create the catalog " + abs + ": " + e.getMessage(), e);
        }
        return new CatalogDatabase(abs, Optional.ofNullable(note));
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** What was wrong with the previous file and where it went, when it had to be moved aside. */
    public Optional<String> recoveryNote() {
        return recoveryNote;
    }

    /** A new connection with the catalog's settings (WAL, foreign keys, a busy timeout for the other connection). */
    public Connection connect() throws SQLException {
        return connect(file);
    }

    private static Connection connect(Path file) throws SQLException {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "NORMAL");
        p.setProperty("foreign_keys", "true");
        p.setProperty("busy_timeout", "10000");
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, p);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA foreign_keys=ON");
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA cache_size=-32000");
            s.execute("PRAGMA temp_store=MEMORY");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Null when the file is a catalog this program can use, else what is wrong, in words. */
    private static String check(Path file) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            int version;
            try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
                version = r.next() ? r.getInt(1) : 0;
            }
            if (version > SCHEMA_VERSION) {
                return "was written by a newer version of Beamline Studio (catalog schema " + version
                        + ", this version reads up to " + SCHEMA_VERSION + ")";
            }
            boolean hasTables;
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
                hasTables = r.next() && r.getInt(1) > 0;
            }
            if (version == 0 && hasTables) {
                return "is an SQLite database but not a Beamline Studio catalog (no catalog schema version)";
            }
            try (ResultSet r = s.executeQuery("PRAGMA quick_check(1)")) {
                String verdict = r.next() ? r.getString(1) : "no answer";
                if (!"ok".equalsIgnoreCase(verdict)) {
                    return "is damaged (SQLite integrity check: " + verdict + ")";
                }
            }
            return null;
        } catch (SQLException e) {
            return "is damaged or not a database (" + e.getMessage() + ")";
        }
    }

    private static void migrate(Connection c, Path file) throws SQLException {
        int version;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
            version = r.next() ? r.getInt(1) : 0;
        }
        if (version == SCHEMA_VERSION) {
            return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            if (version == 0) {
                for (String ddl : SCHEMA) {
                    s.execute(ddl);
                }
            }
            // future: if (version == 1) { ALTER ...; } and so on, one step per version
            s.execute("PRAGMA user_version=" + SCHEMA_VERSION);
            c.commit();
            LOG.info("catalog {}: schema {} → {}", file, version, SCHEMA_VERSION);
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static Path moveAside(Path file, String why) throws CatalogException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path aside = file.resolveSibling(file.getFileName() + "." + why + "-" + stamp);
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            for (String suffix : new String[] {"-wal", "-shm"}) {
                Path side = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(side)) {
                    Files.move(side, aside.resolveSibling(aside.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return aside;
        } catch (IOException e) {
            throw new CatalogException("the catalog " + file + " cannot be used (" + why + ") and cannot be moved aside: "
                    + e.getMessage() + "; move or delete it by hand", e);
        }
    }
}
