package org.beamlinestudio.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingDataset;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiscaleDatasetTest {
    // Not multiples of 2 or of the chunk: the last block along every axis is cut by the edge.
    private static final int NZ = 45;
    private static final int NY = 70;
    private static final int NX = 83;
    private static float[] values;

    @TempDir
    static Path dir;
    private static Path file;

    @BeforeAll
    static void writeVolume() throws Exception {
        Random rnd = new Random(7);
        values = new float[NZ * NY * NX];
        for (int i = 0; i < values.length; i++) {
            // wide dynamic range and a sign: a float sum in the wrong order would show in the last bits
            values[i] = (float) ((rnd.nextDouble() - 0.3) * Math.pow(10, rnd.nextInt(6)));
        }
        file = dir.resolve("vol.h5");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            StreamingDataset d = w.createDataset("/exchange/data", ElementType.FLOAT32, new long[] {NZ, NY, NX},
                    Layout.chunked(8, 16, 16));
            d.write(new long[3], new int[] {NZ, NY, NX}, values);
            w.commit();
        }
    }

    /** The mean of the f×f×f block at (z, y, x) of the level, cut by the volume's edge, in double. */
    private static float blockMean(int f, int z, int y, int x) {
        double sum = 0;
        int n = 0;
        for (int k = z * f; k < Math.min(NZ, (z + 1) * f); k++) {
            for (int j = y * f; j < Math.min(NY, (y + 1) * f); j++) {
                for (int i = x * f; i < Math.min(NX, (x + 1) * f); i++) {
                    sum += values[(k * NY + j) * NX + i];
                    n++;
                }
            }
        }
        return (float) (sum / n);
    }

    @Test
    void everyCoarseLevelIsTheBlockMeanOfTheFullData() throws Exception {
        try (Hdf5File f = Hdf5File.open(file)) {
            MultiscaleDataset ms = MultiscaleDataset.of(f.dataset("/exchange/data"));
            // 83 → 42 → 21: level 2 is the first with every axis ≤ 32
            assertThat(ms.levelCount()).isEqualTo(3);
            for (int k = 1; k < ms.levelCount(); k++) {
                int fac = 1 << k;
                long[] s = ms.shape(k);
                assertThat(s).containsExactly((NZ + fac - 1) / fac, (NY + fac - 1) / fac, (NX + fac - 1) / fac);
                float[] coarse = ms.level(k).readFloats(new long[3], new int[] {(int) s[0], (int) s[1], (int) s[2]});
                for (int z = 0; z < s[0]; z++) {
                    for (int y = 0; y < s[1]; y++) {
                        for (int x = 0; x < s[2]; x++) {
                            assertThat(coarse[(int) ((z * s[1] + y) * s[2] + x)])
                                    .as("level %d at (%d, %d, %d)", k, z, y, x)
                                    .isEqualTo(blockMean(fac, z, y, x));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aSubRegionOfALevelMatchesTheWholeLevelRead() throws Exception {
        try (Hdf5File f = Hdf5File.open(file)) {
            MultiscaleDataset ms = MultiscaleDataset.of(f.dataset("/exchange/data"));
            // one XZ plane of level 1 through y = 17, read on its own
            float[] plane = ms.level(1).readFloats(new long[] {0, 17, 0}, new int[] {23, 1, 42});
            for (int z = 0; z < 23; z++) {
                for (int x = 0; x < 42; x++) {
                    assertThat(plane[z * 42 + x]).isEqualTo(blockMean(2, z, 17, x));
                }
            }
        }
    }

    @Test
    void theLevelMatchesTheZoom() throws Exception {
        try (Hdf5File f = Hdf5File.open(file)) {
            MultiscaleDataset ms = MultiscaleDataset.of(f.dataset("/exchange/data"));
            assertThat(ms.levelFor(2.0)).isZero();
            assertThat(ms.levelFor(1.0)).isZero();
            assertThat(ms.levelFor(0.6)).isZero();   // 0.6 screen px per voxel: level 1 would lose detail on screen
            assertThat(ms.levelFor(0.5)).isEqualTo(1);
            assertThat(ms.levelFor(0.3)).isEqualTo(1);
            assertThat(ms.levelFor(0.25)).isEqualTo(2);
            assertThat(ms.levelFor(0.01)).isEqualTo(2); // clamped to the coarsest
            assertThat(ms.levelFor(Double.NaN)).isZero();
        }
    }

    @Test
    void aSidecarStoreMakesReopeningReadNoFullResolutionData() throws Exception {
        Path root = dir.resolve("pyramids");
        float[] first;
        try (Hdf5File f = Hdf5File.open(file);
             SidecarBlockStore store = SidecarBlockStore.open(root, f.dataset("/exchange/data"), 3,
                     SidecarBlockStore.DEFAULT_MAX_LEVEL_BYTES)) {
            MultiscaleDataset ms = new MultiscaleDataset(f.dataset("/exchange/data"), 3, store);
            first = ms.level(2).readFloats(new long[3], new int[] {12, 18, 21});
            assertThat(store.storedBlocks(2)).isPositive();
            assertThat(store.directory()).startsWith(root);
        }
        ChunkCache.clear();
        try (Hdf5File f = Hdf5File.open(file);
             SidecarBlockStore store = SidecarBlockStore.open(root, f.dataset("/exchange/data"), 3,
                     SidecarBlockStore.DEFAULT_MAX_LEVEL_BYTES)) {
            BlockedLazyDataset base = (BlockedLazyDataset) f.dataset("/exchange/data");
            MultiscaleDataset ms = new MultiscaleDataset(base, 3, store);
            float[] again = ms.level(2).readFloats(new long[3], new int[] {12, 18, 21});
            assertThat(again).containsExactly(first);
            assertThat(base.blockReads()).as("blocks of the full-resolution data read on reopening").isZero();
            assertThat(again[0]).isEqualTo(blockMean(4, 0, 0, 0));
        }
    }

    @Test
    void buildingALevelFillsTheStoreAndStopsWhenCancelled() throws Exception {
        try (Hdf5File f = Hdf5File.open(file);
             SidecarBlockStore store = SidecarBlockStore.open(dir.resolve("pyramids-built"),
                     f.dataset("/exchange/data"), 3, SidecarBlockStore.DEFAULT_MAX_LEVEL_BYTES)) {
            MultiscaleDataset ms = new MultiscaleDataset(f.dataset("/exchange/data"), 3, store);
            org.beamlinestudio.core.stage.Cancellation cancel = new org.beamlinestudio.core.stage.Cancellation();
            java.util.List<Double> fractions = new java.util.ArrayList<>();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ms.build(1, (fr, m) -> {
                fractions.add(fr);
                if (fractions.size() == 1) {
                    cancel.cancel();
                }
            }, cancel)).isInstanceOf(org.beamlinestudio.core.stage.Cancellation.CancelledException.class);
            assertThat(fractions).hasSize(1);
            long partial = store.storedBlocks(1);

            fractions.clear();
            ms.build(1, (fr, m) -> fractions.add(fr), new org.beamlinestudio.core.stage.Cancellation());
            // every block of level 1 (23 × 35 × 42) is in the store now
            int[] b = ((DownsampledLevel) ms.level(1)).blockShape();
            long blocks = (long) ((23 + b[0] - 1) / b[0]) * ((35 + b[1] - 1) / b[1]) * ((42 + b[2] - 1) / b[2]);
            assertThat(store.storedBlocks(1)).isGreaterThan(partial).isEqualTo(blocks);
            assertThat(fractions.get(fractions.size() - 1)).isEqualTo(1.0);
        }
    }

    @Test
    void aChangedSourceFileGetsAFreshStore() throws Exception {
        Path copy = dir.resolve("copy.h5");
        Files.copy(file, copy);
        Path root = dir.resolve("pyramids-changed");
        Path before;
        try (Hdf5File f = Hdf5File.open(copy);
             SidecarBlockStore store = SidecarBlockStore.open(root, f.dataset("/exchange/data"), 3, 1L << 30)) {
            new MultiscaleDataset(f.dataset("/exchange/data"), 3, store).level(1).readFloats(new long[3],
                    new int[] {4, 4, 4});
            before = store.directory();
            assertThat(store.storedBlocks(1)).isPositive();
        }
        Files.setLastModifiedTime(copy, FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() + 5000));
        try (Hdf5File f = Hdf5File.open(copy);
             SidecarBlockStore store = SidecarBlockStore.open(root, f.dataset("/exchange/data"), 3, 1L << 30)) {
            assertThat(store.directory()).isNotEqualTo(before);
            assertThat(store.storedBlocks(1)).isZero();
        }
    }

    @Test
    void levelsTooLargeForTheDiskBudgetAreNotKept() throws Exception {
        try (Hdf5File f = Hdf5File.open(file);
             SidecarBlockStore store = SidecarBlockStore.open(dir.resolve("pyramids-small"),
                     f.dataset("/exchange/data"), 3, 40_000)) {
            // level 1 is 23×35×42 float32 = 135 kB, level 2 is 12×18×21 float32 = 18 kB
            assertThat(store.keeps(1)).isFalse();
            assertThat(store.keeps(2)).isTrue();
        }
    }
}
