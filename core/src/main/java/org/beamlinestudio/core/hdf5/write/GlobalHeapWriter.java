package org.beamlinestudio.core.hdf5.write;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs variable-length string payloads into global heap collections ("GCOL", version 1).
 * Objects are added first; {@link #layout} then fixes the collections' addresses and bytes.
 */
final class GlobalHeapWriter {
    /** The library reads a collection speculatively with this size, so none is smaller. */
    static final int MIN_COLLECTION_SIZE = 4096;
    /** Keeps each collection modest so readers that load a whole collection stay cheap. */
    static final int TARGET_COLLECTION_SIZE = 1 << 20;
    private static final int OBJECT_HEADER = 16;
    private static final int COLLECTION_HEADER = 16;

    /** Global heap id: collection address and object index (1-based). */
    static final class HeapId {
        long collectionAddress;
        final int index;
        final int collection;

        HeapId(int collection, int index) {
            this.collection = collection;
            this.index = index;
        }
    }

    private final List<List<byte[]>> collections = new ArrayList<>();
    private final List<Long> usedBytes = new ArrayList<>();
    private final List<HeapId> ids = new ArrayList<>();

    HeapId add(byte[] payload) {
        long need = OBJECT_HEADER + ByteSink.align8(payload.length);
        int c = collections.size() - 1;
        if (c < 0 || collections.get(c).size() >= 0xFFFF
                || (usedBytes.get(c) + need > TARGET_COLLECTION_SIZE && !collections.get(c).isEmpty())) {
            collections.add(new ArrayList<>());
            usedBytes.add((long) COLLECTION_HEADER);
            c++;
        }
        if (usedBytes.get(c) + need > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("string attribute too large: " + payload.length + " bytes");
        }
        collections.get(c).add(payload);
        usedBytes.set(c, usedBytes.get(c) + need);
        HeapId id = new HeapId(c, collections.get(c).size());
        ids.add(id);
        return id;
    }

    boolean isEmpty() {
        return collections.isEmpty();
    }

    /** Lays out all collections from {@code start} (8-byte aligned), fixing every id's address. */
    byte[] layout(long start) {
        ByteSink out = new ByteSink(MIN_COLLECTION_SIZE);
        long[] addresses = new long[collections.size()];
        for (int c = 0; c < collections.size(); c++) {
            addresses[c] = start + out.size();
            long used = usedBytes.get(c);
            long size = Math.max(MIN_COLLECTION_SIZE, used);
            long free = size - used;
            if (free > 0 && free < OBJECT_HEADER) {
                size += OBJECT_HEADER;
                free += OBJECT_HEADER;
            }
            int begin = out.size();
            out.ascii("GCOL").u8(1).zeros(3).u64(size);
            List<byte[]> objs = collections.get(c);
            for (int i = 0; i < objs.size(); i++) {
                byte[] p = objs.get(i);
                out.u16(i + 1).u16(1).u32(0).u64(p.length).bytes(p).padTo(8);
            }
            if (free > 0) {
                // free-space object (index 0); its size counts its own header
                out.u16(0).u16(0).u32(0).u64(free).zeros((int) free - OBJECT_HEADER);
            }
            if (out.size() - begin != size) {
                throw new IllegalStateException("global heap layout mismatch");
            }
        }
        for (HeapId id : ids) {
            id.collectionAddress = addresses[id.collection];
        }
        return out.toArray();
    }
}
