package org.beamlinestudio.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Random;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.testing.InMemoryDataset;
import org.junit.jupiter.api.Test;

/** Levels read brick by brick from a dataset equal block means; budgets pick the right level. */
class VolumeLevelsTest {

    private static InMemoryDataset dataset(int nz, int ny, int nx) {
        Random r = new Random(11);
        float[] v = new float[nz * ny * nx];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 1000f;
        }
        return new InMemoryDataset(Path.of("/data/vol.h5"), "/exchange/data", new long[] {nz, ny, nx}, v);
    }

    private static float blockMean(InMemoryDataset ds, int f, int z, int y, int x) throws Exception {
        long[] s = ds.shape();
        double sum = 0;
        int n = 0;
        for (int zz = z * f; zz < Math.min(s[0], (z + 1L) * f); zz++) {
            for (int yy = y * f; yy < Math.min(s[1], (y + 1L) * f); yy++) {
                for (int xx = x * f; xx < Math.min(s[2], (x + 1L) * f); xx++) {
                    sum += ds.readFloats(new long[] {zz, yy, xx}, new int[] {1, 1, 1})[0];
                    n++;
                }
            }
        }
        return (float) (sum / n);
    }

    @Test
    void aLevelReadInSmallBricksIsTheMeanOfEachBlock() throws Exception {
        InMemoryDataset ds = dataset(13, 21, 10);
        // Bricks of 2 KiB: several bands of rows per plane, so brick borders are crossed.
        VolumeLevels levels = VolumeLevels.of(ds, 2048);
        assertThat(levels.levelShape(1)).containsExactly(7, 11, 5);
        VolumeGrid l1 = levels.level(1, new Cancellation(), null);
        assertThat(ds.reads()).as("read in bricks, not voxel by voxel").isBetween(2, 200);
        for (int z = 0; z < 7; z++) {
            for (int y = 0; y < 11; y++) {
                for (int x = 0; x < 5; x++) {
                    assertThat(l1.get(z, y, x)).isCloseTo(blockMean(ds, 2, z, y, x), within(1e-2f));
                }
            }
        }
        assertThat(l1.fullNz()).isEqualTo(13);
        assertThat(l1.level()).isEqualTo(1);
    }

    @Test
    void coarserLevelsComeFromTheFinerLevelInMemory() throws Exception {
        InMemoryDataset ds = dataset(32, 32, 32);
        VolumeLevels levels = VolumeLevels.of(ds);
        levels.level(1, new Cancellation(), null);
        int readsBefore = ds.reads();
        VolumeGrid l2 = levels.level(2, new Cancellation(), null);
        assertThat(ds.reads()).as("no new reads from the file").isEqualTo(readsBefore);
        assertThat(l2.get(1, 2, 3)).isCloseTo(blockMean(ds, 4, 1, 2, 3), within(1e-2f));
    }

    @Test
    void levelsOfARealChunkedHdf5VolumeAreItsBlockMeans() throws Exception {
        // Real I12 flat fields, 20 × 10 × 192 float32 chunked (20, 1, 192): bricks cross chunk borders.
        Path file = org.beamlinestudio.core.testing.SharedData.require("tomography/real/httomo_i12_flat_field.h5");
        try (org.beamlinestudio.core.hdf5.Hdf5File h5 = org.beamlinestudio.core.hdf5.Hdf5File.open(file)) {
            org.beamlinestudio.core.data.LazyDataset ds = h5.dataset("/1-NoProcessPlugin-tomo/data");
            float[] all = ds.readFloats(new long[3], new int[] {20, 10, 192});
            VolumeLevels levels = VolumeLevels.of(ds, 4096);
            VolumeGrid l2 = levels.level(2, new Cancellation(), null);
            assertThat(new long[] {l2.nz(), l2.ny(), l2.nx()}).containsExactly(5, 3, 48);
            for (int z = 0; z < 5; z++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 48; x++) {
                        double sum = 0;
                        int n = 0;
                        for (int zz = 4 * z; zz < Math.min(20, 4 * z + 4); zz++) {
                            for (int yy = 4 * y; yy < Math.min(10, 4 * y + 4); yy++) {
                                for (int xx = 4 * x; xx < 4 * x + 4; xx++) {
                                    sum += all[(zz * 10 + yy) * 192 + xx];
                                    n++;
                                }
                            }
                        }
                        assertThat((double) l2.get(z, y, x)).isCloseTo(sum / n, within(1e-3 * Math.abs(sum / n) + 1e-3));
                    }
                }
            }
        }
    }

    @Test
    void theBudgetPicksTheFinestLevelThatFits() {
        InMemoryDataset ds = dataset(8, 8, 8);
        VolumeLevels small = VolumeLevels.of(ds);
        assertThat(small.finestLevelWithin(1L << 20)).isZero();
        // A 2048³ float volume is 32 GiB: with 1 GiB it is drawn from 512³ (level 2), never refused.
        VolumeLevels huge = VolumeLevels.of(new ShapeOnlyDataset(new long[] {2048, 2048, 2048}));
        assertThat(huge.finestLevelWithin(1L << 30)).isEqualTo(2);
        assertThat(huge.levelShape(2)).containsExactly(512, 512, 512);
        assertThat(huge.levelWithLongestAxisAtMost(128)).isEqualTo(4);
        assertThat(huge.levelCount()).isEqualTo(9);
    }

    @Test
    void aFlatDatasetIsNotAVolume() {
        InMemoryDataset flat = new InMemoryDataset(Path.of("/data/img.h5"), "/entry/image", new long[] {4, 5},
                new float[20]);
        assertThatThrownBy(() -> VolumeLevels.of(flat)).hasMessageContaining("img.h5")
                .hasMessageContaining("/entry/image").hasMessageContaining("3 axes");
    }

    /** A dataset that only has a shape, for level arithmetic on sizes no test can hold. */
    private static final class ShapeOnlyDataset implements org.beamlinestudio.core.data.LazyDataset {
        private final long[] shape;

        ShapeOnlyDataset(long[] shape) {
            this.shape = shape;
        }

        @Override
        public Path file() {
            return Path.of("/data/huge.h5");
        }

        @Override
        public String path() {
            return "/volume";
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public org.beamlinestudio.core.data.ElementType elementType() {
            return org.beamlinestudio.core.data.ElementType.FLOAT32;
        }

        @Override
        public long[] chunkShape() {
            return null;
        }

        @Override
        public float[] readFloats(long[] offset, int[] count) {
            throw new UnsupportedOperationException("shape only");
        }

        @Override
        public net.imglib2.RandomAccessibleInterval<net.imglib2.type.numeric.real.FloatType> asImg() {
            throw new UnsupportedOperationException("shape only");
        }
    }
}
