package org.beamlinestudio.xpcs.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingDataset;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;
import org.beamlinestudio.xpcs.io.FrameSource;
import org.beamlinestudio.xpcs.qmap.QMap;

/**
 * Synthetic photon-counting speckle for the benchmark: each pixel's field is a complex Ornstein–Uhlenbeck process
 * (τc ∝ q⁻² per ring, contrast 0.3) and the counts are Poisson with a mean that falls as r^-1.5 (mostly zeros, as
 * at high frame rates). A pool of frames is generated once and repeated to make any number of frames.
 */
public final class SyntheticSpeckle {

    private final int size;
    private final int poolFrames;
    private final byte[] pool;
    private final QMap qmap;

    private SyntheticSpeckle(int size, int poolFrames, byte[] pool, QMap qmap) {
        this.size = size;
        this.poolFrames = poolFrames;
        this.pool = pool;
        this.qmap = qmap;
    }

    /**
     * Frames of {@code size × size}; the q-map covers a centred annulus of about {@code pixels} pixels in 10
     * dynamic rings of 4 static sub-bins each.
     */
    public static SyntheticSpeckle generate(int size, int pixels, int poolFrames, long seed) {
        int n = size * size;
        double c = size / 2.0;
        double rIn = size * 0.05;
        double rOut = Math.min(c - 1, Math.sqrt(pixels / Math.PI + rIn * rIn));
        int[] dyn = new int[n];
        int[] sta = new int[n];
        double[] r = new double[n];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                r[i] = Math.hypot(y - c + 0.5, x - c + 0.5);
                if (r[i] >= rIn && r[i] < rOut) {
                    int s = (int) ((r[i] - rIn) / (rOut - rIn) * 40);
                    sta[i] = s + 1;
                    dyn[i] = s / 4 + 1;
                }
            }
        }
        double[] dq = new double[10];
        double[] sq = new double[40];
        for (int k = 0; k < 40; k++) {
            sq[k] = 1e-4 * (rIn + (k + 0.5) * (rOut - rIn) / 40);
        }
        for (int k = 0; k < 10; k++) {
            dq[k] = 1e-4 * (rIn + (k + 0.5) * (rOut - rIn) / 10);
        }
        QMap qmap = new QMap(size, size, dyn, sta, dq, new double[10], sq, new double[40]);
        SplittableRandom rnd = new SplittableRandom(seed);
        double contrast = Math.sqrt(0.3);
        double[] re = new double[n];
        double[] im = new double[n];
        double[] a = new double[n];
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) {
            double ring = Math.max(1, (dyn[i] == 0 ? 10 : dyn[i]));
            double tau = 100.0 / (ring * ring) * 4;
            a[i] = Math.exp(-1.0 / tau);
            mean[i] = 0.3 * Math.pow(rIn / Math.max(r[i], rIn), 1.5) + 0.01;
            re[i] = rnd.nextGaussian() / Math.sqrt(2);
            im[i] = rnd.nextGaussian() / Math.sqrt(2);
        }
        byte[] pool = new byte[poolFrames * n];
        for (int f = 0; f < poolFrames; f++) {
            for (int i = 0; i < n; i++) {
                double s = Math.sqrt(1 - a[i] * a[i]) / Math.sqrt(2);
                re[i] = a[i] * re[i] + s * rnd.nextGaussian();
                im[i] = a[i] * im[i] + s * rnd.nextGaussian();
                double lam = mean[i] * (contrast * (re[i] * re[i] + im[i] * im[i]) + 1 - contrast);
                pool[f * n + i] = (byte) Math.min(255, poisson(lam, rnd));
            }
        }
        return new SyntheticSpeckle(size, poolFrames, pool, qmap);
    }

    private static int poisson(double lam, SplittableRandom rnd) {
        double l = Math.exp(-lam);
        double p = rnd.nextDouble();
        int k = 0;
        double term = l;
        double cdf = l;
        while (p > cdf && k < 255) {
            k++;
            term *= lam / k;
            cdf += term;
        }
        return k;
    }

    public QMap qmap() {
        return qmap;
    }

    /** Fraction of zero counts in the generated frames. */
    public double zeroFraction() {
        long z = 0;
        for (byte b : pool) {
            if (b == 0) {
                z++;
            }
        }
        return (double) z / pool.length;
    }

    /** {@code frames} frames from memory (the pool repeated). */
    public FrameSource inMemory(int frames) {
        int n = size * size;
        return new FrameSource() {
            @Override
            public int frames() {
                return frames;
            }

            @Override
            public int height() {
                return size;
            }

            @Override
            public int width() {
                return size;
            }

            @Override
            public float[] read(int first, int count) {
                float[] out = new float[count * n];
                for (int b = 0; b < count; b++) {
                    int src = ((first + b) % poolFrames) * n;
                    int dst = b * n;
                    for (int i = 0; i < n; i++) {
                        out[dst + i] = pool[src + i] & 0xff;
                    }
                }
                return out;
            }

            @Override
            public Path file() {
                return null;
            }

            @Override
            public String describe() {
                return frames + " synthetic frames of " + size + "×" + size + " in memory";
            }

            @Override
            public void close() {
            }
        };
    }

    /** Writes {@code frames} frames as uint8 {@code /entry/data/data}, one deflated chunk per frame. */
    public void writeHdf5(Path target, int frames) throws IOException {
        int n = size * size;
        try (StreamingHdf5Writer w = StreamingHdf5Writer.createOrReplace(target)) {
            w.createGroup("/entry");
            w.createGroup("/entry/data");
            StreamingDataset d = w.createDataset("/entry/data/data", ElementType.UINT8,
                    new long[]{frames, size, size}, Layout.chunked(1, size, size).deflate(1));
            byte[] frame = new byte[n];
            for (int f = 0; f < frames; f++) {
                System.arraycopy(pool, (f % poolFrames) * n, frame, 0, n);
                d.write(new long[]{f, 0, 0}, new int[]{1, size, size}, frame);
            }
            w.commit();
        }
    }
}
