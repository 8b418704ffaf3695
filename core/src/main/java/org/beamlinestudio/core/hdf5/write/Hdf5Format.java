package org.beamlinestudio.core.hdf5.write;

import java.util.ArrayList;
import java.util.List;

import org.beamlinestudio.core.data.ElementType;

/**
 * Encoders for the HDF5 structures this writer emits (File Format Specification 3.0): superblock
 * version 0, version-1 object headers, symbol-table groups (v1 B-tree type 0 + local heap + symbol
 * table nodes), version-1 chunk B-trees (type 1), global heap collections for variable-length strings.
 * Offsets and lengths are 8 bytes; everything is little-endian.
 */
final class Hdf5Format {
    private Hdf5Format() {
    }

    static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    static final int SUPERBLOCK_SIZE = 96;

    /** Group leaf node K: a symbol table node holds 2K entries. */
    static final int GROUP_LEAF_K = 4;
    /** Group internal node K: a group B-tree node has up to 2K children. */
    static final int GROUP_INTERNAL_K = 16;
    /** Indexed storage internal node K; superblock v0 cannot store it, so it is the library default. */
    static final int CHUNK_K = 32;

    static final int SYMBOL_TABLE_ENTRY_SIZE = 40;
    static final int SNOD_SIZE = 8 + 2 * GROUP_LEAF_K * SYMBOL_TABLE_ENTRY_SIZE;

    // Object header message types
    static final int MSG_DATASPACE = 0x0001;
    static final int MSG_DATATYPE = 0x0003;
    static final int MSG_FILL_VALUE = 0x0005;
    static final int MSG_LAYOUT = 0x0008;
    static final int MSG_FILTER_PIPELINE = 0x000B;
    static final int MSG_ATTRIBUTE = 0x000C;
    static final int MSG_SYMBOL_TABLE = 0x0011;

    static final int FILTER_DEFLATE = 1;
    static final int FILTER_SHUFFLE = 2;

    // ---------------------------------------------------------------- datatypes

    static byte[] numericType(ElementType t) {
        ByteSink b = new ByteSink(24);
        switch (t) {
            case FLOAT32:
            case FLOAT64: {
                boolean dbl = t == ElementType.FLOAT64;
                b.u8(0x10 | 1);                 // version 1, class 1 floating point
                b.u8(0x20);                     // little-endian, no padding, mantissa normalisation 2 (implied msb)
                b.u8(dbl ? 63 : 31);            // sign bit location
                b.u8(0);
                b.u32(t.bytes());
                b.u16(0);                       // bit offset
                b.u16(dbl ? 64 : 32);           // bit precision
                b.u8(dbl ? 52 : 23);            // exponent location
                b.u8(dbl ? 11 : 8);             // exponent size
                b.u8(0);                        // mantissa location
                b.u8(dbl ? 52 : 23);            // mantissa size
                b.u32(dbl ? 1023 : 127);        // exponent bias
                break;
            }
            case INT8: case UINT8: case INT16: case UINT16: case INT32: case UINT32: case INT64: case UINT64: {
                boolean signed = t == ElementType.INT8 || t == ElementType.INT16
                        || t == ElementType.INT32 || t == ElementType.INT64;
                b.u8(0x10);                     // version 1, class 0 fixed point
                b.u8(signed ? 0x08 : 0x00);     // little-endian, zero padding, signedness
                b.u8(0).u8(0);
                b.u32(t.bytes());
                b.u16(0);
                b.u16(t.bytes() * 8);
                break;
            }
            default:
                throw new IllegalArgumentException("element type " + t + " cannot be written as a dataset");
        }
        return b.toArray();
    }

    static byte[] fixedStringType(int size, StringEncoding enc) {
        ByteSink b = new ByteSink(8);
        b.u8(0x10 | 3);                                   // version 1, class 3 string
        b.u8(0x01 | (enc == StringEncoding.UTF8 ? 0x10 : 0)); // null-pad; charset
        b.u8(0).u8(0);
        b.u32(size);
        return b.toArray();
    }

    static byte[] vlenStringType(StringEncoding enc) {
        ByteSink b = new ByteSink(24);
        b.u8(0x10 | 9);                                   // version 1, class 9 variable-length
        b.u8(0x01);                                       // type 1 = string, padding 0 = null-terminate
        b.u8(enc == StringEncoding.UTF8 ? 0x01 : 0x00);   // charset
        b.u8(0);
        b.u32(4 + 8 + 4);                                 // length + global heap id
        // base type: unsigned 8-bit integer
        b.u8(0x10).u8(0).u8(0).u8(0).u32(1).u16(0).u16(8);
        return b.toArray();
    }

    // ---------------------------------------------------------------- dataspace

    /** Dataspace message version 1; rank 0 means scalar. */
    static byte[] dataspace(long[] dims) {
        ByteSink b = new ByteSink(8 + 8 * dims.length);
        b.u8(1).u8(dims.length).u8(0).u8(0).u32(0);
        for (long d : dims) {
            b.u64(d);
        }
        return b.toArray();
    }

    // ---------------------------------------------------------------- dataset messages

    static byte[] fillValue(int elementSize, boolean chunked) {
        ByteSink b = new ByteSink(16);
        b.u8(2);                        // version 2
        b.u8(chunked ? 3 : 1);          // allocation time: incremental / early
        b.u8(2);                        // write time: if set
        b.u8(1);                        // defined
        b.u32(elementSize);
        b.zeros(elementSize);           // fill value 0
        return b.toArray();
    }

    static byte[] contiguousLayout(long address, long size) {
        ByteSink b = new ByteSink(24);
        b.u8(3).u8(1).u64(address).u64(size);
        return b.toArray();
    }

    static byte[] chunkedLayout(long btreeAddress, int[] chunk, int elementSize) {
        ByteSink b = new ByteSink(16 + 4 * chunk.length);
        b.u8(3).u8(2).u8(chunk.length + 1).u64(btreeAddress);
        for (int c : chunk) {
            b.u32(c);
        }
        b.u32(elementSize);
        return b.toArray();
    }

    static byte[] filterPipeline(boolean shuffle, int elementSize, int deflateLevel) {
        ByteSink b = new ByteSink(64);
        int n = (shuffle ? 1 : 0) + (deflateLevel >= 0 ? 1 : 0);
        b.u8(1).u8(n).zeros(6);
        if (shuffle) {
            filter(b, FILTER_SHUFFLE, "shuffle", elementSize);
        }
        if (deflateLevel >= 0) {
            filter(b, FILTER_DEFLATE, "deflate", deflateLevel);
        }
        return b.toArray();
    }

    private static void filter(ByteSink b, int id, String name, int clientValue) {
        int nameLen = ByteSink.align8(name.length() + 1);
        b.u16(id).u16(nameLen).u16(0).u16(1);
        b.ascii(name).zeros(nameLen - name.length());
        b.u32(clientValue).u32(0);      // one client value, padded to an even count
    }

    static byte[] symbolTableMessage(long btreeAddress, long heapAddress) {
        return new ByteSink(16).u64(btreeAddress).u64(heapAddress).toArray();
    }

    // ---------------------------------------------------------------- attributes

    /** Encodes an attribute message (version 1); vlen string values need their global heap ids. */
    static byte[] attributeMessage(String name, AttributeValue v, GlobalHeapWriter.HeapId[] heapIds) {
        byte[] nameBytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[][] typeAndData = typeAndData(v, heapIds);
        byte[] type = typeAndData[0];
        byte[] raw = typeAndData[1];
        byte[] space = valueDataspace(v);
        ByteSink b = new ByteSink(32 + nameBytes.length + type.length + raw.length);
        b.u8(1).u8(0).u16(nameBytes.length + 1).u16(type.length).u16(space.length);
        b.bytes(nameBytes).u8(0).padTo(8);
        b.bytes(type).padTo(8);
        b.bytes(space).padTo(8);
        b.bytes(raw);
        return b.toArray();
    }

    /** The dataspace of a value: scalar, or 1-D of its length. */
    static byte[] valueDataspace(AttributeValue v) {
        return dataspace(v.isScalar() ? new long[0] : new long[] {v.length()});
    }

    /** Fill value message (version 2) with no fill value defined, space allocated early (compact datasets). */
    static byte[] undefinedFillValue() {
        ByteSink b = new ByteSink(4);
        b.u8(2).u8(1).u8(1).u8(0);      // version 2, allocation early, write never, undefined
        return b.toArray();
    }

    /** Layout message version 3, compact: the raw data inside the object header. */
    static byte[] compactLayout(byte[] raw) {
        ByteSink b = new ByteSink(4 + raw.length);
        b.u8(3).u8(0).u16(raw.length).bytes(raw);
        return b.toArray();
    }

    /** A value's datatype message body and its raw data (heap ids for variable-length strings). */
    static byte[][] typeAndData(AttributeValue v, GlobalHeapWriter.HeapId[] heapIds) {
        int n = v.length();
        byte[] type;
        ByteSink data = new ByteSink(64);
        switch (v.kind()) {
            case INT32:
                type = numericType(ElementType.INT32);
                for (int x : v.ints()) {
                    data.u32(x & 0xFFFF_FFFFL);
                }
                break;
            case INT64:
                type = numericType(ElementType.INT64);
                for (long x : v.longs()) {
                    data.u64(x);
                }
                break;
            case FLOAT32:
                type = numericType(ElementType.FLOAT32);
                for (float x : v.floats()) {
                    data.u32(Float.floatToRawIntBits(x) & 0xFFFF_FFFFL);
                }
                break;
            case FLOAT64:
                type = numericType(ElementType.FLOAT64);
                for (double x : v.doubles()) {
                    data.u64(Double.doubleToRawLongBits(x));
                }
                break;
            case FIXED_STRING: {
                byte[][] enc = v.encodedStrings();
                int size = 1;
                for (byte[] e : enc) {
                    size = Math.max(size, e.length);
                }
                type = fixedStringType(size, v.encoding());
                for (byte[] e : enc) {
                    data.bytes(e).zeros(size - e.length);
                }
                break;
            }
            case VLEN_STRING: {
                type = vlenStringType(v.encoding());
                byte[][] enc = v.encodedStrings();
                for (int i = 0; i < n; i++) {
                    data.u32(enc[i].length).u64(heapIds[i].collectionAddress).u32(heapIds[i].index);
                }
                break;
            }
            default:
                throw new IllegalStateException(v.kind().toString());
        }
        return new byte[][] {type, data.toArray()};
    }

    // ---------------------------------------------------------------- object header

    /** One header message: type, flags and body. */
    static final class Message {
        final int type;
        final int flags;
        final byte[] body;

        Message(int type, int flags, byte[] body) {
            this.type = type;
            this.flags = flags;
            this.body = body;
        }
    }

    /** Version-1 object header: 16-byte prefix, then messages each padded to 8 bytes. */
    static byte[] objectHeaderV1(List<Message> messages) {
        ByteSink b = new ByteSink(256);
        b.u8(1).u8(0).u16(messages.size()).u32(1).u32(0).u32(0);
        for (Message m : messages) {
            int len = ByteSink.align8(m.body.length);
            if (len > 0xFFFF) {
                throw new IllegalArgumentException("header message of type " + m.type + " is " + len
                        + " bytes; version-1 messages hold at most 65535");
            }
            b.u16(m.type).u16(len).u8(m.flags).zeros(3);
            b.bytes(m.body).padTo(8);
        }
        b.putU32At(8, b.size() - 16);
        return b.toArray();
    }

    // ---------------------------------------------------------------- groups

    /** Local heap holding link names; returns header + data segment (data directly after the 32-byte header). */
    static byte[] localHeap(long address, byte[] dataSegment) {
        ByteSink b = new ByteSink(32 + dataSegment.length);
        b.ascii("HEAP").u8(0).zeros(3);
        b.u64(dataSegment.length);
        b.u64(1);                       // no free block (the library's "free list end" marker)
        b.u64(address + 32);
        b.bytes(dataSegment);
        return b.toArray();
    }

    static void symbolTableEntry(ByteSink b, long nameOffset, long headerAddress, long btree, long heap) {
        b.u64(nameOffset).u64(headerAddress);
        if (btree != 0) {
            b.u32(1).u32(0).u64(btree).u64(heap);       // cached symbol-table info for groups
        } else {
            b.u32(0).u32(0).zeros(16);
        }
    }

    // ---------------------------------------------------------------- v1 B-trees

    /** A child of a B-tree node together with its left and right key. */
    static final class BTreeChild {
        final long address;
        final byte[] leftKey;
        final byte[] rightKey;

        BTreeChild(long address, byte[] leftKey, byte[] rightKey) {
            this.address = address;
            this.leftKey = leftKey;
            this.rightKey = rightKey;
        }
    }

    /** Result of laying out a B-tree: bytes to write at the start address and the root's address. */
    static final class BTreeImage {
        final byte[] bytes;
        final long rootAddress;

        BTreeImage(byte[] bytes, long rootAddress) {
            this.bytes = bytes;
            this.rootAddress = rootAddress;
        }
    }

    static int btreeNodeSize(int k, int keySize) {
        return 24 + 2 * k * 8 + (2 * k + 1) * keySize;
    }

    /**
     * Builds a complete v1 B-tree bottom-up over sorted leaf children, packing 2K children per node;
     * nodes are written consecutively from {@code start}, each padded to the full node size the
     * reader expects.
     */
    static BTreeImage buildBTree(int nodeType, int k, int keySize, List<BTreeChild> leaves, long start) {
        int nodeSize = btreeNodeSize(k, keySize);
        ByteSink out = new ByteSink(nodeSize * 2);
        List<BTreeChild> level = leaves;
        int depth = 0;
        long root;
        while (true) {
            int nodes = Math.max(1, (level.size() + 2 * k - 1) / (2 * k));
            long levelStart = start + out.size();
            List<BTreeChild> parents = new ArrayList<>(nodes);
            for (int i = 0; i < nodes; i++) {
                int from = i * 2 * k;
                int to = Math.min(level.size(), from + 2 * k);
                long addr = levelStart + (long) i * nodeSize;
                int before = out.size();
                out.ascii("TREE").u8(nodeType).u8(depth).u16(to - from);
                out.u64(i == 0 ? ByteSink.UNDEFINED_ADDRESS : addr - nodeSize);
                out.u64(i == nodes - 1 ? ByteSink.UNDEFINED_ADDRESS : addr + nodeSize);
                for (int c = from; c < to; c++) {
                    out.bytes(level.get(c).leftKey);
                    out.u64(level.get(c).address);
                }
                if (to > from) {
                    out.bytes(level.get(to - 1).rightKey);
                }
                out.zeros(nodeSize - (out.size() - before));
                if (to > from) {
                    parents.add(new BTreeChild(addr, level.get(from).leftKey, level.get(to - 1).rightKey));
                } else {
                    parents.add(new BTreeChild(addr, null, null));
                }
            }
            if (nodes == 1) {
                root = levelStart;
                break;
            }
            level = parents;
            depth++;
        }
        return new BTreeImage(out.toArray(), root);
    }

    // ---------------------------------------------------------------- superblock

    static byte[] superblockV0(long eof, long rootHeader, long rootBtree, long rootHeap) {
        ByteSink b = new ByteSink(SUPERBLOCK_SIZE);
        b.bytes(SIGNATURE);
        b.u8(0).u8(0).u8(0).u8(0);      // superblock, free-space, root symbol table, reserved
        b.u8(0).u8(8).u8(8).u8(0);      // shared header version, sizeof offsets, sizeof lengths, reserved
        b.u16(GROUP_LEAF_K).u16(GROUP_INTERNAL_K);
        b.u32(0);                       // file consistency flags
        b.u64(0);                       // base address
        b.u64(ByteSink.UNDEFINED_ADDRESS); // free-space info
        b.u64(eof);
        b.u64(ByteSink.UNDEFINED_ADDRESS); // driver info
        symbolTableEntry(b, 0, rootHeader, rootBtree, rootHeap);
        if (b.size() != SUPERBLOCK_SIZE) {
            throw new IllegalStateException("superblock size " + b.size());
        }
        return b.toArray();
    }
}
