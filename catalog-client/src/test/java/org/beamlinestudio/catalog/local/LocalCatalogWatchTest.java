package org.beamlinestudio.catalog.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.beamlinestudio.catalog.CatalogEntry;
import org.beamlinestudio.catalog.CatalogException;
import org.beamlinestudio.core.stage.Cancellation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The watcher while the app runs: copied files, new sub-folders, files written in steps, truncated files. */
@Timeout(120)
class LocalCatalogWatchTest {

    @TempDir
    Path tmp;
    Path data;
    LocalCatalog catalog;
    final AtomicInteger changes = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        data = Files.createDirectories(tmp.resolve("data"));
        catalog = LocalCatalog.open(tmp.resolve("catalog.db"), TestFiles.registry(), Duration.ofMillis(150));
        catalog.addListener(changes::incrementAndGet);
        catalog.addFolder(data);
        catalog.rescan((f, m) -> { }, new Cancellation());
        catalog.startWatching();
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    /** Waits (up to 20 s: the machine may be busy) for the entry of a file to satisfy a condition. */
    private CatalogEntry await(Path file, Predicate<CatalogEntry> condition) throws Exception {
        long end = System.nanoTime() + 20_000_000_000L;
        Optional<CatalogEntry> last = Optional.empty();
        while (System.nanoTime() < end) {
            last = catalog.store().entry(file.toAbsolutePath().normalize().toString());
            if (last.isPresent() && condition.test(last.get())) {
                return last.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no entry for " + file + " satisfying the condition in 20 s; last: " + last);
    }

    private void awaitGone(Path file) throws Exception {
        long end = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < end) {
            if (catalog.store().entry(file.toString()).isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(file + " still in the catalog 20 s after it was deleted");
    }

    private static boolean ok(CatalogEntry e) {
        return !e.metadata().containsKey(CatalogStore.ERROR_KEY);
    }

    /** A small Data Exchange file with {@code frames} projections of 4×8. */
    private static byte[] dataExchange(Path scratch, int frames) throws Exception {
        Path f = scratch.resolve("dx_" + frames + ".h5.tmp");
        try (WritableHdfFile w = HdfFile.write(f)) {
            WritableGroup ex = w.putGroup("exchange");
            float[][][] d = new float[frames][4][8];
            for (int i = 0; i < frames; i++) {
                d[i][1][2] = i;
            }
            ex.putDataset("data", d);
            double[] theta = new double[frames];
            Arrays.setAll(theta, i -> i * 180.0 / frames);
            ex.putDataset("theta", theta);
        }
        byte[] bytes = Files.readAllBytes(f);
        Files.delete(f);
        return bytes;
    }

    @Test
    void aFileCopiedInAndOneInANewSubFolderAppearAndADeletedOneGoes() throws Exception {
        int before = changes.get();
        Path tooth = Files.copy(TestFiles.shared("tomography/real/tooth.h5"), data.resolve("tooth.h5"));
        CatalogEntry e = await(tooth, LocalCatalogWatchTest::ok);
        assertThat(e.technique()).isEqualTo("tomography");
        assertThat(e.metadata()).containsEntry("sample", "Tooth");
        assertThat(changes.get()).isGreaterThan(before);

        Path sub = Files.createDirectories(data.resolve("night/scan_2"));
        Path star = Files.copy(TestFiles.shared("ptychography/siemens_star_516x128.cxi"), sub.resolve("star.cxi"));
        assertThat(await(star, LocalCatalogWatchTest::ok).technique()).isEqualTo("ptychography");
        Path later = Files.copy(TestFiles.shared("tomography/synthetic/synth_dx.h5"), sub.resolve("later.h5"));
        assertThat(await(later, LocalCatalogWatchTest::ok).shape()).containsExactly(361, 16, 256);

        Files.delete(tooth);
        awaitGone(tooth);
        assertThat(catalog.size()).isEqualTo(2);
    }

    @Test
    void aFileWrittenInTwoStepsAppearsWhenReadableAndIsUpdatedWhenItGrows() throws Exception {
        Path f = data.resolve("growing.h5");
        byte[] whole = Files.readAllBytes(TestFiles.shared("tomography/synthetic/synth_dx.h5"));
        // step 1: the first part only, as a detector writer leaves it mid-write
        Files.write(f, Arrays.copyOf(whole, whole.length / 3));
        CatalogEntry half = await(f, e -> !ok(e));
        assertThat((String) half.metadata().get(CatalogStore.ERROR_KEY)).contains("growing.h5").contains("truncated");
        // step 2: the rest arrives
        Files.write(f, Arrays.copyOfRange(whole, whole.length / 3, whole.length), StandardOpenOption.APPEND);
        CatalogEntry done = await(f, LocalCatalogWatchTest::ok);
        assertThat(done.shape()).containsExactly(361, 16, 256);
        assertThat(done.technique()).isEqualTo("tomography");
        assertThat(done.sizeBytes()).isEqualTo(whole.length);

        // the scan goes on: the file is rewritten with more frames
        Path g = data.resolve("scan_7.h5");
        Files.write(g, dataExchange(tmp, 10));
        assertThat(await(g, e -> ok(e) && e.shape().length == 3).shape()).containsExactly(10, 4, 8);
        Files.write(g, dataExchange(tmp, 25), StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        CatalogEntry grown = await(g, e -> e.shape().length == 3 && e.shape()[0] == 25);
        assertThat(grown.metadata()).containsEntry("angles", 25L).containsEntry("frames", 25L);
    }

    @Test
    void aTruncatedFileIsRecordedWithItsErrorAndTheWatcherGoesOn() throws Exception {
        Path bad = data.resolve("cut.nxs");
        byte[] whole = Files.readAllBytes(TestFiles.shared("tomography/synthetic/synth_nxtomo.nxs"));
        Files.write(bad, Arrays.copyOf(whole, 4096));
        CatalogEntry e = await(bad, x -> !ok(x));
        assertThat((String) e.metadata().get(CatalogStore.ERROR_KEY)).contains("cut.nxs").contains("truncated");
        assertThat(e.technique()).isEmpty();
        assertThat(e.sizeBytes()).isEqualTo(4096);

        Path garbage = data.resolve("garbage.h5");
        Files.writeString(garbage, "PK\u0003\u0004 a zip file with the wrong name");
        assertThat((String) await(garbage, x -> !ok(x)).metadata().get(CatalogStore.ERROR_KEY)).contains("not an HDF5 file");

        Path good = Files.copy(TestFiles.shared("tomography/real/tooth.h5"), data.resolve("after.h5"));
        assertThat(await(good, LocalCatalogWatchTest::ok).technique()).isEqualTo("tomography");
        assertThat(catalog.search(org.beamlinestudio.catalog.CatalogQuery.parse("truncated"), null, 0, 10).total())
                .isEqualTo(1);
    }

    @Test
    void aFolderAddedWhileWatchingIsWatchedToo() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("other"));
        catalog.addFolder(other);
        Path f = Files.copy(TestFiles.shared("tomography/real/tooth.h5"), other.resolve("t.h5"));
        assertThat(await(f, LocalCatalogWatchTest::ok).technique()).isEqualTo("tomography");
    }

    @Test
    void closingStopsTheWatcher() throws CatalogException, Exception {
        catalog.close();
        Path f = Files.copy(TestFiles.shared("tomography/real/tooth.h5"), data.resolve("late.h5"));
        Thread.sleep(600);
        try (LocalCatalog again = LocalCatalog.open(tmp.resolve("catalog.db"), TestFiles.registry())) {
            assertThat(again.store().entry(f.toString())).isEmpty();
        }
        catalog = LocalCatalog.open(tmp.resolve("catalog.db"), TestFiles.registry()); // for @AfterEach
    }
}
