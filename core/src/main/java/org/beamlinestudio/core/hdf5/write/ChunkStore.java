package org.beamlinestudio.core.hdf5.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

import org.beamlinestudio.core.data.ElementType;

/**
 * Chunk buffering for a chunked dataset. A chunk is buffered from its first touched element until
 * every element of it that lies inside the dataset has been written; it is then filtered (shuffle,
 * deflate), appended to the file and dropped from memory. Memory is therefore bounded by the
 * chunks that writes have started but not finished: chunk bytes + 1 bit per element each.
 *
 * <p>When the writer's buffer limit is exceeded, the least recently touched incomplete chunks are
 * spilled, uncompressed, to the writer's spill file (one fixed, sparse slot per chunk) and read back
 * when touched again, so memory stays at the limit plus one chunk whatever the write order.
 */
final class ChunkStore {

    /** A stored chunk: its offset in elements, file address and stored size. */
    static final class StoredChunk {
        final long[] offset;
        final long address;
        final int size;

        StoredChunk(long[] offset, long address, int size) {
            this.offset = offset;
            this.address = address;
            this.size = size;
        }
    }

    private static final class Pending {
        final byte[] bytes;
        final BitSet written;
        long count;

        Pending(int elements, int esize) {
            bytes = new byte[elements * esize];
            written = new BitSet(elements);
        }
    }

    private final StreamingHdf5Writer writer;
    private final String path;
    private final ElementType type;
    private final long[] shape;
    private final int[] chunk;
    private final long[] grid;          // chunks per dimension
    private final int chunkElements;
    private final boolean shuffle;
    private final int deflateLevel;
    /** In-memory incomplete chunks, least recently touched first. */
    private final LinkedHashMap<Long, Pending> pending = new LinkedHashMap<>(16, 0.75f, true);
    /** Incomplete chunks evicted to the spill file. */
    private final BitSet spilled = new BitSet();
    private final int bitsetBytes;
    private final long slotSize;
    private long spillBase = -1;
    private final BitSet done = new BitSet();
    private final List<StoredChunk> stored = new ArrayList<>();
    private Deflater deflater;
    private byte[] scratch;

    ChunkStore(StreamingHdf5Writer writer, String path, ElementType type, long[] shape, Layout layout) {
        this.writer = writer;
        this.path = path;
        this.type = type;
        this.shape = shape;
        this.chunk = layout.chunkShape();
        if (chunk.length != shape.length) {
            throw new IllegalArgumentException(String.format("%s: chunk shape %s has rank %d but the dataset shape %s has rank %d",
                    path, Arrays.toString(chunk), chunk.length, Arrays.toString(shape), shape.length));
        }
        long elems = 1;
        grid = new long[shape.length];
        long totalChunks = 1;
        for (int d = 0; d < shape.length; d++) {
            if (chunk[d] > shape[d]) {
                throw new IllegalArgumentException(String.format("%s: chunk shape %s exceeds the dataset shape %s in dimension %d",
                        path, Arrays.toString(chunk), Arrays.toString(shape), d));
            }
            elems *= chunk[d];
            grid[d] = (shape[d] + chunk[d] - 1) / chunk[d];
            totalChunks = Math.multiplyExact(totalChunks, grid[d]);
        }
        if (elems * type.bytes() + elems / 8 > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException(String.format("%s: chunk shape %s is %d bytes; chunks must stay below 2 GiB",
                    path, Arrays.toString(chunk), elems * type.bytes()));
        }
        if (totalChunks > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(path + ": more than 2^31 chunks; choose larger chunks");
        }
        this.chunkElements = (int) elems;
        this.bitsetBytes = (chunkElements + 7) / 8;
        this.slotSize = ByteSink.align((long) chunkElements * type.bytes() + bitsetBytes + 8, 4096);
        this.shuffle = layout.hasShuffle();
        this.deflateLevel = layout.deflateLevel();
    }

    int[] chunkShape() {
        return chunk.clone();
    }

    boolean shuffle() {
        return shuffle;
    }

    int deflateLevel() {
        return deflateLevel;
    }

    synchronized long bufferedBytes() {
        return (long) pending.size() * chunkBytes();
    }

    /** Incomplete chunks currently spilled to disk. */
    synchronized int spilledChunks() {
        return spilled.cardinality();
    }

    private long chunkBytes() {
        return (long) chunkElements * type.bytes();
    }

    synchronized void write(long[] offset, int[] count, ElementSource src) throws IOException {
        int rank = shape.length;
        if (src.length == 0) {
            return;
        }
        long[] c0 = new long[rank];
        long[] c1 = new long[rank];
        for (int d = 0; d < rank; d++) {
            c0[d] = offset[d] / chunk[d];
            c1[d] = (offset[d] + count[d] - 1) / chunk[d];
        }
        // Refuse before touching anything if the slab reaches into a chunk already on disk.
        long[] ci = c0.clone();
        do {
            long lin = linear(ci);
            if (done.get((int) lin)) {
                throw new IllegalStateException(String.format(
                        "%s: hyperslab offset %s count %s overlaps chunk %s, which is complete and already compressed to disk",
                        path, Arrays.toString(offset), Arrays.toString(count), Arrays.toString(chunkOffset(ci))));
            }
        } while (next(ci, c0, c1));

        long[] slabStrides = new long[rank];
        long s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            slabStrides[d] = s;
            s *= count[d];
        }
        int esize = type.bytes();
        ci = c0.clone();
        long[] lo = new long[rank];
        long[] hi = new long[rank];
        long[] idx = new long[rank];
        do {
            long lin = linear(ci);
            Pending p = pending.get(lin);
            if (p == null) {
                p = spilled.get((int) lin) ? unspill(lin) : new Pending(chunkElements, esize);
                pending.put(lin, p);
                writer.addBuffered(chunkBytes());
            }
            ByteBuffer dst = ByteBuffer.wrap(p.bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int d = 0; d < rank; d++) {
                long cs = ci[d] * chunk[d];
                lo[d] = Math.max(offset[d], cs);
                hi[d] = Math.min(offset[d] + count[d], cs + chunk[d]);
            }
            int rowLen = (int) (hi[rank - 1] - lo[rank - 1]);
            System.arraycopy(lo, 0, idx, 0, rank);
            while (true) {
                int srcPos = 0;
                int dstPos = 0;
                int cstride = 1;
                for (int d = rank - 1; d >= 0; d--) {
                    srcPos += (int) ((idx[d] - offset[d]) * slabStrides[d]);
                    dstPos += (int) (idx[d] - ci[d] * chunk[d]) * cstride;
                    cstride *= chunk[d];
                }
                dst.position(dstPos * esize);
                src.put(srcPos, rowLen, dst);
                int setBefore = countSet(p.written, dstPos, dstPos + rowLen);
                p.written.set(dstPos, dstPos + rowLen);
                p.count += rowLen - setBefore;
                int d = rank - 2;
                while (d >= 0 && ++idx[d] == hi[d]) {
                    idx[d] = lo[d];
                    d--;
                }
                if (d < 0) {
                    break;
                }
            }
            if (p.count == elementsInside(ci)) {
                pending.remove(lin);
                writer.addBuffered(-chunkBytes());
                store(ci, p.bytes);
                done.set((int) lin);
            }
            evictBeyondLimit();
        } while (next(ci, c0, c1));
    }

    private void evictBeyondLimit() throws IOException {
        while (writer.bufferedTotal() > writer.chunkBufferLimit() && !pending.isEmpty()) {
            Map.Entry<Long, Pending> eldest = pending.entrySet().iterator().next();
            long lin = eldest.getKey();
            Pending p = eldest.getValue();
            pending.remove(lin);
            writer.addBuffered(-chunkBytes());
            if (spillBase < 0) {
                spillBase = writer.reserveSpill(Math.multiplyExact(slotSize, gridSize()));
            }
            ByteBuffer slot = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE, (long) p.bytes.length + bitsetBytes + 8))
                    .order(ByteOrder.LITTLE_ENDIAN);
            slot.putLong(p.count).put(p.bytes);
            byte[] bits = p.written.toByteArray();
            slot.put(bits).put(new byte[bitsetBytes - bits.length]);
            slot.flip();
            writer.writeSpill(slot, spillBase + lin * slotSize);
            spilled.set((int) lin);
        }
    }

    private Pending unspill(long lin) throws IOException {
        ByteBuffer slot = ByteBuffer.allocate((int) ((long) chunkElements * type.bytes() + bitsetBytes + 8))
                .order(ByteOrder.LITTLE_ENDIAN);
        writer.readSpill(slot, spillBase + lin * slotSize);
        slot.flip();
        Pending p = new Pending(chunkElements, type.bytes());
        p.count = slot.getLong();
        slot.get(p.bytes);
        byte[] bits = new byte[bitsetBytes];
        slot.get(bits);
        p.written.or(BitSet.valueOf(bits));
        spilled.clear((int) lin);
        return p;
    }

    private long gridSize() {
        long n = 1;
        for (long g : grid) {
            n *= g;
        }
        return n;
    }

    private static int countSet(BitSet bits, int from, int to) {
        int n = 0;
        for (int i = bits.nextSetBit(from); i >= 0 && i < to; i = bits.nextSetBit(i + 1)) {
            n++;
        }
        return n;
    }

    /** Writes every chunk still buffered (unwritten elements stay 0, the fill value). */
    synchronized void flushAll() throws IOException {
        List<Long> keys = new ArrayList<>(pending.keySet());
        keys.sort(null);
        for (Long lin : keys) {
            Pending p = pending.remove(lin);
            writer.addBuffered(-chunkBytes());
            store(unlinear(lin), p.bytes);
            done.set((int) (long) lin);
        }
        for (int lin = spilled.nextSetBit(0); lin >= 0; lin = spilled.nextSetBit(lin + 1)) {
            Pending p = unspill(lin);
            store(unlinear(lin), p.bytes);
            done.set(lin);
        }
    }

    /** Stored chunks in the lexicographic order of their offsets (the B-tree's key order). */
    synchronized List<StoredChunk> storedSorted() {
        List<StoredChunk> out = new ArrayList<>(stored);
        out.sort((a, b) -> Arrays.compare(a.offset, b.offset));
        return out;
    }

    private void store(long[] ci, byte[] raw) throws IOException {
        byte[] data = raw;
        int esize = type.bytes();
        if (shuffle && esize > 1) {
            if (scratch == null) {
                scratch = new byte[raw.length];
            }
            int n = raw.length / esize;
            for (int i = 0; i < n; i++) {
                for (int b = 0; b < esize; b++) {
                    scratch[b * n + i] = raw[i * esize + b];
                }
            }
            data = scratch;
        }
        int length = data.length;
        if (deflateLevel >= 0) {
            if (deflater == null) {
                deflater = new Deflater(deflateLevel);
            }
            deflater.reset();
            deflater.setInput(data, 0, data.length);
            deflater.finish();
            byte[] out = new byte[data.length + data.length / 1000 + 64];
            int len = 0;
            while (!deflater.finished()) {
                if (len == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                len += deflater.deflate(out, len, out.length - len);
            }
            data = out;
            length = len;
        }
        long addr = writer.allocate(length, 8);
        writer.writeFully(ByteBuffer.wrap(data, 0, length), addr);
        stored.add(new StoredChunk(chunkOffset(ci), addr, length));
    }

    synchronized void release() {
        writer.addBuffered(-bufferedBytes());
        pending.clear();
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
    }

    private long[] chunkOffset(long[] ci) {
        long[] o = new long[ci.length];
        for (int d = 0; d < ci.length; d++) {
            o[d] = ci[d] * chunk[d];
        }
        return o;
    }

    private long elementsInside(long[] ci) {
        long n = 1;
        for (int d = 0; d < ci.length; d++) {
            n *= Math.min(chunk[d], shape[d] - ci[d] * chunk[d]);
        }
        return n;
    }

    private long linear(long[] ci) {
        long lin = 0;
        for (int d = 0; d < ci.length; d++) {
            lin = lin * grid[d] + ci[d];
        }
        return lin;
    }

    private long[] unlinear(long lin) {
        long[] ci = new long[grid.length];
        for (int d = grid.length - 1; d >= 0; d--) {
            ci[d] = lin % grid[d];
            lin /= grid[d];
        }
        return ci;
    }

    private static boolean next(long[] ci, long[] c0, long[] c1) {
        int d = ci.length - 1;
        while (d >= 0 && ++ci[d] > c1[d]) {
            ci[d] = c0[d];
            d--;
        }
        return d >= 0;
    }
}
