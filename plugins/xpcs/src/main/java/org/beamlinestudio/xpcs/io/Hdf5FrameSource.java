package org.beamlinestudio.xpcs.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.beamlinestudio.core.data.BlockedLazyDataset;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;

/**
 * Frames of a 3-D (frame, row, column) HDF5 dataset, read whole frames at a time through core's bounded chunk
 * cache, so memory does not grow with the number of frames. A read of several stored blocks of frames is
 * decoded by a few threads at once (inflate is what bounds a compressed raw file); the values are the same as
 * one sequential read, and memory in flight is the requested frames plus one block per decoder.
 */
public final class Hdf5FrameSource implements FrameSource {

    /**
     * Decoders used by the two-argument constructor: a third of the cores. The correlator computes on every core
     * and a frame costs about half as much CPU to decode as to correlate, so a third balances the two; on 2 cores
     * that is the reader thread alone. Measured on 2 shared cores ({@code studio bench xpcs --decoders}): a second
     * decoder costs 6–9 % more CPU per frame; with the machine otherwise idle-ish (load 2.4) it gained 2–4 %
     * frames/s, under load 3.5 it lost a fifth (629 instead of 803 frames/s), so one is the safe choice there.
     */
    public static final int DEFAULT_DECODERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 3);

    private final LazyDataset data;
    private final AutoCloseable owner;
    private final int n;
    private final int h;
    private final int w;
    private final int decoders;
    /** Frames per stored block (a chunk, or a group of small chunks): the unit one decoder reads. */
    private final int framesPerBlock;
    private ExecutorService pool;

    /**
     * @param data  the frame stack
     * @param owner closed with this source (the open file), or null when the caller keeps the file open
     * @throws DataFileException when the dataset is not 3-D or a frame would exceed 2³¹ values
     */
    public Hdf5FrameSource(LazyDataset data, AutoCloseable owner) throws DataFileException {
        this(data, owner, DEFAULT_DECODERS);
    }

    /**
     * @param data     the frame stack
     * @param owner    closed with this source (the open file), or null when the caller keeps the file open
     * @param decoders threads that decode the blocks of one read at once (the calling thread is one of them);
     *                 1 reads on the calling thread only
     * @throws DataFileException when the dataset is not 3-D or a frame would exceed 2³¹ values
     */
    public Hdf5FrameSource(LazyDataset data, AutoCloseable owner, int decoders) throws DataFileException {
        if (decoders < 1) {
            throw new IllegalArgumentException("decoders must be ≥ 1, got " + decoders);
        }
        long[] s = data.shape();
        if (s.length != 3) {
            throw new DataFileException(data.file(), data.path(), "rank " + s.length + " (shape "
                    + java.util.Arrays.toString(s) + ")", "a 3-D stack of frames (frame, row, column)");
        }
        if (s[0] > Integer.MAX_VALUE || s[1] * s[2] > Integer.MAX_VALUE / 2) {
            throw new DataFileException(data.file(), data.path(), "shape " + java.util.Arrays.toString(s),
                    "fewer than 2³¹ frames of fewer than 2³⁰ pixels");
        }
        this.data = data;
        this.owner = owner;
        this.n = (int) s[0];
        this.h = (int) s[1];
        this.w = (int) s[2];
        this.decoders = decoders;
        this.framesPerBlock = data instanceof BlockedLazyDataset
                ? Math.max(1, ((BlockedLazyDataset) data).blockShape()[0]) : 1;
    }

    /** Threads that decode the blocks of one read at once. */
    public int decoders() {
        return decoders;
    }

    @Override
    public int frames() {
        return n;
    }

    @Override
    public int height() {
        return h;
    }

    @Override
    public int width() {
        return w;
    }

    @Override
    public float[] read(int first, int count) throws DataFileException {
        if (first < 0 || count < 0 || first + count > n) {
            throw new DataFileException(data.file(), data.path(), "a request for frames " + first + " … "
                    + (first + count - 1), "frames within 0 … " + (n - 1));
        }
        int firstBlock = first / framesPerBlock;
        int lastBlock = count == 0 ? firstBlock : (first + count - 1) / framesPerBlock;
        float[] out = decoders == 1 || lastBlock == firstBlock
                ? data.readFloats(new long[] {first, 0, 0}, new int[] {count, h, w})
                : readParallel(first, count, firstBlock, lastBlock);
        if (data instanceof BlockedLazyDataset) {
            // frames are streamed once: keeping them in the shared block cache only costs (a cache the size of
            // a quarter of the heap churning 1 MB frames took a third of the correlator's CPU time)
            ((BlockedLazyDataset) data).evict();
        }
        return out;
    }

    /**
     * The request cut into one contiguous run of whole blocks per decoder, each read into its place in the
     * result; the calling thread decodes the first run itself.
     */
    private float[] readParallel(int first, int count, int firstBlock, int lastBlock) throws DataFileException {
        int frameSize = h * w;
        float[] out = new float[count * frameSize];
        int pieces = lastBlock - firstBlock + 1;
        // contiguous runs of blocks, one per decoder, so each decoder holds at most one block copy at a time
        int runs = Math.min(decoders, pieces);
        ExecutorService p = pool();
        List<Future<?>> started = new ArrayList<>(runs - 1);
        DataFileException failure = null;
        for (int r = 1; r < runs; r++) {
            int from = firstBlock + (int) ((long) pieces * r / runs);
            int to = firstBlock + (int) ((long) pieces * (r + 1) / runs);
            started.add(p.submit(() -> {
                copyBlocks(first, count, from, to, out);
                return null;
            }));
        }
        try {
            copyBlocks(first, count, firstBlock, firstBlock + pieces / runs, out);
        } catch (DataFileException e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> f : started) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // finish the pieces in flight: they write into out
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof DataFileException ? (DataFileException) e.getCause()
                                : new DataFileException(data.file(), data.path(), "a failure decoding frames "
                                + first + " … " + (first + count - 1) + ": " + e.getCause(),
                                "frames this program decodes", e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    /** Reads the requested frames that lie in blocks {@code fromBlock … toBlock−1} into their place in out. */
    private void copyBlocks(int first, int count, int fromBlock, int toBlock, float[] out)
            throws DataFileException {
        int frameSize = h * w;
        for (int b = fromBlock; b < toBlock; b++) {
            int lo = Math.max(first, b * framesPerBlock);
            int hi = Math.min(first + count, (b + 1) * framesPerBlock);
            float[] piece = data.readFloats(new long[] {lo, 0, 0}, new int[] {hi - lo, h, w});
            System.arraycopy(piece, 0, out, (lo - first) * frameSize, piece.length);
        }
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(decoders - 1, r -> {
                Thread t = new Thread(r, "xpcs-frame-decoder");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    @Override
    public Path file() {
        return data.file();
    }

    @Override
    public String describe() {
        return data.file().getFileName() + ":" + data.path();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (pool != null) {
                pool.shutdown(); // not shutdownNow: a read still in flight must see its pieces finish
                pool = null;
            }
        }
        if (owner != null) {
            try {
                owner.close();
            } catch (Exception e) {
                // read-only file: nothing to lose
            }
        }
    }
}
