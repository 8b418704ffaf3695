package org.beamlinestudio.viewer.ortho;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.beamlinestudio.core.data.BlockedLazyDataset;
import org.beamlinestudio.core.data.ChunkCache;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.MultiscaleDataset;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingDataset;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plane loader on a 210 MB chunked float32 volume (200 × 512 × 512, chunks 16 × 64 × 64). */
class PlaneLoaderTest {
    private static final int NZ = 200;
    private static final int NY = 512;
    private static final int NX = 512;

    @TempDir
    static Path dir;
    private static Path file;

    private Hdf5File h5;
    private BlockedLazyDataset base;
    private PlaneLoader loader;
    private long budgetBefore;

    /** Small integers (exact in float32) that differ along every axis. */
    static float v(long z, long y, long x) {
        return (z * 7 + y * 3 + x * 5) % 4093;
    }

    @BeforeAll
    static void writeVolume() throws Exception {
        file = dir.resolve("volume.h5");
        float[] slice = new float[NY * NX];
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            StreamingDataset d = w.createDataset("/exchange/data", ElementType.FLOAT32, new long[] {NZ, NY, NX},
                    Layout.chunked(16, 64, 64));
            for (int z = 0; z < NZ; z++) {
                for (int y = 0; y < NY; y++) {
                    for (int x = 0; x < NX; x++) {
                        slice[y * NX + x] = v(z, y, x);
                    }
                }
                d.write(new long[] {z, 0, 0}, new int[] {1, NY, NX}, slice);
            }
            w.commit();
        }
        assertThat(Files.size(file)).isGreaterThan(200_000_000L);
    }

    @BeforeEach
    void open() throws Exception {
        budgetBefore = ChunkCache.budgetBytes();
        ChunkCache.clear();
        h5 = Hdf5File.open(file);
        base = (BlockedLazyDataset) h5.dataset("/exchange/data");
        loader = new PlaneLoader(MultiscaleDataset.of(base), 2);
    }

    @AfterEach
    void close() {
        loader.close();
        h5.close();
        ChunkCache.setBudgetBytes(budgetBefore);
        ChunkCache.clear();
    }

    /** Requests one plane and collects what the sink gets until the requested level arrives. */
    private List<PlaneLoader.PlaneImage> load(Plane plane, long index, int level) throws Exception {
        List<PlaneLoader.PlaneImage> got = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        loader.request(plane, index, level, img -> {
            got.add(img);
            if (!img.preview()) {
                done.complete(null);
            }
        }, (p, i, e) -> done.completeExceptionally(e));
        done.get(60, TimeUnit.SECONDS);
        return got;
    }

    private static double mean2(long z, long y, long x) {
        double s = 0;
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < 2; i++) {
                    s += v(2 * z + k, 2 * y + j, 2 * x + i);
                }
            }
        }
        return s / 8;
    }

    @Test
    void aCoarsePreviewArrivesFirstAndIsThenReplacedByTheFullImage() throws Exception {
        assertThat(loader.previewLevel(Plane.XY)).isEqualTo(1); // 256 × 256: the coarsest with ≥ 256 px a side
        List<PlaneLoader.PlaneImage> got = load(Plane.XY, 101, 0);

        assertThat(got).hasSize(2);
        PlaneLoader.PlaneImage preview = got.get(0);
        assertThat(preview.preview()).isTrue();
        assertThat(preview.level()).isEqualTo(1);
        assertThat(preview.width()).isEqualTo(256);
        assertThat(preview.height()).isEqualTo(256);
        // z = 101 lies in the level-1 slice 50, the mean of base slices 100 and 101
        for (int y = 0; y < 256; y += 37) {
            for (int x = 0; x < 256; x += 29) {
                assertThat((double) preview.data()[y * 256 + x]).isEqualTo(mean2(50, y, x));
            }
        }
        float[] upsampled = preview.toFullSize(NX, NY);
        assertThat(upsampled[301 * NX + 77]).isEqualTo(preview.data()[150 * 256 + 38]);

        PlaneLoader.PlaneImage full = got.get(1);
        assertThat(full.preview()).isFalse();
        assertThat(full.level()).isZero();
        assertThat(full.index()).isEqualTo(101);
        for (int y = 0; y < NY; y++) {
            for (int x = 0; x < NX; x++) {
                assertThat(full.data()[y * NX + x]).isEqualTo(v(101, y, x));
            }
        }

        // The next slice of the same (now cached) slab needs no preview.
        List<PlaneLoader.PlaneImage> next = load(Plane.XY, 102, 0);
        assertThat(next).hasSize(1);
        assertThat(next.get(0).data()[5 * NX + 9]).isEqualTo(v(102, 5, 9));
    }

    @Test
    void xzAndYzPlanesHoldTheVolumeValues() throws Exception {
        PlaneLoader.PlaneImage xz = last(load(Plane.XZ, 300, 0));
        assertThat(xz.width()).isEqualTo(NX);
        assertThat(xz.height()).isEqualTo(NZ);
        PlaneLoader.PlaneImage yz = last(load(Plane.YZ, 411, 0));
        assertThat(yz.width()).isEqualTo(NY);
        assertThat(yz.height()).isEqualTo(NZ);
        for (int z = 0; z < NZ; z++) {
            for (int i = 0; i < 512; i++) {
                assertThat(xz.data()[z * NX + i]).isEqualTo(v(z, 300, i));
                assertThat(yz.data()[z * NY + i]).isEqualTo(v(z, i, 411));
            }
        }
    }

    private static PlaneLoader.PlaneImage last(List<PlaneLoader.PlaneImage> images) {
        return images.get(images.size() - 1);
    }

    @Test
    void theLatestRequestWins() throws Exception {
        List<PlaneLoader.PlaneImage> finals = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> last = new CompletableFuture<>();
        for (int z = 0; z <= 40; z++) {
            int want = z;
            loader.request(Plane.XY, z, 0, img -> {
                if (!img.preview()) {
                    finals.add(img);
                    if (want == 40) {
                        last.complete(null);
                    }
                }
            }, (p, i, e) -> last.completeExceptionally(e));
        }
        last.get(60, TimeUnit.SECONDS);
        Thread.sleep(200); // a stale read finishing late would show up here
        assertThat(finals.get(finals.size() - 1).index()).isEqualTo(40);
        assertThat(finals).as("superseded requests are dropped, not all read").hasSizeLessThan(41);
        assertThat(finals.get(finals.size() - 1).data()[3 * NX + 4]).isEqualTo(v(40, 3, 4));
    }

    @Test
    void theCacheStaysWithinItsBudgetWhileScrollingThroughAVolumeLargerThanIt() throws Exception {
        long budget = 40L << 20; // the volume is 210 MB of float32; one XY slab is 16 MB, one XZ slab 26 MB
        ChunkCache.setBudgetBytes(budget);
        long maxUsed = 0;
        for (int z = 0; z < NZ; z++) {
            PlaneLoader.PlaneImage img = last(load(Plane.XY, z, 0));
            assertThat(img.data()[(z * 3 % NY) * NX + 17]).isEqualTo(v(z, z * 3 % NY, 17));
            maxUsed = Math.max(maxUsed, ChunkCache.usedBytes());
            assertThat(ChunkCache.usedBytes()).as("cache after XY slice %d", z).isLessThanOrEqualTo(budget);
        }
        // Scrolling reads every chunk column once: 13 slabs of 8 × 8 chunks, not once per slice.
        long blocks = 13L * 8 * 8;
        assertThat(base.blockReads()).isBetween(blocks, blocks + blocks / 4);
        assertThat(loader.prefetchedSlabs()).as("slabs read ahead while scrolling").isPositive();
        for (int y = 0; y < 160; y += 3) {
            PlaneLoader.PlaneImage img = last(load(Plane.XZ, y, 0));
            assertThat(img.data()[(y % NZ) * NX + 200]).isEqualTo(v(y % NZ, y, 200));
            maxUsed = Math.max(maxUsed, ChunkCache.usedBytes());
            assertThat(ChunkCache.usedBytes()).as("cache after XZ slice %d", y).isLessThanOrEqualTo(budget);
        }
        assertThat(maxUsed).as("the cache was used, not bypassed").isGreaterThan(budget / 4);
    }
}
