package org.beamlinestudio.tomography.io;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.beamlinestudio.core.data.BlockedLazyDataset;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.testing.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read throughput of the lazy views, printed (never asserted: shared machines are noisy). Runs only
 * with -Dstudio.bench=true: {@code mvn -q -o -pl plugins/tomography -am test -Dtest=ReaderThroughputBench
 * -Dsurefire.failIfNoSpecifiedTests=false -Dstudio.bench=true}.
 */
class ReaderThroughputBench {

    @Test
    void nxTomoSubsetAgainstTheWholeFrameStack() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("studio.bench"), "benchmark: run with -Dstudio.bench=true");
        Path f = SharedData.require("tomography/synthetic/synth_nxtomo.nxs");
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            try (OpenedSource src = new NxTomoReader().open(f)) {
                readAllInSlabs(src.primary(), 4);
            }
            long t1 = System.nanoTime();
            try (Hdf5File h5 = Hdf5File.open(f)) {
                readAllInSlabs(h5.dataset("/entry/instrument/detector/data"), 4);
            }
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "synth_nxtomo 361x16x256 in 4-row slabs: subset view %.1f ms, whole "
                    + "386-frame dataset %.1f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        }
    }

    @Test
    void tiffSeries(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("studio.bench"), "benchmark: run with -Dstudio.bench=true");
        int n = 180;
        for (int k = 0; k < n; k++) {
            TiffBench.write(dir.resolve(String.format("proj_%04d.tif", k)), 512, 512, k);
        }
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            try (OpenedSource src = new TiffSeriesReader().open(dir, Map.of("evenSpacingDegrees", 180))) {
                readAllInSlabs(src.primary(), 32);
                ((BlockedLazyDataset) src.primary()).evict();
            }
            long t1 = System.nanoTime();
            double mb = n * 512.0 * 512 * 2 / 1e6;
            System.out.printf(Locale.ROOT, "TIFF series %d x 512x512 uint16 (%.0f MB) in 32-row slabs: %.0f ms, %.0f MB/s%n",
                    n, mb, (t1 - t0) / 1e6, mb / ((t1 - t0) / 1e9));
        }
    }

    static void readAllInSlabs(LazyDataset d, int slab) throws Exception {
        long[] s = d.shape();
        for (long r = 0; r < s[1]; r += slab) {
            int rows = (int) Math.min(slab, s[1] - r);
            d.readFloats(new long[] {0, r, 0}, new int[] {(int) s[0], rows, (int) s[2]});
        }
    }

    /** Writes one uint16 TIFF through the JDK writer. */
    static final class TiffBench {
        static void write(Path file, int w, int h, int k) throws Exception {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h,
                    java.awt.image.BufferedImage.TYPE_USHORT_GRAY);
            short[] px = ((java.awt.image.DataBufferUShort) img.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < px.length; i++) {
                px[i] = (short) (i * 7 + k);
            }
            javax.imageio.ImageIO.write(img, "tiff", file.toFile());
        }
    }
}
