package org.beamlinestudio.catalog.tiled;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A frame that spans many server chunks, from a server 150 ms away: its blocks are requested in parallel, so the
 * frame costs a few round trips instead of one per block.
 */
class TiledParallelReadTest {

    private static final long LATENCY_MS = 150;
    private static TiledTestServer server;
    private static TiledCatalog catalog;

    @BeforeAll
    static void startServer() throws Exception {
        server = TiledTestServer.start();
        // 16 frames of 512 × 512, chunks of one frame's 128 × 128 tile: a frame is 16 blocks.
        server.addArray("bench/stack", "<u2", new long[] {16, 512, 512}, new long[] {1, 128, 128},
                Map.of("sample", "benchmark"));
        catalog = TiledCatalog.connect(server.uri(), Optional.of(TiledTestServer.DEFAULT_KEY));
    }

    @AfterAll
    static void stopServer() {
        catalog.close();
        server.close();
    }

    @Test
    void aFrameOfSixteenBlocksCostsAFewRoundTripsNotSixteen() throws Exception {
        TiledTestServer.TestArray expected = server.array("bench/stack");
        TiledArrayDataset parallel = catalog.openArray("bench/stack");
        TiledHttp http = new TiledHttp(server.uri(), Optional.of(TiledTestServer.DEFAULT_KEY), Duration.ofSeconds(30));
        TiledArrayDataset sequential = TiledArrayDataset.open(http, "bench/stack", parallel.structure(), null);
        server.setLatencyMillis(LATENCY_MS);
        try {
            server.clearRecords();
            long t0 = System.nanoTime();
            float[] frame = parallel.readFloats(new long[] {5, 0, 0}, new int[] {1, 512, 512});
            double parallelMs = (System.nanoTime() - t0) / 1e6;
            int concurrent = server.maxConcurrentRequests();
            assertThat(server.blockRequests()).hasSize(16).allMatch(r -> r.startsWith("bench/stack?block=5,"));
            assertThat(frame).isEqualTo(expected.slab(new long[] {5, 0, 0}, new int[] {1, 512, 512}));

            server.clearRecords();
            t0 = System.nanoTime();
            float[] again = sequential.readFloats(new long[] {6, 0, 0}, new int[] {1, 512, 512});
            double sequentialMs = (System.nanoTime() - t0) / 1e6;
            assertThat(server.maxConcurrentRequests()).isEqualTo(1);
            assertThat(again).isEqualTo(expected.slab(new long[] {6, 0, 0}, new int[] {1, 512, 512}));

            System.out.printf("Tiled frame read, 16 blocks of 128x128 u2, %d ms latency: parallel %.0f ms "
                    + "(%d requests at once), sequential %.0f ms%n", LATENCY_MS, parallelMs, concurrent,
                    sequentialMs);
            assertThat(concurrent).isGreaterThan(1).isLessThanOrEqualTo(TiledCatalog.PARALLEL_REQUESTS);
            assertThat(sequentialMs).isGreaterThanOrEqualTo(16 * LATENCY_MS);
            assertThat(parallelMs).isLessThan(sequentialMs / 2);
        } finally {
            server.setLatencyMillis(0);
            http.close();
        }
    }
}
