package org.beamlinestudio.catalog.tiled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import org.beamlinestudio.catalog.CatalogEntry;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.LazyDataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Remote arrays read through {@link TiledArrayDataset}: values, byte orders, and only the blocks a read needs. */
class TiledArrayDatasetTest {

    private static TiledTestServer server;
    private static TiledCatalog catalog;

    @BeforeAll
    static void startServer() throws Exception {
        server = TiledTestServer.start();
        catalog = TiledCatalog.connect(server.uri(), Optional.of(TiledTestServer.DEFAULT_KEY));
    }

    @AfterAll
    static void stopServer() {
        catalog.close();
        server.close();
    }

    @BeforeEach
    void forget() {
        server.clearRecords();
    }

    private static long[] zeros(int rank) {
        return new long[rank];
    }

    private static int[] whole(long[] shape) {
        int[] c = new int[shape.length];
        for (int a = 0; a < c.length; a++) {
            c[a] = (int) shape[a];
        }
        return c;
    }

    @Test
    void everyScanReadsBackTheServersValuesWhateverItsTypeAndByteOrder() throws Exception {
        for (String path : server.scanPaths()) {
            TiledTestServer.TestArray expected = server.array(path);
            TiledArrayDataset ds = catalog.openArray(path);
            assertThat(ds.shape()).as(path).containsExactly(expected.shape());
            assertThat(ds.readsServerChunks()).as(path).isTrue();
            float[] values = ds.readFloats(zeros(ds.rank()), whole(ds.shape()));
            assertThat(values).as(path + " " + expected.dtype())
                    .containsExactly(expected.slab(zeros(ds.rank()), whole(ds.shape())));
        }
    }

    @Test
    void unsignedSixteenBitValuesAboveTheSignedRangeStayPositive() throws Exception {
        TiledArrayDataset ds = catalog.openArray("raw/scan_0001");
        assertThat(ds.elementType()).isEqualTo(ElementType.UINT16);
        assertThat(ds.structure().dataType().numpy()).isEqualTo("<u2");
        float[] all = ds.readFloats(zeros(3), whole(ds.shape()));
        float max = 0;
        for (float v : all) {
            assertThat(v).isBetween(0f, 65535f);
            max = Math.max(max, v);
        }
        assertThat(max).as("the test array must reach above the signed range").isGreaterThan(32767f);
    }

    @Test
    void bigEndianFloatsAndShortsDecode() throws Exception {
        TiledArrayDataset f = catalog.openArray("raw/scan_0002");
        assertThat(f.structure().dataType().numpy()).isEqualTo(">f4");
        assertThat(f.elementType()).isEqualTo(ElementType.FLOAT32);
        // value = flat index * 0.5 - 7.25 + 2 at (3, 5, 7): flat = 3*48 + 5*8 + 7 = 191
        assertThat(f.readFloats(new long[] {3, 5, 7}, new int[] {1, 1, 1})).containsExactly(191 * 0.5f - 5.25f);
        TiledArrayDataset u = catalog.openArray("raw/scan_0003");
        assertThat(u.structure().dataType().numpy()).isEqualTo(">u2");
        TiledTestServer.TestArray expected = server.array("raw/scan_0003");
        assertThat(u.readFloats(new long[] {0, 3, 0}, new int[] {1, 1, 1})).containsExactly(34716f);
        assertThat(expected.value(0, 3, 0)).isEqualTo(34716f);
    }

    @Test
    void aSliceFetchesOnlyTheBlocksItCovers() throws Exception {
        // shape (5, 7, 6), chunks z [2, 2, 1], y [4, 3], x [6]: frame z = 3 lies in z-chunk 1, spans both y-chunks.
        TiledArrayDataset ds = catalog.openArray("raw/scan_0001");
        server.clearRecords();
        float[] frame = ds.readFloats(new long[] {3, 0, 0}, new int[] {1, 7, 6});
        assertThat(frame).containsExactly(server.array("raw/scan_0001").slab(new long[] {3, 0, 0},
                new int[] {1, 7, 6}));
        assertThat(server.blockRequests())
                .containsExactlyInAnyOrder("raw/scan_0001?block=1,0,0", "raw/scan_0001?block=1,1,0");
        assertThat(ds.blockReads()).isEqualTo(2);
        // A region inside one chunk: one more block; a repeat: none (the shared chunk cache holds them).
        ds.readFloats(new long[] {4, 5, 1}, new int[] {1, 2, 3});
        assertThat(server.blockRequests()).hasSize(3).contains("raw/scan_0001?block=2,1,0");
        ds.readFloats(new long[] {3, 0, 0}, new int[] {1, 7, 6});
        assertThat(server.blockRequests()).hasSize(3);
        assertThat(server.sliceRequests()).isEmpty();
    }

    @Test
    void irregularChunksAreReadAsSlicesOfTheNeededRegion() throws Exception {
        TiledArrayDataset ds = catalog.openArray("processed/recon_0001");
        assertThat(ds.structure().regularChunkShape()).isEmpty();
        assertThat(ds.readsServerChunks()).isFalse();
        server.clearRecords();
        float[] all = ds.readFloats(new long[] {0, 0}, new int[] {6, 5});
        assertThat(all).containsExactly(server.array("processed/recon_0001").slab(new long[] {0, 0},
                new int[] {6, 5}));
        assertThat(server.blockRequests()).isEmpty();
        assertThat(server.sliceRequests()).containsExactly("processed/recon_0001?slice=0:6,0:5");
    }

    @Test
    void theImgLib2ViewHasTheReversedAxes() throws Exception {
        LazyDataset ds = catalog.array(catalog.entry("raw/scan_0004")).orElseThrow();
        RandomAccessibleInterval<FloatType> img = ds.asImg();
        assertThat(img.dimensionsAsLongArray()).containsExactly(4, 5, 6);
        RandomAccess<FloatType> ra = img.randomAccess();
        ra.setPosition(new long[] {3, 2, 5});
        assertThat(ra.get().get()).isEqualTo(server.array("raw/scan_0004").value(5, 2, 3));
    }

    @Test
    void theDatasetNamesServerAndNode() throws Exception {
        TiledArrayDataset ds = catalog.openArray("raw/scan_0002");
        assertThat(ds.path()).isEqualTo("raw/scan_0002");
        assertThat(ds.file().toString()).isEqualTo("127.0.0.1:" + server.uri().getPort());
        assertThat(ds.uri()).isEqualTo(URI.create(server.uri() + "/api/v1/metadata/raw/scan_0002"));
        assertThat(ds.chunkShape()).containsExactly(2, 3, 4);
    }

    @Test
    void aFailedBlockReadNamesTheNodeAndTheBlock() throws Exception {
        TiledArrayDataset ds = catalog.openArray("raw/scan_0006");
        server.failNext(500, "disk on fire");
        assertThatThrownBy(() -> ds.readFloats(new long[] {0, 0, 0}, new int[] {1, 1, 1}))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("raw/scan_0006").hasMessageContaining("block 0,0,0")
                .hasMessageContaining("disk on fire");
    }

    @Test
    void containersHaveNoArrayAndOpeningOneSaysWhatItIs() throws Exception {
        CatalogEntry rawEntry = catalog.entry("raw");
        assertThat(rawEntry.family()).isEqualTo("container");
        assertThat(catalog.array(rawEntry)).isEmpty();
        assertThatThrownBy(() -> catalog.openArray("raw")).hasMessageContaining("is a container, not an array");
    }
}
