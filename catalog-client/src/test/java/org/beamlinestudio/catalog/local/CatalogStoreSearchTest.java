package org.beamlinestudio.catalog.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import org.beamlinestudio.catalog.CatalogEntry;
import org.beamlinestudio.catalog.CatalogException;
import org.beamlinestudio.catalog.CatalogPage;
import org.beamlinestudio.catalog.CatalogQuery;
import org.beamlinestudio.catalog.CatalogSort;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL search against a plain-Java reading of the same entries: every query's total and every page's order must
 * agree, for selective queries (listed then sorted) and broad ones (the sort index walked) alike.
 */
class CatalogStoreSearchTest {

    static final int N = 6000;
    static final String[] SAMPLES = {"tooth", "bone", "shale", "wood", "Tooth root", "coral", "foam", "glass"};

    @TempDir
    static Path dir;
    static LocalCatalog catalog;
    static List<IndexedFile> files = new ArrayList<>();

    @BeforeAll
    static void fill() throws CatalogException {
        catalog = LocalCatalog.open(dir.resolve("catalog.db"), PluginRegistry.of(List.of()));
        Random rnd = new Random(7);
        long from = LocalDate.of(2026, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        for (int i = 0; i < N; i++) {
            String sample = SAMPLES[rnd.nextInt(SAMPLES.length)];
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("sample", sample);
            if (i % 10 != 0) { // one entry in ten has no energy: it sorts last either way
                meta.put("energy", Math.round(rnd.nextDouble() * 400) / 10.0);
            }
            meta.put("angles", (long) (100 + rnd.nextInt(2000)));
            meta.put("proposal", Long.toString(60000 + i % 7));
            meta.put("/entry/instrument/source/energy@units", "keV");
            String technique = i % 3 == 0 ? "tomography" : i % 3 == 1 ? "xpcs" : "ptychography";
            Path p = Path.of("/data", "bt" + (i / 1000), sample.replace(' ', '_') + "_scan_" + i + ".h5");
            Instant modified = Instant.ofEpochMilli(from + (long) rnd.nextInt(320) * 86_400_000L + rnd.nextInt(86_400_000));
            files.add(new IndexedFile(p, technique, modified, 1000L + rnd.nextInt(1_000_000), new long[] {10, 20, 30},
                    meta, i == 5 ? Optional.of("truncated: the file is 10 bytes") : Optional.empty()));
        }
        catalog.store().upsertAll(files);
    }

    @AfterAll
    static void close() {
        catalog.close();
    }

    private static void agrees(String text, Predicate<IndexedFile> expected, CatalogSort sort,
            Comparator<IndexedFile> order) throws CatalogException {
        List<IndexedFile> want = files.stream().filter(expected).sorted(order).toList();
        CatalogQuery q = CatalogQuery.parse(text);
        CatalogPage first = catalog.search(q, sort, 0, 25);
        assertThat(first.total()).as("total of '%s'", text).isEqualTo(want.size());
        assertThat(ids(first)).as("first page of '%s'", text).isEqualTo(paths(want, 0, 25));
        if (want.size() > 1000) {
            CatalogPage deep = catalog.search(q, sort, 1000, 25);
            assertThat(ids(deep)).as("page at 1000 of '%s'", text).isEqualTo(paths(want, 1000, 25));
            assertThat(deep.offset()).isEqualTo(1000);
        }
    }

    private static List<String> ids(CatalogPage page) {
        return page.entries().stream().map(CatalogEntry::id).toList();
    }

    private static List<String> paths(List<IndexedFile> l, int from, int n) {
        return l.stream().skip(from).limit(n).map(f -> f.file().toString()).toList();
    }

    private static final Comparator<IndexedFile> NEWEST = Comparator.comparing(IndexedFile::modified).reversed()
            .thenComparing(Comparator.comparingInt(CatalogStoreSearchTest::id).reversed());

    /** Insertion order is the row id, the SQL tie-breaker. */
    private static int id(IndexedFile f) {
        return files.indexOf(f);
    }

    private static double energy(IndexedFile f) {
        Object v = f.metadata().get("energy");
        return v == null ? Double.NaN : (Double) v;
    }

    @Test
    void selectiveAndBroadQueriesAgreeWithPlainJava() throws CatalogException {
        CatalogSort newest = CatalogSort.newestFirst();
        agrees("", f -> true, newest, NEWEST);
        agrees("tooth", f -> f.name().toLowerCase(Locale.ROOT).contains("tooth"), newest, NEWEST);
        agrees("energy > 20", f -> energy(f) > 20, newest, NEWEST);
        agrees("energy>39.5", f -> energy(f) > 39.5, newest, NEWEST);
        agrees("sample:tooth energy>20", f -> f.metadata().get("sample").toString().toLowerCase(Locale.ROOT)
                .contains("tooth") && energy(f) > 20, newest, NEWEST);
        agrees("sample:root", f -> f.metadata().get("sample").equals("Tooth root"), newest, NEWEST);
        agrees("energy:10..12", f -> energy(f) >= 10 && energy(f) <= 12, newest, NEWEST);
        agrees("technique=xpcs angles<500", f -> f.technique().equals("xpcs")
                && (Long) f.metadata().get("angles") < 500, newest, NEWEST);
        agrees("proposal=60003", f -> f.metadata().get("proposal").equals("60003"), newest, NEWEST);
        agrees("proposal>60004", f -> Long.parseLong((String) f.metadata().get("proposal")) > 60004, newest, NEWEST);
        agrees("scan", f -> true, newest, NEWEST);
        agrees("bt2 scan", f -> f.file().toString().contains("/bt2/"), newest, NEWEST);
        agrees("nothing_like_this", f -> false, newest, NEWEST);
        // a selective counted filter with a text filter checked on its few candidates only
        agrees("sample:oo energy>39", f -> f.metadata().get("sample").toString().toLowerCase(Locale.ROOT)
                .contains("oo") && energy(f) > 39, newest, NEWEST);
        agrees("sample:o angles>=0", f -> f.metadata().get("sample").toString().contains("o"), newest, NEWEST);
        agrees("sample:bone energy>=0", f -> f.metadata().get("sample").equals("bone") && !Double.isNaN(energy(f)),
                newest, NEWEST);
    }

    @Test
    void dateRangesAreInclusiveDays() throws CatalogException {
        Instant from = LocalDate.of(2026, 3, 1).atStartOfDay(java.time.ZoneId.systemDefault()).toInstant();
        Instant to = LocalDate.of(2026, 3, 31).plusDays(1).atStartOfDay(java.time.ZoneId.systemDefault()).toInstant();
        agrees("date:2026-03-01..2026-03-31", f -> !f.modified().isBefore(from) && f.modified().isBefore(to),
                CatalogSort.newestFirst(), NEWEST);
        agrees("date>2026-10-01", f -> !f.modified().isBefore(LocalDate.of(2026, 10, 2)
                .atStartOfDay(java.time.ZoneId.systemDefault()).toInstant()), CatalogSort.newestFirst(), NEWEST);
    }

    @Test
    void sortsByAnyFieldWithMissingValuesLast() throws CatalogException {
        Comparator<IndexedFile> byEnergyDesc = Comparator.comparingDouble((IndexedFile f) ->
                Double.isNaN(energy(f)) ? Double.NEGATIVE_INFINITY : energy(f)).reversed()
                .thenComparing(Comparator.comparingInt(CatalogStoreSearchTest::id).reversed());
        agrees("", f -> true, new CatalogSort("energy", true), byEnergyDesc);
        Comparator<IndexedFile> byEnergyAsc = Comparator.comparingDouble((IndexedFile f) ->
                Double.isNaN(energy(f)) ? Double.POSITIVE_INFINITY : energy(f))
                .thenComparingInt(CatalogStoreSearchTest::id);
        agrees("sample:shale", f -> f.metadata().get("sample").equals("shale"), new CatalogSort("energy", false),
                byEnergyAsc);
        CatalogPage last = catalog.search(CatalogQuery.all(), new CatalogSort("energy", false), N - 5, 5);
        assertThat(last.entries()).allSatisfy(e -> assertThat(e.value("energy")).isEmpty());
        agrees("", f -> true, new CatalogSort("name", false), Comparator.comparing((IndexedFile f) ->
                f.name().toLowerCase(Locale.ROOT)).thenComparingInt(CatalogStoreSearchTest::id));
        agrees("bone", f -> f.name().startsWith("bone"), new CatalogSort("size", true),
                Comparator.comparingLong(IndexedFile::sizeBytes).reversed()
                        .thenComparing(Comparator.comparingInt(CatalogStoreSearchTest::id).reversed()));
    }

    @Test
    void sortsByATextFieldAndByNumericTextAcrossPages() throws CatalogException {
        Comparator<IndexedFile> bySample = Comparator.comparing((IndexedFile f) -> (String) f.metadata().get("sample"),
                String.CASE_INSENSITIVE_ORDER).thenComparingInt(CatalogStoreSearchTest::id);
        agrees("", f -> true, new CatalogSort("sample", false), bySample);
        agrees("energy>5", f -> energy(f) > 5, new CatalogSort("sample", false), bySample);
        Comparator<IndexedFile> byProposal = Comparator.comparingLong((IndexedFile f) ->
                Long.parseLong((String) f.metadata().get("proposal"))).reversed()
                .thenComparing(Comparator.comparingInt(CatalogStoreSearchTest::id).reversed());
        agrees("", f -> true, new CatalogSort("proposal", true), byProposal);
        // a key no entry has: every entry ties, the id decides
        agrees("", f -> true, new CatalogSort("no_such_key", false), Comparator.comparingInt(CatalogStoreSearchTest::id));
    }

    @Test
    void entriesCarryTypedMetadataAndTheirError() throws CatalogException {
        IndexedFile f = files.get(5);
        CatalogEntry e = catalog.entry(f.file().toString());
        assertThat(e.catalogId()).isEqualTo("local");
        assertThat(e.name()).isEqualTo(f.name());
        assertThat(e.technique()).isEqualTo(f.technique());
        assertThat(e.family()).isEqualTo("file");
        assertThat(e.file()).contains(f.file());
        assertThat(e.modified()).isEqualTo(f.modified());
        assertThat(e.sizeBytes()).isEqualTo(f.sizeBytes());
        assertThat(e.shape()).containsExactly(10, 20, 30);
        assertThat(e.metadata().get("energy")).isEqualTo(f.metadata().get("energy"));
        assertThat(e.metadata().get("angles")).isInstanceOf(Long.class).isEqualTo(f.metadata().get("angles"));
        assertThat(e.metadata().get("proposal")).isEqualTo(f.metadata().get("proposal"));
        assertThat(e.metadata().get("/entry/instrument/source/energy@units")).isEqualTo("keV");
        assertThat(e.metadata().get(CatalogStore.ERROR_KEY)).isEqualTo("truncated: the file is 10 bytes");
        assertThat(catalog.search(CatalogQuery.parse("truncated"), CatalogSort.newestFirst(), 0, 10).entries())
                .extracting(CatalogEntry::id).containsExactly(f.file().toString());
        assertThatThrownBy(() -> catalog.entry("/no/such.h5")).isInstanceOf(CatalogException.class)
                .hasMessageContaining("/no/such.h5");
    }

    @Test
    void reindexingReplacesAnEntrysFactsAndDeletingDropsIt() throws CatalogException {
        Path p = Path.of("/data/replaced.h5");
        catalog.store().upsert(new IndexedFile(p, "xpcs", Instant.parse("2026-05-01T00:00:00Z"), 10, new long[] {1},
                Map.of("sample", "zeolite", "energy", 8.0), Optional.of("half written")));
        assertThat(catalog.search(CatalogQuery.parse("zeolite"), null, 0, 5).total()).isEqualTo(1);
        catalog.store().upsert(new IndexedFile(p, "xpcs", Instant.parse("2026-05-01T00:01:00Z"), 20, new long[] {2, 3},
                Map.of("sample", "aerogel"), Optional.empty()));
        assertThat(catalog.search(CatalogQuery.parse("zeolite"), null, 0, 5).total()).isZero();
        CatalogEntry e = catalog.entry(p.toString());
        assertThat(e.metadata()).containsOnlyKeys("sample").containsEntry("sample", "aerogel");
        assertThat(e.shape()).containsExactly(2, 3);
        assertThat(catalog.search(CatalogQuery.parse("aerogel"), null, 0, 5).total()).isEqualTo(1);
        assertThat(catalog.store().delete(p)).isTrue();
        assertThat(catalog.search(CatalogQuery.parse("aerogel"), null, 0, 5).total()).isZero();
    }

    @Test
    void aSmallCatalogWhereOneFilterPassesEverythingStillCountsTheOther(@TempDir Path own) throws CatalogException {
        try (LocalCatalog small = LocalCatalog.open(own.resolve("small.db"), PluginRegistry.of(List.of()))) {
            List<IndexedFile> few = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                few.add(new IndexedFile(Path.of("/s/f" + i + ".h5"), "xpcs", Instant.ofEpochSecond(i), 1, new long[0],
                        Map.of("energy", 8.0 + i, "sample", i < 3 ? "tooth" : "bone"), Optional.empty()));
            }
            small.store().upsertAll(few);
            CatalogPage p = small.search(CatalogQuery.parse("energy>0 sample:tooth"), null, 0, 5);
            assertThat(p.total()).isEqualTo(3);
            assertThat(ids(p)).containsExactly("/s/f2.h5", "/s/f1.h5", "/s/f0.h5");
        }
    }

    @Test
    void aBadDateConditionIsACatalogErrorNamingIt() {
        CatalogQuery q = new CatalogQuery(List.of(), List.of(new CatalogQuery.Condition("modified",
                CatalogQuery.Op.GE, "last tuesday")));
        assertThatThrownBy(() -> catalog.search(q, null, 0, 5)).isInstanceOf(CatalogException.class)
                .hasMessageContaining("last tuesday");
    }
}
