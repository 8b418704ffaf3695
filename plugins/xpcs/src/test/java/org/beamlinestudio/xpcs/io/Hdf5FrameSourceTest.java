package org.beamlinestudio.xpcs.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.beamlinestudio.core.data.ChunkCache;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.xpcs.cli.SyntheticSpeckle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames decoded in parallel equal the frames read the old way (one sequential read of the lazy dataset). */
class Hdf5FrameSourceTest {

    private static final String FRAMES = "/entry/data/data";

    @Test
    void parallelReadsOfTheSharedRawFileEqualSequentialReadsBitForBit() throws Exception {
        Path raw = SharedData.require("xpcs/sim_ou_128/raw/SIM_OU_02000f_128x128.h5");
        // batches that start and end inside stored blocks, as the correlator's last batch does
        try (Hdf5File reference = Hdf5File.open(raw);
             Hdf5FrameSource parallel = open(raw, 3)) {
            LazyDataset old = reference.dataset(FRAMES);
            assertEquals(2000, parallel.frames());
            double total = 0;
            for (int first = 7; first < 2000; first += 61) {
                int count = Math.min(61, 2000 - first);
                float[] expected = old.readFloats(new long[] {first, 0, 0}, new int[] {count, 128, 128});
                float[] got = parallel.read(first, count);
                assertArrayEquals(expected, got, "frames " + first + " … " + (first + count - 1));
                for (float v : got) {
                    total += v;
                }
            }
            assertTrue(total > 1e5, "the speckle frames hold photons, not fill values: " + total);
        }
    }

    @Test
    void aWrittenDeflateFileReadsBackAsTheFramesWrittenWithAnyNumberOfDecoders(@TempDir Path dir)
            throws Exception {
        SyntheticSpeckle sim = SyntheticSpeckle.generate(96, 4000, 40, 3);
        Path file = dir.resolve("speckle.h5");
        int n = 300;
        sim.writeHdf5(file, n);
        float[] written = sim.inMemory(n).read(0, n);
        for (int decoders : new int[] {1, 2, 4}) {
            try (Hdf5FrameSource s = open(file, decoders)) {
                for (int first = 0; first < n; first += 64) {
                    int count = Math.min(64, n - first);
                    float[] expected = new float[count * 96 * 96];
                    System.arraycopy(written, first * 96 * 96, expected, 0, expected.length);
                    assertArrayEquals(expected, s.read(first, count), decoders + " decoders, frames from " + first);
                }
            }
        }
    }

    @Test
    void streamedFramesDoNotStayInTheSharedBlockCache(@TempDir Path dir) throws Exception {
        SyntheticSpeckle sim = SyntheticSpeckle.generate(128, 8000, 20, 5);
        Path file = dir.resolve("stream.h5");
        sim.writeHdf5(file, 400); // 400 frames of 128×128 float32: 26 MB decoded
        long before = ChunkCache.usedBytes();
        try (Hdf5FrameSource s = open(file, 2)) {
            for (int first = 0; first < 400; first += 64) {
                s.read(first, Math.min(64, 400 - first));
            }
            long grown = ChunkCache.usedBytes() - before;
            assertTrue(grown < 64L * 128 * 128 * 4, "the cache grew by " + grown + " bytes reading 26 MB of frames");
        }
    }

    private static Hdf5FrameSource open(Path file, int decoders) throws DataFileException {
        Hdf5File f = Hdf5File.open(file);
        try {
            return new Hdf5FrameSource(f.dataset(FRAMES), f, decoders);
        } catch (DataFileException | RuntimeException e) {
            f.close();
            throw e;
        }
    }
}
