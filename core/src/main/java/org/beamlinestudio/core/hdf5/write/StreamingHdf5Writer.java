package org.beamlinestudio.core.hdf5.write;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.beamlinestudio.core.data.ElementType;

/**
 * Writes a new HDF5 file whose datasets are declared with their full shape and then filled slab by
 * slab, in any order, with memory bounded by the slab rather than the dataset.
 *
 * <p>Everything goes to a hidden sibling {@code .<name>.partial}; {@link #commit()} writes the
 * metadata (superblock v0, v1 object headers, symbol-table groups, v1 chunk B-trees), forces the
 * file to disk and renames it atomically to the target. {@link #close()} without a successful commit
 * deletes the temporary file, so a reader never finds a half-written file under the final name.
 *
 * <p>Structure and attributes may be declared at any time before commit; writes to datasets may come
 * from several threads, but must all have returned before {@link #commit()} is called. Interrupting a
 * thread inside a write closes the underlying channel (NIO semantics), which aborts the whole file.
 *
 * <p>Raw data is placed from the start of the file onwards as it is allocated (contiguous datasets
 * when created, compressed chunks when complete); all metadata is appended at commit, after the data,
 * and the superblock at offset 0 is written last.
 */
public final class StreamingHdf5Writer implements Closeable {

    private static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /** A group or dataset in the tree being built. */
    private static final class Node {
        final String name;
        final String path;
        final TreeMap<String, Node> children;   // null for datasets
        final StreamingDataset dataset;          // null for groups and value datasets
        final AttributeValue value;              // the data of a small (compact) value dataset, else null
        final LinkedHashMap<String, AttributeValue> attributes = new LinkedHashMap<>();
        long headerAddress;
        long btreeAddress;
        long heapAddress;

        Node(String name, String path, StreamingDataset dataset) {
            this.name = name;
            this.path = path;
            this.dataset = dataset;
            this.value = null;
            this.children = dataset == null ? new TreeMap<>(UTF8_ORDER) : null;
        }

        /** A value dataset: a scalar or short 1-D array held in memory and written inside its header. */
        Node(String name, String path, AttributeValue value) {
            this.name = name;
            this.path = path;
            this.dataset = null;
            this.value = value;
            this.children = null;
        }

        boolean isGroup() {
            return children != null;
        }
    }

    private final Path target;
    private final Path temp;
    private final boolean replace;
    private final FileChannel channel;
    private final FileLock lock;
    private final Node root = new Node("", "/", (StreamingDataset) null);
    private final List<ChunkStore> chunkStores = new ArrayList<>();
    /** Default for {@link #setChunkBufferLimit}. */
    public static final long DEFAULT_CHUNK_BUFFER_LIMIT = 512L << 20;

    private final java.util.concurrent.atomic.AtomicLong buffered = new java.util.concurrent.atomic.AtomicLong();
    private volatile long chunkBufferLimit = DEFAULT_CHUNK_BUFFER_LIMIT;
    private final Path spillPath;
    private FileChannel spill;
    private long spillAllocated;

    /** Guards {@link #allocated} alone, so chunk stores never wait on the writer's own lock. */
    private final Object allocationLock = new Object();
    private long allocated = Hdf5Format.SUPERBLOCK_SIZE;
    private volatile boolean committed;
    private volatile boolean closed;
    private volatile Exception failure;

    private StreamingHdf5Writer(Path target, boolean replace) throws IOException {
        this.target = target.toAbsolutePath();
        this.replace = replace;
        Path name = this.target.getFileName();
        this.temp = this.target.resolveSibling("." + name + ".partial");
        this.spillPath = this.target.resolveSibling("." + name + ".spill");
        if (!replace && Files.exists(this.target)) {
            throw new FileAlreadyExistsException(this.target.toString(), null,
                    "refusing to overwrite an existing file; use createOrReplace");
        }
        FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ch.close();
            throw new IOException("another writer is producing " + this.target + " (its temporary file "
                    + temp + " is locked)");
        }
        // A stale .partial from a crashed run is not locked: start it afresh.
        ch.truncate(0);
        this.channel = ch;
        this.lock = l;
    }

    /** Starts writing a new file; fails if {@code target} already exists. */
    public static StreamingHdf5Writer create(Path target) throws IOException {
        return new StreamingHdf5Writer(target, false);
    }

    /** Starts writing a file that atomically replaces {@code target} (if present) at commit. */
    public static StreamingHdf5Writer createOrReplace(Path target) throws IOException {
        return new StreamingHdf5Writer(target, true);
    }

    /** The final file name, valid after {@link #commit()}. */
    public Path target() {
        return target;
    }

    /** The hidden sibling file that receives the data until commit. */
    public Path temporaryFile() {
        return temp;
    }

    // ---------------------------------------------------------------- structure

    /** Creates the group at an absolute path and any missing parents; existing groups are kept. */
    public synchronized void createGroup(String path) {
        checkOpen();
        Node n = root;
        for (String part : split(path)) {
            Node c = n.children.get(part);
            if (c == null) {
                c = new Node(part, join(n.path, part), (StreamingDataset) null);
                n.children.put(part, c);
            } else if (!c.isGroup()) {
                throw new IllegalArgumentException("cannot create group " + path + ": " + c.path + " is a dataset");
            }
            n = c;
        }
    }

    /**
     * Declares a dataset of fixed {@code shape} (parent groups are created). Contiguous datasets get
     * their file space now; chunked ones as chunks complete.
     */
    public synchronized StreamingDataset createDataset(String path, ElementType type, long[] shape, Layout layout) {
        checkOpen();
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(layout, "layout");
        if (!type.isNumeric()) {
            throw new IllegalArgumentException(path + ": element type " + type + " cannot be written");
        }
        if (shape == null || shape.length == 0 || shape.length > 32) {
            throw new IllegalArgumentException(path + ": shape must have rank 1..32, got "
                    + (shape == null ? "null" : Arrays.toString(shape)));
        }
        for (long d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException(path + ": every dimension must be >= 1, got " + Arrays.toString(shape));
            }
        }
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a dataset needs a name, got path '" + path + "'");
        }
        String name = parts.remove(parts.size() - 1);
        Node parent = root;
        for (String part : parts) {
            Node c = parent.children.get(part);
            if (c != null && !c.isGroup()) {
                throw new IllegalArgumentException("cannot create dataset " + path + ": " + c.path + " is a dataset");
            }
            parent = c;
            if (c == null) {
                break;
            }
        }
        Node existing = parent == null ? null : parent.children.get(name);
        if (existing != null) {
            throw new IllegalArgumentException("cannot create dataset " + path + ": a "
                    + (existing.isGroup() ? "group" : "dataset") + " of that name already exists");
        }
        String parentPath = parts.isEmpty() ? "/" : "/" + String.join("/", parts);
        String full = join(parentPath, name);
        StreamingDataset ds;
        try {
            // validates the layout (and allocates contiguous space) before any group is created
            ds = new StreamingDataset(this, full, type, shape, layout);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(full + ": shape " + Arrays.toString(shape) + " is too large", e);
        }
        createGroup(parentPath);
        parent = lookup(parentPath);
        parent.children.put(name, new Node(name, full, ds));
        if (ds.chunks() != null) {
            chunkStores.add(ds.chunks());
        }
        return ds;
    }

    /** The handle of a dataset created earlier with {@link #createDataset}. */
    public synchronized StreamingDataset dataset(String path) {
        Node n = lookup(path);
        if (n == null || n.isGroup() || n.dataset == null) {
            throw new IllegalArgumentException("no streamed dataset at " + path);
        }
        return n.dataset;
    }

    /**
     * Writes a small dataset holding {@code value} whole: a scalar (number or string) or a short 1-D array, as
     * {@link AttributeValue} describes it (parent groups are created). Stored compact, inside the dataset's object
     * header, so its raw data must stay under 64 KiB (variable-length strings take 16 bytes each: their text goes
     * to the global heap). For example {@code /xpcs/qmap/beam_center_x} or a raw-data path.
     */
    public synchronized void createValueDataset(String path, AttributeValue value) {
        checkOpen();
        Objects.requireNonNull(value, "value");
        int rawBytes = Hdf5Format.typeAndData(value, value.kind() == AttributeValue.Kind.VLEN_STRING
                ? dummyHeapIds(value.length()) : null)[1].length;
        if (rawBytes > 0xFF00) {
            throw new IllegalArgumentException(path + ": a value dataset holds at most 65280 bytes inside its header, "
                    + "this one needs " + rawBytes + "; use createDataset for large data");
        }
        List<String> parts = split(path);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a dataset needs a name, got path '" + path + "'");
        }
        String name = parts.remove(parts.size() - 1);
        String parentPath = parts.isEmpty() ? "/" : "/" + String.join("/", parts);
        Node existing = lookup(join(parentPath, name));
        if (existing != null) {
            throw new IllegalArgumentException("cannot create dataset " + path + ": a "
                    + (existing.isGroup() ? "group" : "dataset") + " of that name already exists");
        }
        createGroup(parentPath);
        Node parent = lookup(parentPath);
        String full = join(parentPath, name);
        parent.children.put(name, new Node(name, full, value));
    }

    /** Writes a scalar float64 dataset. */
    public void createScalarDataset(String path, double value) {
        createValueDataset(path, AttributeValue.float64(value));
    }

    /** Writes a scalar int64 dataset. */
    public void createScalarDataset(String path, long value) {
        createValueDataset(path, AttributeValue.int64(value));
    }

    /** Writes a scalar variable-length UTF-8 string dataset. */
    public void createStringDataset(String path, String value) {
        createValueDataset(path, AttributeValue.string(value));
    }

    private static GlobalHeapWriter.HeapId[] dummyHeapIds(int n) {
        GlobalHeapWriter.HeapId[] ids = new GlobalHeapWriter.HeapId[n];
        GlobalHeapWriter g = new GlobalHeapWriter();
        for (int i = 0; i < n; i++) {
            ids[i] = g.add(new byte[0]);
        }
        return ids;
    }

    /** Sets (or replaces) an attribute on the group or dataset at {@code objectPath}. */
    public synchronized void setAttribute(String objectPath, String name, AttributeValue value) {
        checkOpen();
        Objects.requireNonNull(value, "value");
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("attribute name must be non-empty without NUL characters: " + name);
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 0xFFFE) {
            throw new IllegalArgumentException("attribute name longer than 65534 bytes on " + objectPath);
        }
        Node n = lookup(objectPath);
        if (n == null) {
            throw new IllegalArgumentException("cannot set attribute '" + name + "': no group or dataset at " + objectPath);
        }
        n.attributes.put(name, value);
    }

    /** Sets a variable-length UTF-8 string attribute. */
    public void setAttribute(String objectPath, String name, String value) {
        setAttribute(objectPath, name, AttributeValue.string(value));
    }

    /** Sets a scalar int32 attribute. */
    public void setAttribute(String objectPath, String name, int value) {
        setAttribute(objectPath, name, AttributeValue.int32(value));
    }

    /** Sets a scalar int64 attribute. */
    public void setAttribute(String objectPath, String name, long value) {
        setAttribute(objectPath, name, AttributeValue.int64(value));
    }

    /** Sets a scalar float64 attribute. */
    public void setAttribute(String objectPath, String name, double value) {
        setAttribute(objectPath, name, AttributeValue.float64(value));
    }

    /** Bytes currently held in memory by incomplete chunks across all chunked datasets. */
    public long bufferedBytes() {
        return buffered.get();
    }

    /**
     * Caps the memory held by incomplete chunks (default {@value #DEFAULT_CHUNK_BUFFER_LIMIT} bytes).
     * Beyond it the least recently touched incomplete chunks of the dataset being written are spilled,
     * uncompressed, to a hidden sibling {@code .<name>.spill} file (sparse, deleted at commit/close)
     * and read back when touched again. Slabs aligned with chunks never reach it.
     */
    public void setChunkBufferLimit(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("chunk buffer limit must be >= 0, got " + bytes);
        }
        chunkBufferLimit = bytes;
    }

    /** Incomplete chunks currently spilled to disk (see {@link #setChunkBufferLimit}). */
    public int spilledChunks() {
        List<ChunkStore> stores;
        synchronized (this) {
            stores = new ArrayList<>(chunkStores);
        }
        int n = 0;
        for (ChunkStore s : stores) {
            n += s.spilledChunks();
        }
        return n;
    }

    long chunkBufferLimit() {
        return chunkBufferLimit;
    }

    long bufferedTotal() {
        return buffered.get();
    }

    void addBuffered(long delta) {
        buffered.addAndGet(delta);
    }

    /** Reserves a region of the spill file (created on first use). */
    long reserveSpill(long size) throws IOException {
        synchronized (allocationLock) {
            if (spill == null) {
                spill = FileChannel.open(spillPath, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.SPARSE);
            }
            long base = spillAllocated;
            spillAllocated = ByteSink.align(base + size, 4096);
            return base;
        }
    }

    void writeSpill(ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += spill.write(buf, pos);
        }
    }

    void readSpill(ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = spill.read(buf, pos);
            if (n < 0) {
                throw new IOException("spill file " + spillPath + " ended early at " + pos);
            }
            pos += n;
        }
    }

    private void closeSpill() throws IOException {
        synchronized (allocationLock) {
            try {
                if (spill != null) {
                    spill.close();
                }
            } finally {
                spill = null;
                Files.deleteIfExists(spillPath);
            }
        }
    }

    private Node lookup(String path) {
        Node n = root;
        for (String part : split(path)) {
            if (n.children == null) {
                return null;
            }
            n = n.children.get(part);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    private static List<String> split(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("paths must be absolute (start with '/'), got '" + path + "'");
        }
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals(".") || p.equals("..") || p.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid path component '" + p + "' in " + path);
            }
            parts.add(p);
        }
        return parts;
    }

    private static String join(String parent, String name) {
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }

    // ---------------------------------------------------------------- raw I/O (used by datasets)

    /** Reserves {@code size} bytes of file space aligned to {@code align}; returns the address. */
    long allocate(long size, long align) {
        synchronized (allocationLock) {
            long addr = ByteSink.align(allocated, align);
            allocated = addr + size;
            return addr;
        }
    }

    void writeFully(ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
    }

    void checkWritable() {
        checkOpen();
    }

    void markFailed(Exception e) {
        if (failure == null) {
            failure = e;
        }
    }

    private void checkOpen() {
        if (committed) {
            throw new IllegalStateException(target + " is already committed");
        }
        if (closed) {
            throw new IllegalStateException("writer for " + target + " is closed");
        }
    }

    // ---------------------------------------------------------------- commit / close

    /**
     * Flushes incomplete chunks (missing values are 0), writes all metadata, forces the file to disk
     * and renames it atomically to the target. After a failure the writer must be closed, which
     * deletes the temporary file.
     */
    public synchronized void commit() throws IOException {
        checkOpen();
        if (failure != null) {
            throw new IllegalStateException("cannot commit " + target + ": an earlier write failed", failure);
        }
        try {
            for (ChunkStore s : chunkStores) {
                s.flushAll();
            }
            closeSpill();
            MetadataWriter meta = new MetadataWriter(allocate(0, 8));
            meta.writeAll();
            channel.force(true);
            if (!replace && Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString(), null, "appeared while writing; not overwritten");
            }
            lock.release();
            channel.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + temp + " atomically to " + target, e);
            }
            committed = true;
            syncDirectory(target.getParent());
        } catch (IOException | RuntimeException e) {
            markFailed(e);
            throw e;
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename durable on Linux; other platforms may refuse to open a directory.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    /** Releases the file; without a successful {@link #commit()} the temporary file is deleted. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        for (ChunkStore s : chunkStores) {
            s.release();
        }
        try {
            closeSpill();
        } catch (IOException ignored) {
            // the spill file is scratch; failing to delete it must not hide the main outcome
        }
        if (!committed) {
            try {
                if (channel.isOpen()) {
                    try {
                        lock.release();
                    } catch (IOException ignored) {
                        // closing the channel releases it anyway
                    }
                    channel.close();
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    // ---------------------------------------------------------------- metadata layout

    /** Appends metadata after the raw data, children before parents, then writes the superblock. */
    private final class MetadataWriter {
        private long cursor;
        private final Map<AttributeValue, GlobalHeapWriter.HeapId[]> heapIds = new IdentityHashMap<>();

        MetadataWriter(long start) {
            this.cursor = start;
        }

        void writeAll() throws IOException {
            GlobalHeapWriter gheap = new GlobalHeapWriter();
            collectStrings(root, gheap);
            if (!gheap.isEmpty()) {
                put(gheap.layout(cursor));
            }
            writeNode(root);
            long eof = cursor;
            // The superblock's end-of-file address must not lie beyond the physical end.
            if (channel.size() < eof) {
                writeFully(ByteBuffer.wrap(new byte[(int) (eof - channel.size())]), channel.size());
            }
            byte[] sb = Hdf5Format.superblockV0(eof, root.headerAddress, root.btreeAddress, root.heapAddress);
            writeFully(ByteBuffer.wrap(sb), 0);
        }

        private void collectStrings(Node n, GlobalHeapWriter gheap) {
            List<AttributeValue> values = new ArrayList<>(n.attributes.values());
            if (n.value != null) {
                values.add(n.value);
            }
            for (AttributeValue v : values) {
                if (v.kind() == AttributeValue.Kind.VLEN_STRING && !heapIds.containsKey(v)) {
                    byte[][] enc = v.encodedStrings();
                    GlobalHeapWriter.HeapId[] ids = new GlobalHeapWriter.HeapId[enc.length];
                    for (int i = 0; i < enc.length; i++) {
                        ids[i] = gheap.add(enc[i]);
                    }
                    heapIds.put(v, ids);
                }
            }
            if (n.isGroup()) {
                for (Node c : n.children.values()) {
                    collectStrings(c, gheap);
                }
            }
        }

        private long put(byte[] bytes) throws IOException {
            long addr = cursor;
            writeFully(ByteBuffer.wrap(bytes), addr);
            cursor = ByteSink.align(addr + bytes.length, 8);
            return addr;
        }

        private void writeNode(Node n) throws IOException {
            List<Hdf5Format.Message> msgs = new ArrayList<>();
            if (n.isGroup()) {
                for (Node c : n.children.values()) {
                    writeNode(c);
                }
                writeGroupStructures(n);
                msgs.add(new Hdf5Format.Message(Hdf5Format.MSG_SYMBOL_TABLE, 0,
                        Hdf5Format.symbolTableMessage(n.btreeAddress, n.heapAddress)));
            } else if (n.value != null) {
                byte[][] typeAndData = Hdf5Format.typeAndData(n.value, heapIds.get(n.value));
                msgs.add(new Hdf5Format.Message(Hdf5Format.MSG_DATASPACE, 0, Hdf5Format.valueDataspace(n.value)));
                msgs.add(new Hdf5Format.Message(Hdf5Format.MSG_DATATYPE, 1, typeAndData[0]));
                msgs.add(new Hdf5Format.Message(Hdf5Format.MSG_FILL_VALUE, 1, Hdf5Format.undefinedFillValue()));
                msgs.add(new Hdf5Format.Message(Hdf5Format.MSG_LAYOUT, 0, Hdf5Format.compactLayout(typeAndData[1])));
            } else {
                datasetMessages(n.dataset, msgs);
            }
            for (Map.Entry<String, AttributeValue> a : n.attributes.entrySet()) {
                byte[] body = Hdf5Format.attributeMessage(a.getKey(), a.getValue(), heapIds.get(a.getValue()));
                if (body.length > 0xFFF0) {
                    throw new IllegalArgumentException(String.format(
                            "attribute '%s' of %s needs %d bytes in the object header, more than the 64 KiB a message holds;"
                                    + " store long text as a variable-length string (AttributeValue.string)",
                            a.getKey(), n.path, body.length));
                }
                msgs.add(new Hdf5Format.Message(Hdf5Format.MSG_ATTRIBUTE, 0, body));
            }
            n.headerAddress = put(Hdf5Format.objectHeaderV1(msgs));
        }

        private void datasetMessages(StreamingDataset ds, List<Hdf5Format.Message> msgs) throws IOException {
            int esize = ds.elementType().bytes();
            msgs.add(new Hdf5Format.Message(Hdf5Format.MSG_DATASPACE, 0, Hdf5Format.dataspace(ds.shape())));
            msgs.add(new Hdf5Format.Message(Hdf5Format.MSG_DATATYPE, 1, Hdf5Format.numericType(ds.elementType())));
            ChunkStore cs = ds.chunks();
            msgs.add(new Hdf5Format.Message(Hdf5Format.MSG_FILL_VALUE, 1, Hdf5Format.fillValue(esize, cs != null)));
            if (cs == null) {
                msgs.add(new Hdf5Format.Message(Hdf5Format.MSG_LAYOUT, 0,
                        Hdf5Format.contiguousLayout(ds.address(), ds.byteSize())));
                return;
            }
            if (cs.shuffle() || cs.deflateLevel() >= 0) {
                msgs.add(new Hdf5Format.Message(Hdf5Format.MSG_FILTER_PIPELINE, 0,
                        Hdf5Format.filterPipeline(cs.shuffle(), esize, cs.deflateLevel())));
            }
            long btree = writeChunkIndex(cs, ds.shape().length);
            msgs.add(new Hdf5Format.Message(Hdf5Format.MSG_LAYOUT, 0,
                    Hdf5Format.chunkedLayout(btree, cs.chunkShape(), esize)));
        }

        private long writeChunkIndex(ChunkStore cs, int rank) throws IOException {
            List<ChunkStore.StoredChunk> chunks = cs.storedSorted();
            if (chunks.isEmpty()) {
                return ByteSink.UNDEFINED_ADDRESS;  // nothing allocated, as the HDF5 library leaves it
            }
            int[] chunk = cs.chunkShape();
            int keySize = 8 + 8 * (rank + 1);
            List<Hdf5Format.BTreeChild> leaves = new ArrayList<>(chunks.size());
            for (int i = 0; i < chunks.size(); i++) {
                ChunkStore.StoredChunk c = chunks.get(i);
                byte[] left = chunkKey(c.size, c.offset);
                byte[] right;
                if (i + 1 < chunks.size()) {
                    right = chunkKey(chunks.get(i + 1).size, chunks.get(i + 1).offset);
                } else {
                    long[] beyond = new long[rank];
                    for (int d = 0; d < rank; d++) {
                        beyond[d] = c.offset[d] + chunk[d];
                    }
                    right = chunkKey(0, beyond);
                }
                leaves.add(new Hdf5Format.BTreeChild(c.address, left, right));
            }
            Hdf5Format.BTreeImage img = Hdf5Format.buildBTree(1, Hdf5Format.CHUNK_K, keySize, leaves, cursor);
            put(img.bytes);
            return img.rootAddress;
        }

        private byte[] chunkKey(int size, long[] offset) {
            ByteSink k = new ByteSink(8 + 8 * (offset.length + 1));
            k.u32(size).u32(0);
            for (long o : offset) {
                k.u64(o);
            }
            k.u64(0);
            return k.toArray();
        }

        private void writeGroupStructures(Node g) throws IOException {
            List<Node> kids = new ArrayList<>(g.children.values());
            // Local heap: offset 0 holds the empty string, then each name NUL-terminated and 8-aligned.
            ByteSink names = new ByteSink(64);
            names.zeros(8);
            long[] offsets = new long[kids.size()];
            for (int i = 0; i < kids.size(); i++) {
                offsets[i] = names.size();
                names.bytes(kids.get(i).name.getBytes(StandardCharsets.UTF_8)).u8(0).padTo(8);
            }
            g.heapAddress = cursor;
            put(Hdf5Format.localHeap(cursor, names.toArray()));

            int perNode = 2 * Hdf5Format.GROUP_LEAF_K;
            List<Hdf5Format.BTreeChild> leaves = new ArrayList<>();
            long prevLast = 0;
            for (int from = 0; from < kids.size(); from += perNode) {
                int to = Math.min(kids.size(), from + perNode);
                ByteSink snod = new ByteSink(Hdf5Format.SNOD_SIZE);
                snod.ascii("SNOD").u8(1).u8(0).u16(to - from);
                for (int i = from; i < to; i++) {
                    Node c = kids.get(i);
                    Hdf5Format.symbolTableEntry(snod, offsets[i], c.headerAddress,
                            c.isGroup() ? c.btreeAddress : 0, c.isGroup() ? c.heapAddress : 0);
                }
                snod.zeros(Hdf5Format.SNOD_SIZE - snod.size());
                long addr = put(snod.toArray());
                long last = offsets[to - 1];
                leaves.add(new Hdf5Format.BTreeChild(addr, key8(prevLast), key8(last)));
                prevLast = last;
            }
            Hdf5Format.BTreeImage img = Hdf5Format.buildBTree(0, Hdf5Format.GROUP_INTERNAL_K, 8, leaves, cursor);
            put(img.bytes);
            g.btreeAddress = img.rootAddress;
        }

        private byte[] key8(long v) {
            return new ByteSink(8).u64(v).toArray();
        }
    }
}
