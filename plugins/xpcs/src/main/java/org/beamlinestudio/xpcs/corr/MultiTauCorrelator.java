package org.beamlinestudio.xpcs.corr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.xpcs.io.FrameSource;
import org.beamlinestudio.xpcs.qmap.QMap;

/**
 * Multi-tau correlation on the CPU (plain Java), streaming the frames once. Pixels that lie in a dynamic and a
 * static bin are cut into tiles of {@value #TILE} pixels; each tile keeps, per level, a ring buffer of the last
 * few (binned) frames and, per delay, the sums G2 = Σ I(t)I(t+τ), the head sums (first τ frames) and the level's
 * total, so memory depends on the number of pixels and levels, never on the number of frames. A batch of frames
 * is read while the previous one is correlated, and tiles are correlated in parallel.
 *
 * <p>Normalisation as the APS 8-ID-I correlator (boost_corr): per pixel G2/(IP·IF) with IP, IF the means over the
 * past and future frames; g2 of a dynamic bin is the mean over its static sub-bins of ⟨G2⟩/(⟨IP⟩⟨IF⟩) (averages
 * over the sub-bin's pixels); its error as {@link Options#errorModel()} says.
 */
public final class MultiTauCorrelator {

    static final int TILE = 1024;

    /**
     * @param delaysPerLevel  m: the ladder has 2m delays on level 0 and m on each further level (4 as the APS
     *                        correlator's default)
     * @param normalizeFrames divide each frame by its mean over the correlated pixels (the APS correlator does)
     * @param batchFrames     frames read and correlated at a time
     * @param threads         worker threads for the tiles
     * @param sparse          where fewer than an eighth of a tile's pixels are non-zero (photon counting), add
     *                        only the non-zero pixels to the sums (same result, less work)
     * @param errorModel      how g2_err is estimated ({@link G2ErrorModel#RATIO} unless said otherwise)
     */
    public record Options(int delaysPerLevel, boolean normalizeFrames, int batchFrames, int threads, boolean sparse,
                          G2ErrorModel errorModel) {
        public Options {
            if (errorModel == null) {
                throw new IllegalArgumentException("a g2 error model is needed (RATIO or PIXEL_SPREAD)");
            }
        }

        /** The options with the {@link G2ErrorModel#RATIO} error model. */
        public Options(int delaysPerLevel, boolean normalizeFrames, int batchFrames, int threads, boolean sparse) {
            this(delaysPerLevel, normalizeFrames, batchFrames, threads, sparse, G2ErrorModel.RATIO);
        }

        /** The APS defaults, all cores, sparse path on, errors of the ratio estimator. */
        public static Options defaults() {
            return new Options(4, true, 64, Runtime.getRuntime().availableProcessors(), true);
        }

        /** A copy with {@code model} for g2_err. */
        public Options withErrorModel(G2ErrorModel model) {
            return new Options(delaysPerLevel, normalizeFrames, batchFrames, threads, sparse, model);
        }
    }

    private final QMap qmap;
    private final double frameTime;
    private final Options options;
    private final OpenClContext context;

    /** The plain-Java correlator. */
    public MultiTauCorrelator(QMap qmap, double frameTimeSeconds, Options options) {
        this(qmap, frameTimeSeconds, options, null);
    }

    /**
     * The correlator on an OpenCL device ({@code multitau.cl}, float sums) when {@code context} is not null,
     * else plain Java. The caller owns the context. Reading, compaction and normalisation stay on the CPU.
     */
    public MultiTauCorrelator(QMap qmap, double frameTimeSeconds, Options options, OpenClContext context) {
        this.qmap = qmap;
        this.frameTime = frameTimeSeconds;
        this.options = options;
        this.context = context;
    }

    /**
     * Correlates every frame of {@code source}. {@code progress} receives the number of frames done after each
     * batch; an interrupt of the calling thread stops the run with {@link InterruptedException}.
     */
    public MultiTauResult correlate(FrameSource source, IntConsumer progress)
            throws DataFileException, InterruptedException {
        int n = source.frames();
        int h = source.height();
        int w = source.width();
        if (h != qmap.height() || w != qmap.width()) {
            throw new IllegalArgumentException(source.describe() + ": frames of " + h + "×" + w
                    + " but the q-map is " + qmap.height() + "×" + qmap.width());
        }
        PixelSelection sel = PixelSelection.of(qmap);
        MultiTauLadder ladder = MultiTauLadder.of(n, options.delaysPerLevel());
        int p = sel.count();
        double[] intensity = new double[n];
        double[] sum2d = new double[h * w];
        int batch = Math.max(1, options.batchFrames());
        Engine engine = context != null ? new OpenClMultiTau(context, ladder, p, batch)
                : new JavaEngine(ladder, p, options);
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "xpcs-frame-reader");
            th.setDaemon(true);
            return th;
        });
        try {
            // the reader thread reads and compacts batch k+1 while the pool correlates batch k
            Future<float[]> next = reader.submit(() -> readCompact(source, 0, Math.min(batch, n), sel,
                    intensity, sum2d));
            for (int first = 0; first < n; first += batch) {
                int count = Math.min(batch, n - first);
                float[] compact = await(next, source);
                int nextFirst = first + count;
                if (nextFirst < n) {
                    int nextCount = Math.min(batch, n - nextFirst);
                    next = reader.submit(() -> readCompact(source, nextFirst, nextCount, sel, intensity, sum2d));
                }
                engine.push(compact, count);
                if (Thread.interrupted()) {
                    throw new InterruptedException("correlation of " + source.describe() + " cancelled");
                }
                if (progress != null) {
                    progress.accept(first + count);
                }
            }
            Normalization norm = new Normalization(qmap, sel, ladder, options.errorModel());
            engine.finish(norm);
            return norm.result(frameTime, intensity, sum2d, n);
        } finally {
            engine.close();
            reader.shutdownNow();
        }
    }

    /** Where the per-pixel sums are accumulated: Java tiles or an OpenCL device. */
    interface Engine extends AutoCloseable {
        /** Adds {@code count} compact frames ({@code count × pixels}). */
        void push(float[] compact, int count) throws InterruptedException;

        /** Hands every pixel's G2, IP, IF per delay (divided by the number of pairs) to {@code out}. */
        void finish(Normalization out);

        @Override
        void close();
    }

    /** Tiles of pixels correlated in parallel on a private fork-join pool. */
    private static final class JavaEngine implements Engine {
        private final TileState[] state;
        private final ForkJoinPool pool;
        private final int pixels;

        JavaEngine(MultiTauLadder ladder, int pixels, Options options) {
            this.pixels = pixels;
            int tiles = (pixels + TILE - 1) / TILE;
            state = new TileState[tiles];
            for (int t = 0; t < tiles; t++) {
                state[t] = new TileState(ladder, Math.min(TILE, pixels - t * TILE), options.sparse());
            }
            pool = new ForkJoinPool(Math.max(1, options.threads()));
        }

        @Override
        public void push(float[] compact, int count) throws InterruptedException {
            try {
                pool.submit(() -> IntStream.range(0, state.length).parallel()
                        .forEach(t -> state[t].push(compact, count, pixels, t * TILE))).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("multi-tau correlation failed", e.getCause());
            }
        }

        @Override
        public void finish(Normalization out) {
            for (int t = 0; t < state.length; t++) {
                state[t].finish(out, t * TILE);
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    private static float[] await(Future<float[]> f, FrameSource source) throws DataFileException,
            InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DataFileException) {
                throw (DataFileException) e.getCause();
            }
            throw new IllegalStateException("reading " + source.describe() + " failed", e.getCause());
        }
    }

    /** Compacts the correlated pixels, records intensity vs time and the 2-D sum, normalises if asked. */
    private float[] readCompact(FrameSource source, int first, int count, PixelSelection sel, double[] intensity,
                                double[] sum2d) throws DataFileException {
        float[] frames = source.read(first, count);
        int frameSize = source.height() * source.width();
        int p = sel.count();
        int[] idx = sel.pixels();
        float[] out = new float[count * p];
        for (int b = 0; b < count; b++) {
            int base = b * frameSize;
            for (int i = 0; i < frameSize; i++) {
                sum2d[i] += frames[base + i];
            }
            double s = 0;
            int ob = b * p;
            for (int i = 0; i < p; i++) {
                float v = frames[base + idx[i]];
                out[ob + i] = v;
                s += v;
            }
            double mean = s / p;
            intensity[first + b] = mean;
            if (options.normalizeFrames() && mean > 0) {
                float inv = (float) (1.0 / mean);
                for (int i = 0; i < p; i++) {
                    out[ob + i] *= inv;
                }
            }
        }
        return out;
    }

    /** The multi-tau state of one tile of pixels: ring buffers per level and sums per delay. */
    static final class TileState {
        private final int w;
        private final int levels;
        private final int ring;
        private final int[][] delaysOfLevel;
        private final int[] lag;
        private final int[] levelOf;
        private final float[] buf;
        private final int[] count;
        private final double[] g2;
        private final double[] head;
        private final double[] total;
        private final int[] nz;
        private final boolean sparse;

        TileState(MultiTauLadder ladder, int w, boolean sparse) {
            this.w = w;
            this.sparse = sparse;
            this.levels = ladder.levels();
            this.ring = ladder.maxLag() + 1;
            this.lag = ladder.lag();
            this.levelOf = ladder.level();
            List<List<Integer>> byLevel = new ArrayList<>();
            for (int l = 0; l < levels; l++) {
                byLevel.add(new ArrayList<>());
            }
            for (int d = 0; d < ladder.size(); d++) {
                byLevel.get(ladder.level()[d]).add(d);
            }
            delaysOfLevel = new int[levels][];
            for (int l = 0; l < levels; l++) {
                delaysOfLevel[l] = byLevel.get(l).stream().mapToInt(Integer::intValue).toArray();
            }
            buf = new float[levels * ring * w];
            count = new int[levels];
            g2 = new double[ladder.size() * w];
            head = new double[ladder.size() * w];
            total = new double[levels * w];
            nz = new int[w];
        }

        void push(float[] compact, int frames, int stride, int offset) {
            for (int b = 0; b < frames; b++) {
                push(0, compact, b * stride + offset);
            }
        }

        private void push(int l, float[] src, int srcOff) {
            int c = count[l];
            int slot = (l * ring + c % ring) * w;
            int nnz = w;
            if (sparse) {
                // copy and list the non-zero pixels in one branch-free pass
                nnz = 0;
                for (int i = 0; i < w; i++) {
                    float v = src[srcOff + i];
                    buf[slot + i] = v;
                    nz[nnz] = i;
                    nnz += v != 0f ? 1 : 0;
                }
            } else if (src != buf || srcOff != slot) {
                System.arraycopy(src, srcOff, buf, slot, w);
            }
            if (nnz * 8 < w) {
                pushSparse(l, c, slot, nnz);
            } else {
                pushDense(l, c, slot);
            }
            count[l] = c + 1;
            if ((c & 1) == 1 && l + 1 < levels) {
                // pairwise binning into the next level: write the pair's sum into the next level's slot
                int prev = (l * ring + (c - 1) % ring) * w;
                int nc = count[l + 1];
                int nslot = ((l + 1) * ring + nc % ring) * w;
                for (int i = 0; i < w; i++) {
                    buf[nslot + i] = buf[slot + i] + buf[prev + i];
                }
                push(l + 1, buf, nslot);
            }
        }

        /** Photon-counting frames: only the non-zero pixels of the new frame add to the sums. */
        private void pushSparse(int l, int c, int slot, int nnz) {
            int tb = l * w;
            for (int k = 0; k < nnz; k++) {
                int i = nz[k];
                total[tb + i] += buf[slot + i];
            }
            for (int d : delaysOfLevel[l]) {
                int g = lag[d];
                int db = d * w;
                if (c >= g) {
                    int prev = (l * ring + (c - g) % ring) * w;
                    for (int k = 0; k < nnz; k++) {
                        int i = nz[k];
                        g2[db + i] += buf[slot + i] * buf[prev + i];
                    }
                } else {
                    for (int k = 0; k < nnz; k++) {
                        int i = nz[k];
                        head[db + i] += buf[slot + i];
                    }
                }
            }
        }

        private void pushDense(int l, int c, int slot) {
            int tb = l * w;
            for (int i = 0; i < w; i++) {
                total[tb + i] += buf[slot + i];
            }
            for (int d : delaysOfLevel[l]) {
                int g = lag[d];
                int db = d * w;
                if (c >= g) {
                    int prev = (l * ring + (c - g) % ring) * w;
                    for (int i = 0; i < w; i++) {
                        g2[db + i] += buf[slot + i] * buf[prev + i];
                    }
                } else {
                    for (int i = 0; i < w; i++) {
                        head[db + i] += buf[slot + i];
                    }
                }
            }
        }

        /** Hands this tile's G2, IP, IF of each delay, divided by the number of pairs, to {@code out}. */
        void finish(Normalization out, int pixelOffset) {
            for (int d = 0; d < lag.length; d++) {
                int l = levelOf[d];
                int g = lag[d];
                int n = count[l];
                double eff = n - g;
                double scale = (double) (1L << l);
                for (int i = 0; i < w; i++) {
                    double tail = 0;
                    for (int k = 1; k <= g; k++) {
                        tail += buf[(l * ring + (n - k) % ring) * w + i];
                    }
                    double tot = total[l * w + i];
                    out.add(d, pixelOffset + i, g2[d * w + i] / (eff * scale * scale), (tot - tail) / (eff * scale),
                            (tot - head[d * w + i]) / (eff * scale));
                }
            }
        }
    }
}
