package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {
    @TempDir
    Path dir;

    @Test
    void roundTrip() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("cfg/settings.json"));
        Settings s = Settings.defaults()
                .withWindow(new Settings.WindowBounds(10, 20, 1400, 900, false))
                .withRecent(Path.of("/data/a.h5"))
                .withRecent(Path.of("/data/b.h5"))
                .withRecent(Path.of("/data/a.h5"));
        Settings custom = new Settings(s.window(), s.recentFiles(), "opencl:0:1", 4096);
        store.save(custom);
        Settings back = store.load();
        assertThat(back).isEqualTo(custom);
        assertThat(back.recentFiles()).containsExactly("/data/a.h5", "/data/b.h5");
        assertThat(back.window().width()).isEqualTo(1400);
        assertThat(back.computeDevice()).isEqualTo("opencl:0:1");
        assertThat(back.cacheBudgetMb()).isEqualTo(4096);
        // Written atomically: no temp file left beside it.
        try (var files = Files.list(store.file().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("settings.json");
        }
    }

    @Test
    void thePyramidCacheLimitIsKeptAndDefaultsToTwoGigabytes() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("pyr/settings.json"));
        Settings small = new Settings(null, java.util.List.of(), "auto", 0, 512);
        store.save(small);
        assertThat(store.load().pyramidCacheMb()).isEqualTo(512);
        Path old = dir.resolve("old/settings.json");
        Files.createDirectories(old.getParent());
        Files.writeString(old, "{\"recentFiles\":[],\"computeDevice\":\"auto\",\"cacheBudgetMb\":0}");
        assertThat(new SettingsStore(old).load().pyramidCacheMb()).as("a settings file from before the limit")
                .isEqualTo(2048);
        assertThat(Settings.defaults().pyramidCacheMb()).isEqualTo(2048);
    }

    @Test
    void missingFileGivesDefaults() {
        Settings s = new SettingsStore(dir.resolve("none.json")).load();
        assertThat(s).isEqualTo(Settings.defaults());
        assertThat(s.computeDevice()).isEqualTo("auto");
        assertThat(s.cacheBudgetMb()).isEqualTo(Settings.DEFAULT_CACHE_MB);
        assertThat(s.window()).isNull();
    }

    @Test
    void unknownFieldsAreIgnoredAndMissingOnesDefault() throws Exception {
        Path f = dir.resolve("settings.json");
        Files.writeString(f, "{\"recentFiles\":[\"/x.h5\"],\"fromTheFuture\":{\"a\":1},\"computeDevice\":null}");
        Settings s = new SettingsStore(f).load();
        assertThat(s.recentFiles()).containsExactly("/x.h5");
        assertThat(s.computeDevice()).isEqualTo("auto");
        assertThat(s.cacheBudgetMb()).isEqualTo(Settings.DEFAULT_CACHE_MB);
        assertThat(Files.exists(f.resolveSibling("settings.json.bak"))).isFalse();
    }

    @Test
    void corruptFileGivesDefaultsAndIsKeptAsBak() throws Exception {
        Path f = dir.resolve("settings.json");
        String garbage = "{\"recentFiles\": [\"/x.h5\", ";
        Files.writeString(f, garbage);
        SettingsStore store = new SettingsStore(f);
        assertThat(store.load()).isEqualTo(Settings.defaults());
        assertThat(store.backupFile()).hasFileName("settings.json.bak");
        assertThat(Files.readString(store.backupFile())).isEqualTo(garbage);

        Files.writeString(f, "[1, 2, 3]"); // valid JSON, wrong shape
        assertThat(store.load()).isEqualTo(Settings.defaults());
        assertThat(Files.readString(store.backupFile())).isEqualTo("[1, 2, 3]");
    }

    @Test
    void recentListIsBoundedAndMostRecentFirst() {
        Settings s = Settings.defaults();
        for (int i = 0; i < 15; i++) {
            s = s.withRecent(Path.of("/d/f" + i + ".h5"));
        }
        assertThat(s.recentFiles()).hasSize(Settings.MAX_RECENT);
        assertThat(s.recentFiles().get(0)).isEqualTo("/d/f14.h5");
        assertThat(s.recentFiles()).doesNotContain("/d/f4.h5");
        assertThat(new Settings(null, List.of(), "auto", 1).withWindow(
                new Settings.WindowBounds(0, 0, 10, 10, false)).window()).isNull();
    }
}
