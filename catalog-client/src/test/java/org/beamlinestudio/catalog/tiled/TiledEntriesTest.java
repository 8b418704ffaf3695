package org.beamlinestudio.catalog.tiled;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.beamlinestudio.catalog.CatalogEntry;
import org.junit.jupiter.api.Test;

/** Node resources as Tiled sends them, turned into catalog entries. */
class TiledEntriesTest {

    @Test
    void nestedMetadataIsFlattenedWithDotsAndKeepsItsTypes() throws Exception {
        String json = "{\"id\": \"scan_17\", \"attributes\": {\"ancestors\": [\"raw\", \"2026-11\"],"
                + " \"structure_family\": \"array\", \"specs\": [\"NXtomo\"],"
                + " \"metadata\": {\"sample\": {\"name\": \"tooth\", \"mass_mg\": 12.5, \"count\": 3},"
                + " \"detector\": {\"binning\": [2, 2], \"cooled\": true, \"model\": null},"
                + " \"time\": \"2026-11-20T22:15:00Z\", \"new_field\": {}},"
                + " \"structure\": {\"data_type\": {\"endianness\": \"big\", \"kind\": \"f\", \"itemsize\": 4},"
                + " \"chunks\": [[10], [2048], [2048]], \"shape\": [10, 2048, 2048]},"
                + " \"something_new\": 42}, \"links\": {}, \"meta\": null}";
        CatalogEntry e = TiledEntries.entry("tiled:x", TiledHttp.JSON.readTree(json));
        assertThat(e.id()).isEqualTo("raw/2026-11/scan_17");
        assertThat(e.name()).isEqualTo("scan_17");
        assertThat(e.technique()).isEqualTo("tomography");
        assertThat(e.metadata()).containsEntry("sample.name", "tooth").containsEntry("sample.mass_mg", 12.5)
                .containsEntry("sample.count", 3L).containsEntry("detector.binning", "[2,2]")
                .containsEntry("detector.cooled", true).doesNotContainKey("detector.model")
                .doesNotContainKey("new_field");
        assertThat(e.modified()).isEqualTo(Instant.parse("2026-11-20T22:15:00Z"));
        assertThat(e.shape()).containsExactly(10, 2048, 2048);
        assertThat(e.sizeBytes()).isEqualTo(10L * 2048 * 2048 * 4);
    }

    @Test
    void aTechniqueInTheMetadataWinsAndOlderFamilyNamesAreMapped() throws Exception {
        String json = "{\"id\": \"t\", \"attributes\": {\"ancestors\": [], \"structure_family\": \"dataframe\","
                + " \"specs\": [{\"name\": \"NXtomo\", \"version\": \"1\"}], \"metadata\": {\"technique\": \"XPCS\"}}}";
        CatalogEntry e = TiledEntries.entry("tiled:x", TiledHttp.JSON.readTree(json));
        assertThat(e.family()).isEqualTo("table");
        assertThat(e.technique()).isEqualTo("xpcs");
        assertThat(e.modified()).isNull();
        assertThat(e.sizeBytes()).isEqualTo(-1);
        assertThat(e.shape()).isEmpty();
    }
}
