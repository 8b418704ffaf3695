package org.beamlinestudio.catalog.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.beamlinestudio.catalog.CatalogEntry;
import org.beamlinestudio.catalog.CatalogException;
import org.beamlinestudio.catalog.CatalogQuery;
import org.beamlinestudio.catalog.CatalogSort;
import org.beamlinestudio.core.stage.Cancellation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HDF5 files of each technique, indexed from a folder: technique, shape, key facts, search, incremental. */
class LocalCatalogIndexTest {

    @TempDir
    Path tmp;

    private List<CatalogEntry> find(LocalCatalog c, String text) throws CatalogException {
        return c.search(CatalogQuery.parse(text), new CatalogSort("name", false), 0, 50).entries();
    }

    @Test
    void indexesRealFilesOfEachTechniqueWithTheirKeyFacts() throws Exception {
        Path data = tmp.resolve("beamtime");
        TestFiles.link(data.resolve("tomo"), "tomography/synthetic/synth_dx.h5", "synth_dx.h5");
        TestFiles.link(data.resolve("tomo"), "tomography/real/tooth.h5", "tooth.h5");
        TestFiles.link(data.resolve("tomo"), "tomography/synthetic/synth_nxtomo.nxs", "synth_nxtomo.nxs");
        TestFiles.link(data.resolve("xpcs/raw"), "xpcs/sim_ou_128/raw/SIM_OU_02000f_128x128.h5", "SIM_OU.h5");
        TestFiles.link(data.resolve("xpcs/raw"), "xpcs/sim_ou_128/raw/SIM_OU_02000f_128x128_metadata.hdf", "SIM_OU_meta.hdf");
        TestFiles.link(data.resolve("ptycho"), "ptychography/siemens_star_516x128.cxi", "star.cxi");
        Files.writeString(data.resolve("notes.txt"), "not indexed");
        Files.writeString(data.resolve("broken.h5"), "this is not HDF5 at all");

        try (LocalCatalog c = LocalCatalog.open(tmp.resolve("db/catalog.db"), TestFiles.registry())) {
            c.addFolder(data);
            List<String> progress = new ArrayList<>();
            LocalCatalog.ScanSummary s = c.rescan((f, m) -> progress.add(m), new Cancellation());
            assertThat(s.indexed()).isEqualTo(6);
            assertThat(s.failed()).isEqualTo(1);
            assertThat(progress).anyMatch(m -> m.startsWith("Indexing "));
            assertThat(c.size()).isEqualTo(7);

            CatalogEntry tooth = c.entry(data.resolve("tomo/tooth.h5").toString());
            assertThat(tooth.technique()).isEqualTo("tomography");
            assertThat(tooth.shape()).containsExactly(181, 2, 640);
            assertThat(tooth.metadata()).containsEntry("sample", "Tooth").containsEntry("angles", 181L)
                    .containsEntry("frames", 181L).containsEntry("main_dataset", "/exchange/data")
                    .containsEntry("/measurement/sample/name", "Tooth")
                    .containsEntry("/exchange/title", "tomography_raw_projections");
            assertThat(tooth.sizeBytes()).isEqualTo(Files.size(TestFiles.shared("tomography/real/tooth.h5")));
            assertThat(tooth.modified()).isNotNull();

            CatalogEntry dx = c.entry(data.resolve("tomo/synth_dx.h5").toString());
            assertThat(dx.technique()).isEqualTo("tomography");
            assertThat(dx.shape()).containsExactly(361, 16, 256);
            assertThat(dx.metadata()).containsEntry("angles", 361L).containsEntry("@true_cor", 133.25);

            CatalogEntry nx = c.entry(data.resolve("tomo/synth_nxtomo.nxs").toString());
            assertThat(nx.technique()).isEqualTo("tomography");
            assertThat(nx.metadata()).containsEntry("definition", "NXtomo").containsEntry("angles", 386L);
            assertThat((Double) nx.metadata().get("pixel_size")).isCloseTo(1.0, within(1e-9)); // 1e-6 m → 1 µm

            CatalogEntry raw = c.entry(data.resolve("xpcs/raw/SIM_OU.h5").toString());
            assertThat(raw.technique()).isEqualTo("xpcs");
            assertThat(raw.shape()).containsExactly(2000, 128, 128);
            assertThat(raw.metadata()).containsEntry("frames", 2000L);

            CatalogEntry meta = c.entry(data.resolve("xpcs/raw/SIM_OU_meta.hdf").toString());
            assertThat(meta.technique()).isEmpty(); // no dataset any reader claims
            assertThat(meta.metadata()).containsEntry("energy", 10.0).containsEntry("start_time", "2026-01-01T00:00:00")
                    .containsEntry("/entry/instrument/detector_1/frame_time", 0.001);
            assertThat((Double) meta.metadata().get("pixel_size")).isCloseTo(75.0, within(1e-9));

            CatalogEntry star = c.entry(data.resolve("ptycho/star.cxi").toString());
            assertThat(star.technique()).isEqualTo("ptychography");
            assertThat(star.shape()).containsExactly(516, 128, 128);
            assertThat((Double) star.metadata().get("energy")).isCloseTo(12.398, within(1e-3)); // joules → keV
            assertThat((Double) star.metadata().get("pixel_size")).isCloseTo(75.0, within(1e-9));
            assertThat(star.metadata()).containsEntry("/cxi_version", 150L);

            CatalogEntry broken = c.entry(data.resolve("broken.h5").toString());
            assertThat((String) broken.metadata().get(CatalogStore.ERROR_KEY)).contains("broken.h5")
                    .contains("not an HDF5 file");
            assertThat(broken.technique()).isEmpty();
            // the Catalog panel lists the unreadable files this way
            CatalogQuery unreadable = new CatalogQuery(List.of(),
                    List.of(new CatalogQuery.Condition(CatalogStore.ERROR_KEY, CatalogQuery.Op.CONTAINS, "")));
            assertThat(c.search(unreadable, CatalogSort.newestFirst(), 0, 10).entries())
                    .extracting(CatalogEntry::name).containsExactly("broken.h5");

            assertThat(find(c, "sample:tooth")).extracting(CatalogEntry::name).containsExactly("tooth.h5");
            assertThat(find(c, "energy > 12")).extracting(CatalogEntry::name).containsExactly("star.cxi");
            assertThat(find(c, "energy>5 energy<11")).extracting(CatalogEntry::name).containsExactly("SIM_OU_meta.hdf");
            assertThat(find(c, "technique=tomography")).extracting(CatalogEntry::name)
                    .containsExactly("synth_dx.h5", "synth_nxtomo.nxs", "tooth.h5");
            assertThat(find(c, "frames>=2000")).extracting(CatalogEntry::name).containsExactly("SIM_OU.h5");
            assertThat(find(c, "tooth")).extracting(CatalogEntry::name).containsExactly("tooth.h5");
            assertThat(find(c, "siemens")).extracting(CatalogEntry::name).containsExactly("star.cxi");
            assertThat(find(c, "/entry/definition=NXtomo")).extracting(CatalogEntry::name)
                    .containsExactly("synth_nxtomo.nxs");
        }
    }

    @Test
    void anApsFileGivesItsSampleProposalAndEffectivePixelSizeWithoutAreaDetectorBookkeeping() throws Exception {
        Path data = tmp.resolve("aps");
        TestFiles.link(data, "tomography/real/tomopycli_meta_mock.h5", "ARL_Diesel_255402_006.h5");
        try (LocalCatalog c = LocalCatalog.open(tmp.resolve("catalog.db"), TestFiles.registry())) {
            c.addFolder(data);
            c.rescan((f, m) -> { }, new Cancellation());
            CatalogEntry e = c.entry(data.resolve("ARL_Diesel_255402_006.h5").toString());
            assertThat(e.technique()).isEqualTo("tomography");
            // the sample's name, not the sample stage's (/measurement/instrument/sample/name)
            assertThat(e.metadata()).containsEntry("sample", "Army Research Laboratory Diesel Injecto")
                    .containsEntry("proposal", "60058").containsEntry("start_time", "September 25, 2020 12:41:57")
                    .containsEntry("/measurement/instrument/detection_system/scintillator/name", "LuAG");
            // the objective's pixel on the sample (1.18 µm), not the camera's 5.86 µm pixel
            assertThat((Double) e.metadata().get("pixel_size")).isCloseTo(1.1806, within(1e-3));
            assertThat(e.metadata().keySet()).noneMatch(k -> k.contains("@NDAttr"));
            assertThat(find(c, "proposal=60058 LuAG")).hasSize(1);
            assertThat(find(c, "pixel_size<2um")).hasSize(1);
        }
    }

    @Test
    void rescanSkipsUnchangedFilesReindexesChangedOnesAndDropsRemovedOnes() throws Exception {
        Path data = tmp.resolve("d");
        Path a = TestFiles.link(data, "tomography/real/tooth.h5", "a.h5");
        Files.createDirectories(data.resolve("sub"));
        Path b = Files.copy(TestFiles.shared("tomography/synthetic/synth_dx.h5"), data.resolve("sub/b.h5"));
        try (LocalCatalog c = LocalCatalog.open(tmp.resolve("catalog.db"), TestFiles.registry())) {
            c.addFolder(data);
            assertThat(c.rescan((f, m) -> { }, new Cancellation()).indexed()).isEqualTo(2);
            Path bad = Files.writeString(data.resolve("locked.h5"), "not yet");
            assertThat(c.rescan((f, m) -> { }, new Cancellation()).failed()).isEqualTo(1);
            LocalCatalog.ScanSummary again = c.rescan((f, m) -> { }, new Cancellation());
            assertThat(again.indexed()).isZero();
            assertThat(again.unchanged()).isEqualTo(2);
            assertThat(again.failed()).as("an unreadable file is tried again on every rescan").isEqualTo(1);
            Files.delete(bad);

            Files.copy(TestFiles.shared("xpcs/sim_ou_128/raw/SIM_OU_02000f_128x128_metadata.hdf"), b,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(b, FileTime.fromMillis(System.currentTimeMillis() + 5000));
            Files.delete(a);
            LocalCatalog.ScanSummary third = c.rescan((f, m) -> { }, new Cancellation());
            assertThat(third.indexed()).isEqualTo(1);
            assertThat(third.removed()).isEqualTo(2);
            assertThat(c.size()).isEqualTo(1);
            assertThat(c.entry(b.toString()).metadata()).containsEntry("energy", 10.0);

            c.removeFolder(data);
            assertThat(c.size()).isZero();
            assertThat(c.folders()).isEmpty();
        }
    }

    @Test
    void listenersHearOfChangesAndACancelledRescanKeepsWhatItIndexed() throws Exception {
        Path data = tmp.resolve("many");
        for (int i = 0; i < 5; i++) {
            TestFiles.link(data, "tomography/real/tooth.h5", "t" + i + ".h5");
        }
        try (LocalCatalog c = LocalCatalog.open(tmp.resolve("catalog.db"), TestFiles.registry())) {
            java.util.concurrent.atomic.AtomicInteger heard = new java.util.concurrent.atomic.AtomicInteger();
            c.addListener(heard::incrementAndGet);
            c.addFolder(data);
            assertThat(heard.get()).isEqualTo(1);
            Cancellation cancel = new Cancellation();
            List<String> seen = new ArrayList<>();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.rescan((f, m) -> {
                seen.add(m);
                if (m.startsWith("Indexing") && seen.stream().filter(x -> x.startsWith("Indexing")).count() == 3) {
                    cancel.cancel();
                }
            }, cancel)).isInstanceOf(Cancellation.CancelledException.class);
            assertThat(heard.get()).isEqualTo(2); // told even when cancelled: some entries did change
            c.rescan((f, m) -> { }, new Cancellation());
            assertThat(c.size()).isEqualTo(5);
        }
    }

    @Test
    void foldersAreKeptAcrossRestartsAndAFileIsRefused() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("keep"));
        Path db = tmp.resolve("catalog.db");
        try (LocalCatalog c = LocalCatalog.open(db, TestFiles.registry())) {
            c.addFolder(data);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.addFolder(tmp.resolve("nope")))
                    .isInstanceOf(CatalogException.class).hasMessageContaining("no such folder");
        }
        try (LocalCatalog c = LocalCatalog.open(db, TestFiles.registry())) {
            assertThat(c.folders()).containsExactly(data.toAbsolutePath().normalize());
            assertThat(c.recoveryNote()).isEmpty();
        }
    }
}
