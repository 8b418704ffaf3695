package org.beamlinestudio.catalog.tiled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.beamlinestudio.catalog.CatalogEntry;
import org.beamlinestudio.catalog.CatalogException;
import org.beamlinestudio.catalog.CatalogPage;
import org.beamlinestudio.catalog.CatalogQuery;
import org.beamlinestudio.catalog.CatalogQuery.Condition;
import org.beamlinestudio.catalog.CatalogQuery.Op;
import org.beamlinestudio.catalog.CatalogSort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Tiled client against {@link TiledTestServer}: connecting, paging, each filter, sorting, entries, errors. */
class TiledCatalogTest {

    private static TiledTestServer server;
    private static TiledCatalog raw;

    @BeforeAll
    static void startServer() throws Exception {
        server = TiledTestServer.start();
        raw = TiledCatalog.connect(URI.create(server.uri() + "/api/v1/search/raw"),
                Optional.of(TiledTestServer.DEFAULT_KEY));
    }

    @AfterAll
    static void stopServer() {
        raw.close();
        server.close();
    }

    @BeforeEach
    void forget() {
        server.clearRecords();
    }

    private static List<String> ids(CatalogPage page) {
        return page.entries().stream().map(CatalogEntry::id).collect(Collectors.toList());
    }

    private static List<String> search(CatalogQuery query) throws CatalogException {
        CatalogPage page = raw.search(query, new CatalogSort("name", false), 0, 100);
        assertThat(page.total()).as("meta.count").isEqualTo(page.entries().size());
        return ids(page);
    }

    private static CatalogQuery where(Condition... conditions) {
        return new CatalogQuery(List.of(), List.of(conditions));
    }

    @Test
    void connectReadsTheServerInformation() throws Exception {
        TiledServerInfo info = raw.serverInfo();
        assertThat(info.apiVersion()).isZero();
        assertThat(info.libraryVersion()).isEqualTo("0.1.0b10");
        assertThat(info.sendsRawArrays()).isTrue();
        assertThat(info.queries()).contains("eq", "comparison", "fulltext", "regex", "contains");
        assertThat(info.authenticationRequired()).isTrue();
        assertThat(raw.serverRoot()).isEqualTo(server.uri());
        assertThat(raw.basePath()).isEqualTo("raw");
        assertThat(raw.id()).isEqualTo("tiled:" + server.uri() + "/raw");
        assertThat(raw.displayName()).isEqualTo("Tiled 127.0.0.1:" + server.uri().getPort() + "/raw");
    }

    @Test
    void threePagesAddUpToTheCount() throws Exception {
        List<String> all = new ArrayList<>();
        int[] sizes = new int[3];
        for (int p = 0; p < 3; p++) {
            CatalogPage page = raw.search(CatalogQuery.all(), new CatalogSort("name", false), 3 * p, 3);
            assertThat(page.total()).isEqualTo(7);
            assertThat(page.offset()).isEqualTo(3 * p);
            sizes[p] = page.entries().size();
            all.addAll(ids(page));
        }
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(all).containsExactlyElementsOf(server.scanPaths());
        assertThat(server.requests()).filteredOn(r -> r.startsWith("/api/v1/search/raw"))
                .anyMatch(r -> r.contains("page[offset]=6&page[limit]=3"));
    }

    @Test
    void aLimitAboveTiledsMaximumIsAskedInServerSizedPages() throws Exception {
        CatalogPage page = raw.search(CatalogQuery.all(), CatalogSort.newestFirst(), 0, 1000);
        assertThat(page.entries()).hasSize(7);
        assertThat(server.requests()).filteredOn(r -> r.startsWith("/api/v1/search/"))
                .allMatch(r -> r.contains("page[limit]=" + TiledTestServer.MAX_PAGE));
    }

    @Test
    void pagingPastTheEndGivesAnEmptyPageWithTheTotal() throws Exception {
        CatalogPage page = raw.search(CatalogQuery.all(), new CatalogSort("name", false), 50, 10);
        assertThat(page.entries()).isEmpty();
        assertThat(page.total()).isEqualTo(7);
    }

    @Test
    void equalityOnANumberSendsJsonAndMatchesBothScansAt20keV() throws Exception {
        assertThat(search(where(new Condition("energy", Op.EQ, 20.0))))
                .containsExactly("raw/scan_0001", "raw/scan_0005");
        assertThat(server.requests()).anyMatch(r -> r.contains("filter[eq][condition][key]=energy")
                && r.contains("filter[eq][condition][value]=20"));
    }

    @Test
    void equalityOnTextAndOnANestedKey() throws Exception {
        assertThat(search(where(new Condition("sample", Op.EQ, "bone"))))
                .containsExactly("raw/scan_0002", "raw/scan_0007");
        assertThat(search(where(new Condition("operator.name", Op.EQ, "grace"))))
                .containsExactly("raw/scan_0002", "raw/scan_0004", "raw/scan_0006");
        assertThat(server.requests()).anyMatch(r -> r.contains("filter[eq][condition][value]=\"bone\""));
    }

    @Test
    void notEqualUsesNoteq() throws Exception {
        assertThat(search(where(new Condition("energy", Op.NE, 20.0)))).hasSize(5)
                .doesNotContain("raw/scan_0001", "raw/scan_0005");
    }

    @Test
    void comparisonsSelectTheEnergyRange() throws Exception {
        assertThat(search(where(new Condition("energy", Op.GT, 20.0))))
                .containsExactly("raw/scan_0002", "raw/scan_0004");
        assertThat(search(where(new Condition("energy", Op.GE, 20.0))))
                .containsExactly("raw/scan_0001", "raw/scan_0002", "raw/scan_0004", "raw/scan_0005");
        assertThat(search(where(new Condition("energy", Op.LT, 12.0)))).containsExactly("raw/scan_0006");
        assertThat(search(where(new Condition("energy", Op.LE, 12.0))))
                .containsExactly("raw/scan_0003", "raw/scan_0006");
        // A range is two comparisons, repeated parameters that Tiled pairs in order.
        assertThat(search(where(new Condition("energy", Op.GE, 12.0), new Condition("energy", Op.LE, 18.0))))
                .containsExactly("raw/scan_0003", "raw/scan_0007");
        assertThat(server.requests()).anyMatch(r -> r.contains("filter[comparison][condition][operator]=ge"));
    }

    @Test
    void containsIsASubstringIgnoringCaseThroughRegex() throws Exception {
        assertThat(search(where(new Condition("sample", Op.CONTAINS, "tooth"))))
                .containsExactly("raw/scan_0001", "raw/scan_0003", "raw/scan_0005");
        assertThat(server.requests()).anyMatch(r -> r.contains("filter[regex][condition][case_sensitive]=false"));
        // Regex metacharacters in the text are literal.
        assertThat(search(where(new Condition("title", Op.CONTAINS, "bone, low")))).containsExactly("raw/scan_0007");
        assertThat(search(where(new Condition("title", Op.CONTAINS, "t.oth")))).isEmpty();
    }

    @Test
    void containsFallsBackToTiledsContainsWithoutRegex() throws Exception {
        TiledQueryEncoder encoder = new TiledQueryEncoder(java.util.Set.of("eq", "contains"));
        var params = encoder.encode(where(new Condition("sample", Op.CONTAINS, "tooth")), null);
        assertThat(params).extracting(e -> e.getKey() + "=" + e.getValue())
                .containsExactly("filter[contains][condition][key]=sample",
                        "filter[contains][condition][value]=\"tooth\"");
        assertThatThrownBy(() -> encoder.encode(where(new Condition("energy", Op.GT, 3.0)), null))
                .isInstanceOf(CatalogException.class).hasMessageContaining("'comparison'");
    }

    @Test
    void wordsAreFullTextSearches() throws Exception {
        assertThat(search(new CatalogQuery(List.of("enamel"), List.of()))).containsExactly("raw/scan_0003");
        assertThat(search(new CatalogQuery(List.of("bone"), List.of())))
                .containsExactly("raw/scan_0002", "raw/scan_0007");
        assertThat(search(new CatalogQuery(List.of("bone", "phantom"), List.of()))).containsExactly("raw/scan_0002");
        assertThat(server.requests()).anyMatch(r -> r.contains("filter[fulltext][condition][text]=phantom"));
    }

    @Test
    void wordsAndConditionsCombine() throws Exception {
        assertThat(search(new CatalogQuery(List.of("tooth"),
                List.of(new Condition("energy", Op.GE, 20.0), new Condition("sample", Op.CONTAINS, "TOOTH")))))
                .containsExactly("raw/scan_0001", "raw/scan_0005");
    }

    @Test
    void nameEqualityIsALookup() throws Exception {
        assertThat(search(where(new Condition("name", Op.EQ, "scan_0004")))).containsExactly("raw/scan_0004");
        assertThatThrownBy(() -> search(where(new Condition("name", Op.CONTAINS, "scan"))))
                .isInstanceOf(CatalogException.class).hasMessageContaining("free-text word");
    }

    @Test
    void sortByEnergyBothWays() throws Exception {
        List<Double> up = energies(raw.search(CatalogQuery.all(), new CatalogSort("energy", false), 0, 10));
        assertThat(up).containsExactly(8.0, 12.0, 17.5, 20.0, 20.0, 25.5, 30.0);
        List<Double> down = energies(raw.search(CatalogQuery.all(), new CatalogSort("energy", true), 0, 10));
        assertThat(down).containsExactly(30.0, 25.5, 20.0, 20.0, 17.5, 12.0, 8.0);
        assertThat(server.requests()).anyMatch(r -> r.contains("sort=-energy"));
        // Paging keeps the order: the second page of the sorted list continues it.
        List<Double> second = energies(raw.search(CatalogQuery.all(), new CatalogSort("energy", false), 3, 3));
        assertThat(second).containsExactly(20.0, 20.0, 25.5);
    }

    @Test
    void newestFirstSortsByTheScanTime() throws Exception {
        CatalogPage page = raw.search(CatalogQuery.all(), CatalogSort.newestFirst(), 0, 3);
        assertThat(ids(page)).containsExactly("raw/scan_0007", "raw/scan_0006", "raw/scan_0005");
        assertThat(page.entries().get(0).modified()).isEqualTo(Instant.ofEpochSecond(1763700000L + 7 * 3600L));
        // Date conditions are on the same time.
        List<String> after = search(where(new Condition("modified", Op.GE,
                Instant.ofEpochSecond(1763700000L + 6 * 3600L).toString())));
        assertThat(after).containsExactly("raw/scan_0006", "raw/scan_0007");
    }

    private static List<Double> energies(CatalogPage page) {
        return page.entries().stream().map(e -> ((Number) e.metadata().get("energy")).doubleValue())
                .collect(Collectors.toList());
    }

    @Test
    void anEntryCarriesItsMetadataShapeAndTechnique() throws Exception {
        CatalogEntry e = raw.entry("raw/scan_0002");
        assertThat(e.catalogId()).isEqualTo(raw.id());
        assertThat(e.name()).isEqualTo("scan_0002");
        assertThat(e.family()).isEqualTo("array");
        assertThat(e.technique()).isEqualTo("tomography");
        assertThat(e.shape()).containsExactly(4, 6, 8);
        assertThat(e.sizeBytes()).isEqualTo(4 * 6 * 8 * 4);
        assertThat(e.file()).isEmpty();
        assertThat(e.metadata()).containsEntry("sample", "bone").containsEntry("energy", 25.5)
                .containsEntry("scan_id", 102L).containsEntry("operator.name", "grace")
                .containsEntry("title", "Bone phantom, big-endian detector");
        assertThat(e.modified()).isEqualTo(Instant.ofEpochSecond(1763700000L + 2 * 3600L));
        assertThat(raw.entry("raw/scan_0004").technique()).isEqualTo("xpcs");
        assertThat(raw.entry("raw/scan_0003").technique()).isEmpty();
    }

    @Test
    void theRootListsContainersAndTheyHaveNoArray() throws Exception {
        try (TiledCatalog root = TiledCatalog.connect(server.uri(), Optional.of(TiledTestServer.DEFAULT_KEY))) {
            CatalogPage page = root.search(CatalogQuery.all(), new CatalogSort("name", false), 0, 10);
            assertThat(ids(page)).containsExactly("raw", "processed");
            assertThat(page.entries()).allMatch(e -> e.family().equals("container"));
            assertThat(root.array(page.entries().get(0))).isEmpty();
            CatalogPage children = root.search("processed", CatalogQuery.all(), null, 0, 10);
            assertThat(ids(children)).containsExactly("processed/recon_0001");
        }
    }

    @Test
    void aWrongKeyIsRefusedWithTheServersAddress() {
        assertThatThrownBy(() -> TiledCatalog.connect(server.uri(), Optional.of("not-the-key")))
                .isInstanceOf(CatalogException.class)
                .hasMessage("The Tiled server " + server.uri()
                        + " refused the API key (401). Check the key in Catalog → Servers.");
    }

    @Test
    void noKeyForAServerThatNeedsOneSaysSo() {
        assertThatThrownBy(() -> TiledCatalog.connect(server.uri(), Optional.empty()))
                .isInstanceOf(CatalogException.class).hasMessageContaining(server.uri().toString())
                .hasMessageContaining("requires an API key");
    }

    @Test
    void aRequestWithoutKeyIsRefusedWith401() {
        TiledHttp anonymous = new TiledHttp(server.uri(), Optional.empty(), Duration.ofSeconds(10));
        assertThatThrownBy(() -> anonymous.getJson("metadata", "raw", List.of()))
                .isInstanceOf(TiledStatusException.class)
                .hasMessage("The Tiled server " + server.uri() + " needs an API key (401). Add one in Catalog → Servers.")
                .extracting(e -> ((TiledStatusException) e).status()).isEqualTo(401);
    }

    @Test
    void aPublicServerNeedsNoKey() throws Exception {
        try (TiledTestServer open = TiledTestServer.start(Optional.empty());
                TiledCatalog c = TiledCatalog.connect(open.uri(), Optional.empty())) {
            assertThat(c.serverInfo().authenticationRequired()).isFalse();
            assertThat(c.search(CatalogQuery.all(), null, 0, 10).total()).isEqualTo(2);
        }
    }

    @Test
    void aMissingNodeIsNamed() {
        assertThatThrownBy(() -> raw.entry("raw/scan_9999"))
                .isInstanceOf(TiledStatusException.class)
                .hasMessageContaining("raw/scan_9999").hasMessageContaining("404")
                .hasMessageContaining(server.uri().toString());
        assertThatThrownBy(() -> TiledCatalog.connect(URI.create(server.uri() + "/api/v1/metadata/nothing/here"),
                Optional.of(TiledTestServer.DEFAULT_KEY)))
                .isInstanceOf(CatalogException.class).hasMessageContaining("'nothing/here'")
                .hasMessageContaining("404");
    }

    @Test
    void anArrayIsNotASearchableContainer() {
        assertThatThrownBy(() -> TiledCatalog.connect(URI.create(server.uri() + "/ui/browse/raw/scan_0001"),
                Optional.of(TiledTestServer.DEFAULT_KEY)))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("'raw/scan_0001'").hasMessageContaining("is an array, not a container");
    }

    @Test
    void aBadRequestShowsTheServersDetail() {
        server.failNext(400, "Sorting is not supported by this node.");
        assertThatThrownBy(() -> raw.search(CatalogQuery.all(), new CatalogSort("energy", false), 0, 5))
                .isInstanceOf(TiledStatusException.class)
                .hasMessageContaining("(400): Sorting is not supported by this node.")
                .hasMessageContaining("'raw'");
        server.failNext(422, "page[limit]: Input should be less than or equal to 300");
        assertThatThrownBy(() -> raw.search(CatalogQuery.all(), null, 0, 5))
                .hasMessageContaining("(422): page[limit]: Input should be less than or equal to 300");
    }

    @Test
    void anUnreachableServerSaysSoQuickly() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + port);
        assertThatThrownBy(() -> TiledCatalog.connect(nobody, Optional.empty(), Duration.ofSeconds(5)))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("Cannot reach the Tiled server " + nobody);
    }

    @Test
    void notATiledAddress() {
        assertThatThrownBy(() -> TiledCatalog.connect(URI.create("ftp://example.org"), Optional.empty()))
                .isInstanceOf(CatalogException.class).hasMessageContaining("not a Tiled server address");
    }

    @Test
    void addressesCopiedFromABrowserPointAtTheirContainer() throws Exception {
        URI[] root = new URI[1];
        assertThat(TiledCatalog.split(URI.create("http://h:8000/api/v1/search/raw/2026/"), root)).isEqualTo("raw/2026");
        assertThat(root[0]).isEqualTo(URI.create("http://h:8000"));
        assertThat(TiledCatalog.split(URI.create("https://h/tiled/ui/browse/raw"), root)).isEqualTo("raw");
        assertThat(root[0]).isEqualTo(URI.create("https://h/tiled"));
        assertThat(TiledCatalog.split(URI.create("https://h/tiled/"), root)).isEmpty();
        assertThat(root[0]).isEqualTo(URI.create("https://h/tiled"));
        assertThat(TiledCatalog.split(URI.create("http://h:8000/api/v1/array/full/raw/scan_1"), root))
                .isEqualTo("raw/scan_1");
        assertThat(TiledCatalog.split(URI.create("http://h:8000/api/v1/"), root)).isEmpty();
    }

    @Test
    void aClosedCatalogRefusesRequests() throws Exception {
        TiledCatalog c = TiledCatalog.connect(server.uri(), Optional.of(TiledTestServer.DEFAULT_KEY));
        c.close();
        assertThatThrownBy(() -> c.search(CatalogQuery.all(), null, 0, 1)).hasMessageContaining("closed");
    }
}
