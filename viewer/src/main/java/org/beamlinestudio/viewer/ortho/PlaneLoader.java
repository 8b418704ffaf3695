package org.beamlinestudio.viewer.ortho;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.beamlinestudio.core.data.BlockedLazyDataset;
import org.beamlinestudio.core.data.ChunkCache;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.DownsampledLevel;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.data.MultiscaleDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the XY / XZ / YZ planes of a volume for the orthogonal views, off the FX thread and without JavaFX (so
 * the benchmark measures it headless): a coarse preview first when the slab is not in memory yet, then the level
 * the zoom asks for; the latest request per plane wins (stale reads stop between bands); after each plane the
 * next slab in the scroll direction is read ahead. Reads follow the block (chunk) layout: a plane is read in
 * bands of whole block rows, by several threads, and whole blocks stay in the bounded {@link ChunkCache}, so the
 * neighbouring planes of a slab are served from memory.
 */
public final class PlaneLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlaneLoader.class);

    /** The preview is the coarsest level whose plane still has at least this many pixels along its longer side. */
    public static final int PREVIEW_MIN_SIDE = 256;
    /** Slabs recently read in full, per plane and level, assumed still cached (skip the preview for them). */
    private static final int WARM_SLABS = 64;

    /** One plane image at one level; {@code preview} images are followed by the requested level's image. */
    public record PlaneImage(Plane plane, long index, int level, float[] data, int width, int height,
                             int columnFactor, int rowFactor, boolean preview) {

        /**
         * The image at full resolution ({@code fullWidth × fullHeight}), each value repeated over the base pixels
         * it covers; the data itself when this is level 0.
         */
        public float[] toFullSize(int fullWidth, int fullHeight) {
            if (columnFactor == 1 && rowFactor == 1 && fullWidth == width && fullHeight == height) {
                return data;
            }
            float[] out = new float[fullWidth * fullHeight];
            int[] col = new int[fullWidth];
            for (int c = 0; c < fullWidth; c++) {
                col[c] = Math.min(width - 1, c / columnFactor);
            }
            for (int r = 0; r < fullHeight; r++) {
                int src = Math.min(height - 1, r / rowFactor) * width;
                int dst = r * fullWidth;
                for (int c = 0; c < fullWidth; c++) {
                    out[dst + c] = data[src + col[c]];
                }
            }
            return out;
        }
    }

    /** Receives plane images, on a loader thread. */
    @FunctionalInterface
    public interface Sink {
        void accept(PlaneImage image);
    }

    /** Receives read failures, on a loader thread. */
    @FunctionalInterface
    public interface FailureSink {
        void failed(Plane plane, long index, Exception error);
    }

    private final MultiscaleDataset volume;
    private final long[] shape;
    private final java.util.concurrent.Executor coordinators;
    private final ExecutorService ownCoordinators;
    private final ExecutorService helpers;
    private final ExecutorService prefetcher;
    private final int helperCount;
    private final Map<Plane, AtomicLong> generations = new java.util.EnumMap<>(Plane.class);
    private final Map<Plane, Long> lastIndex = new java.util.EnumMap<>(Plane.class);
    private final Map<Plane, Integer> lastStep = new java.util.EnumMap<>(Plane.class);
    private final AtomicLong prefetchGeneration = new AtomicLong();
    private String prefetchKey;
    private final Map<String, Boolean> warm = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
                    return size() > WARM_SLABS;
                }
            });
    private final AtomicLong prefetchedSlabs = new AtomicLong();
    private volatile boolean prefetch = true;
    private volatile boolean previews = true;

    /** A loader over the levels of a 3-D volume (z, y, x), reading with {@code threads} threads (≥ 1). */
    public PlaneLoader(MultiscaleDataset volume, int threads) {
        this(volume, threads, null);
    }

    /**
     * A loader whose requests run on {@code requests} (e.g. the view's reader executor; null: its own threads),
     * with {@code threads - 1} more threads of its own sharing the bands of each plane.
     */
    public PlaneLoader(MultiscaleDataset volume, int threads, java.util.concurrent.Executor requests) {
        if (volume.base().rank() != 3) {
            throw new IllegalArgumentException("a plane loader needs a 3-D volume, got " + volume.base());
        }
        this.volume = volume;
        this.shape = volume.base().shape();
        this.helperCount = Math.max(0, threads - 1);
        this.ownCoordinators = requests == null
                ? pool(Plane.values().length, daemon("plane-reader", Thread.NORM_PRIORITY))
                : null;
        this.coordinators = requests != null ? requests : ownCoordinators;
        this.helpers = helperCount == 0 ? null : pool(helperCount, daemon("plane-band", Thread.NORM_PRIORITY));
        this.prefetcher = pool(1, daemon("plane-prefetch", Thread.MIN_PRIORITY));
        for (Plane p : Plane.values()) {
            generations.put(p, new AtomicLong());
        }
    }

    /** A fixed pool whose idle threads end after a while, so a view that is dropped without close() leaks none. */
    private static ExecutorService pool(int threads, java.util.concurrent.ThreadFactory factory) {
        java.util.concurrent.ThreadPoolExecutor p = new java.util.concurrent.ThreadPoolExecutor(threads, threads,
                30, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), factory);
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name, int priority) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(priority);
            return t;
        };
    }

    /** The volume's levels. */
    public MultiscaleDataset volume() {
        return volume;
    }

    /** Turns reading ahead on or off (on by default). */
    public void setPrefetch(boolean on) {
        this.prefetch = on;
    }

    /**
     * Turns coarse previews on or off (on by default). Off suits a full-resolution XY plane whose preview is not
     * kept anywhere: computing it reads 2^k base slices where the plane itself needs one.
     */
    public void setPreviews(boolean on) {
        this.previews = on;
    }

    /** Slabs read ahead so far. */
    public long prefetchedSlabs() {
        return prefetchedSlabs.get();
    }

    /** The level used for a preview of {@code plane}: coarse, but with at least {@link #PREVIEW_MIN_SIDE} pixels. */
    public int previewLevel(Plane plane) {
        int best = 0;
        for (int k = 1; k < volume.levelCount(); k++) {
            long[] s = volume.shape(k);
            if (Math.max(s[plane.columnAxis()], s[plane.rowAxis()]) >= PREVIEW_MIN_SIDE) {
                best = k;
            }
        }
        return best;
    }

    /**
     * Asks for the plane {@code plane} at {@code index} (along its fixed axis, in base voxels) at level
     * {@code level}; supersedes the previous request for that plane. {@code sink} gets a preview first when the
     * slab is not in memory and a coarser level exists, then the requested level. Any thread.
     */
    public void request(Plane plane, long index, int level, Sink sink, FailureSink failures) {
        int lvl = Math.max(0, Math.min(volume.levelCount() - 1, level));
        long gen = generations.get(plane).incrementAndGet();
        int direction;
        synchronized (lastIndex) {
            Long last = lastIndex.put(plane, index);
            int step = last == null || last == index ? 0 : index > last ? 1 : -1;
            // Read ahead only for a scroll: two steps the same way, each within a slab. A single jump (a click
            // elsewhere on the crosshair) says nothing about what comes next, and reading ahead the wrong way
            // would evict the slab the user is about to come back to.
            boolean scrolling = step != 0 && step == lastStep.getOrDefault(plane, 0)
                    && Math.abs(index - last) <= maxSlabDepth(plane, lvl);
            lastStep.put(plane, step);
            direction = scrolling ? step : 0;
        }
        coordinators.execute(() -> {
            if (stale(plane, gen)) {
                return;
            }
            try {
                int preview = previewLevel(plane);
                if (previews && preview > lvl && !isWarm(plane, lvl, index)) {
                    PlaneImage coarse = read(plane, index, preview, gen, true);
                    if (coarse == null) {
                        return;
                    }
                    sink.accept(coarse);
                }
                PlaneImage full = read(plane, index, lvl, gen, false);
                if (full == null) {
                    return;
                }
                markWarm(plane, lvl, index);
                sink.accept(full);
                if (prefetch && direction != 0) {
                    prefetchAhead(plane, index, lvl, direction);
                }
            } catch (DataFileException | RuntimeException e) {
                if (!stale(plane, gen)) {
                    failures.failed(plane, index, e);
                }
            }
        });
    }

    /** Forgets pending requests of every plane (e.g. when another volume is shown). */
    public void cancelAll() {
        for (AtomicLong g : generations.values()) {
            g.incrementAndGet();
        }
        synchronized (prefetchGeneration) {
            prefetchKey = null;
            prefetchGeneration.incrementAndGet();
        }
    }

    private boolean stale(Plane plane, long gen) {
        return generations.get(plane).get() != gen;
    }

    /** Base voxels along the plane's fixed axis covered by one slab of {@code level}. */
    private long maxSlabDepth(Plane plane, int level) {
        int axis = plane.fixedAxis();
        return (long) blockShape(volume.level(level))[axis] * volume.factor(level, axis);
    }

    /** The slab (block row along the plane's fixed axis) holding {@code index} at {@code level}. */
    private long slab(Plane plane, int level, long index) {
        int axis = plane.fixedAxis();
        return index / volume.factor(level, axis) / blockShape(volume.level(level))[axis];
    }

    private String slabKey(Plane plane, int level, long slab) {
        return plane.name() + "/" + level + "/" + slab;
    }

    private boolean isWarm(Plane plane, int level, long index) {
        return warm.containsKey(slabKey(plane, level, slab(plane, level, index)));
    }

    private void markWarm(Plane plane, int level, long index) {
        warm.put(slabKey(plane, level, slab(plane, level, index)), Boolean.TRUE);
    }

    /**
     * Reads the next slab in the scroll direction on the low-priority thread, when the cache can hold it next to
     * the current slab of all three planes; a newer prefetch replaces a pending one.
     */
    private void prefetchAhead(Plane plane, long index, int level, int direction) {
        int axis = plane.fixedAxis();
        int f = volume.factor(level, axis);
        long depth = (long) blockShape(volume.level(level))[axis] * f;
        long next = (index / depth + direction) * depth;
        if (next < 0 || next >= shape[axis] || isWarm(plane, level, next)) {
            return;
        }
        long[] ls = volume.shape(level);
        long slabBytes = 4L * ls[plane.columnAxis()] * ls[plane.rowAxis()] * blockShape(volume.level(level))[axis];
        if (level == 0) {
            slabBytes = 4L * shape[plane.columnAxis()] * shape[plane.rowAxis()] * blockShape(volume.base())[axis];
        } else {
            // computing coarse blocks passes the base blocks under them through the cache too
            slabBytes += 4L * shape[plane.columnAxis()] * shape[plane.rowAxis()] * blockShape(volume.base())[axis];
        }
        if (slabBytes * 2 > ChunkCache.budgetBytes()) {
            return;
        }
        String key = slabKey(plane, level, slab(plane, level, next));
        long gen;
        synchronized (prefetchGeneration) {
            if (key.equals(prefetchKey)) {
                return; // already reading it: every frame of the scroll asks for the same slab
            }
            prefetchKey = key;
            gen = prefetchGeneration.incrementAndGet();
        }
        prefetcher.execute(() -> {
            if (prefetchGeneration.get() != gen || warm.containsKey(key)) {
                return;
            }
            try {
                readPlane(plane, next, level, () -> prefetchGeneration.get() != gen, 0);
                if (prefetchGeneration.get() == gen) {
                    warm.put(key, Boolean.TRUE);
                    prefetchedSlabs.incrementAndGet();
                }
            } catch (DataFileException | RuntimeException e) {
                LOG.debug("reading ahead {} {} at level {} failed", plane, next, level, e);
            }
        });
    }

    private static int[] blockShape(LazyDataset ds) {
        if (ds instanceof DownsampledLevel d) {
            return d.blockShape();
        }
        if (ds instanceof BlockedLazyDataset b) {
            return b.blockShape();
        }
        long[] c = ds.chunkShape();
        long[] s = ds.shape();
        int[] out = new int[s.length];
        for (int a = 0; a < s.length; a++) {
            out[a] = (int) Math.max(1, Math.min(s[a], c != null ? c[a] : 64));
        }
        return out;
    }

    private PlaneImage read(Plane plane, long index, int level, long gen, boolean preview) throws DataFileException {
        float[] data = readPlane(plane, index, level, () -> stale(plane, gen), helperCount);
        if (data == null) {
            return null;
        }
        long[] ls = volume.shape(level);
        return new PlaneImage(plane, index, level, data, (int) ls[plane.columnAxis()], (int) ls[plane.rowAxis()],
                volume.factor(level, plane.columnAxis()), volume.factor(level, plane.rowAxis()), preview);
    }

    /** Cancellation test polled between bands. */
    private interface Stale {
        boolean now();
    }

    /**
     * Reads one plane of a level in bands of whole block rows, this thread and up to {@code helpers} others
     * taking bands in turn; null when it became stale.
     */
    float[] readPlane(Plane plane, long index, int level, Stale stale, int helpersWanted) throws DataFileException {
        LazyDataset ds = volume.level(level);
        long[] ls = ds.shape();
        int cols = (int) ls[plane.columnAxis()];
        int rows = (int) ls[plane.rowAxis()];
        long at = Math.min(ls[plane.fixedAxis()] - 1, index / volume.factor(level, plane.fixedAxis()));
        float[] out = new float[cols * rows];
        int bandRows = Math.max(1, blockShape(ds)[plane.rowAxis()]);
        int bands = (rows + bandRows - 1) / bandRows;
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(bands);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Runnable worker = () -> {
            int b;
            while ((b = next.getAndIncrement()) < bands) {
                try {
                    if (!stale.now() && failure.get() == null) {
                        int r0 = b * bandRows;
                        int n = Math.min(bandRows, rows - r0);
                        long[] offset = new long[3];
                        int[] count = new int[3];
                        offset[plane.fixedAxis()] = at;
                        count[plane.fixedAxis()] = 1;
                        offset[plane.rowAxis()] = r0;
                        count[plane.rowAxis()] = n;
                        count[plane.columnAxis()] = cols;
                        float[] band = ds.readFloats(offset, count);
                        // The column axis always follows the row axis in (z, y, x): the band is row-major already.
                        System.arraycopy(band, 0, out, r0 * cols, band.length);
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        };
        int extra = Math.min(helpersWanted, bands - 1);
        List<java.util.concurrent.Future<?>> started = new ArrayList<>();
        for (int i = 0; i < extra && helpers != null; i++) {
            started.add(helpers.submit(worker));
        }
        worker.run();
        try {
            while (!done.await(20, TimeUnit.MILLISECONDS)) {
                if (stale.now() && next.get() >= bands) {
                    break; // helpers finish their band and stop; nobody waits for them
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        Exception e = failure.get();
        if (e instanceof DataFileException d) {
            throw d;
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
        return stale.now() ? null : out;
    }

    @Override
    public void close() {
        cancelAll();
        // shutdown, not shutdownNow: interrupting a thread inside a FileChannel read closes the channel, and with
        // it the HDF5 file for every other reader
        if (ownCoordinators != null) {
            ownCoordinators.shutdown();
        }
        prefetcher.shutdown();
        if (helpers != null) {
            helpers.shutdown();
        }
    }
}
