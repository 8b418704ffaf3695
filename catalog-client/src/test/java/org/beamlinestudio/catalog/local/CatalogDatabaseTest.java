package org.beamlinestudio.catalog.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.beamlinestudio.catalog.CatalogQuery;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A catalog file that cannot be used is moved aside (never deleted) and a fresh catalog made; the user is told. */
class CatalogDatabaseTest {

    @TempDir
    Path tmp;

    private List<Path> aside(String kind) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("catalog.db." + kind)).toList();
        }
    }

    @Test
    void aDamagedFileIsMovedAsideAndANewCatalogWorks() throws Exception {
        Path db = tmp.resolve("catalog.db");
        byte[] junk = new byte[8192];
        new java.util.Random(1).nextBytes(junk);
        Files.write(db, junk);
        try (LocalCatalog c = LocalCatalog.open(db, PluginRegistry.of(List.of()))) {
            assertThat(c.recoveryNote()).hasValueSatisfying(n -> assertThat(n).contains(db.toString())
                    .contains("damaged").contains("moved to catalog.db.damaged-"));
            c.store().upsert(new IndexedFile(tmp.resolve("x.h5"), "", java.time.Instant.now(), 1, new long[0],
                    Map.of("sample", "tooth"), Optional.empty()));
            assertThat(c.search(CatalogQuery.parse("sample:tooth"), null, 0, 5).total()).isEqualTo(1);
        }
        List<Path> moved = aside("damaged-");
        assertThat(moved).hasSize(1);
        assertThat(Files.readAllBytes(moved.get(0))).isEqualTo(junk);
    }

    @Test
    void aCatalogFromANewerVersionIsKeptAsideUntouched() throws Exception {
        Path db = tmp.resolve("catalog.db");
        try (LocalCatalog c = LocalCatalog.open(db, PluginRegistry.of(List.of()))) {
            c.addFolder(tmp);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version=" + (CatalogDatabase.SCHEMA_VERSION + 1));
        }
        try (LocalCatalog c = LocalCatalog.open(db, PluginRegistry.of(List.of()))) {
            assertThat(c.recoveryNote()).hasValueSatisfying(n -> assertThat(n).contains("newer version")
                    .contains("schema " + (CatalogDatabase.SCHEMA_VERSION + 1)));
            assertThat(c.folders()).isEmpty();
        }
        assertThat(aside("newer-")).hasSize(1);
    }

    @Test
    void anSqliteFileThatIsNotACatalogIsNotUsed() throws Exception {
        Path db = tmp.resolve("catalog.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE photos(id INTEGER)");
        }
        try (LocalCatalog c = LocalCatalog.open(db, PluginRegistry.of(List.of()))) {
            assertThat(c.recoveryNote()).hasValueSatisfying(n -> assertThat(n).contains("not a Beamline Studio catalog"));
        }
        assertThat(aside("damaged-")).hasSize(1);
    }

    @Test
    void aGoodCatalogOpensWithoutANoteInWalMode() throws Exception {
        Path db = tmp.resolve("sub/dir/catalog.db");
        try (LocalCatalog c = LocalCatalog.open(db, PluginRegistry.of(List.of()))) {
            assertThat(c.recoveryNote()).isEmpty();
            assertThat(c.databaseFile()).isEqualTo(db.toAbsolutePath().normalize());
        }
        try (LocalCatalog c = LocalCatalog.open(db, PluginRegistry.of(List.of()));
             Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = raw.createStatement();
             java.sql.ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
            assertThat(c.recoveryNote()).isEmpty();
            r.next();
            assertThat(r.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void theDefaultFileLivesInTheUsersDataDirectory() {
        String old = System.getProperty("studio.home");
        try {
            System.setProperty("studio.home", tmp.toString());
            assertThat(LocalCatalog.defaultDatabaseFile()).isEqualTo(tmp.resolve("data/catalog/catalog.db"));
        } finally {
            if (old == null) {
                System.clearProperty("studio.home");
            } else {
                System.setProperty("studio.home", old);
            }
        }
    }
}
