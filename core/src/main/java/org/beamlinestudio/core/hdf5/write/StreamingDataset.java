package org.beamlinestudio.core.hdf5.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.beamlinestudio.core.data.ElementType;

/**
 * A dataset of a {@link StreamingHdf5Writer} whose shape is fixed at creation and whose values are
 * written hyperslab by hyperslab, in any order, straight to the file.
 *
 * <p>{@code data} is always row-major (C order) over {@code count}. Writes to different datasets,
 * or to disjoint regions of one contiguous dataset, may come from different threads.
 */
public final class StreamingDataset {
    /** Contiguous writes are encoded through a buffer of at most this many bytes. */
    private static final int IO_BUFFER_BYTES = 4 << 20;

    private final StreamingHdf5Writer writer;
    private final String path;
    private final ElementType type;
    private final long[] shape;
    private final long[] strides;
    private final Layout layout;
    private final long byteSize;
    /** Contiguous: the block's address (allocated at creation). */
    private final long address;
    /** Chunked: the chunk store. */
    private final ChunkStore chunks;

    StreamingDataset(StreamingHdf5Writer writer, String path, ElementType type, long[] shape, Layout layout) {
        this.writer = writer;
        this.path = path;
        this.type = type;
        this.shape = shape.clone();
        this.layout = layout;
        this.strides = new long[shape.length];
        long s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s = Math.multiplyExact(s, shape[d]);
        }
        this.byteSize = Math.multiplyExact(s, (long) type.bytes());
        if (layout.isChunked()) {
            this.address = ByteSink.UNDEFINED_ADDRESS;
            this.chunks = new ChunkStore(writer, path, type, this.shape, layout);
        } else {
            this.address = writer.allocate(byteSize, byteSize >= (1 << 20) ? 4096 : 8);
            this.chunks = null;
        }
    }

    /** Absolute path of this dataset in the file. */
    public String path() {
        return path;
    }

    public ElementType elementType() {
        return type;
    }

    public long[] shape() {
        return shape.clone();
    }

    public Layout layout() {
        return layout;
    }

    /** Sets (or replaces) an attribute of this dataset. */
    public StreamingDataset setAttribute(String name, AttributeValue value) {
        writer.setAttribute(path, name, value);
        return this;
    }

    /** Writes a hyperslab from float values (converted to the dataset type; integers are rounded and range-checked). */
    public void write(long[] offset, int[] count, float[] data) throws IOException {
        write(offset, count, ElementSource.of(data, type));
    }

    /** Writes a hyperslab from double values (converted to the dataset type). */
    public void write(long[] offset, int[] count, double[] data) throws IOException {
        write(offset, count, ElementSource.of(data, type));
    }

    /** Writes a hyperslab from int values (any numeric dataset; integer targets range-checked). */
    public void write(long[] offset, int[] count, int[] data) throws IOException {
        write(offset, count, ElementSource.of(data, type));
    }

    /** Writes raw 16-bit values into an INT16 / UINT16 dataset (UINT16: the bits of Java's signed short). */
    public void write(long[] offset, int[] count, short[] data) throws IOException {
        write(offset, count, ElementSource.of(data, type));
    }

    /** Writes raw 8-bit values into an INT8 / UINT8 dataset. */
    public void write(long[] offset, int[] count, byte[] data) throws IOException {
        write(offset, count, ElementSource.of(data, type));
    }

    /** Writes raw 64-bit values into an INT64 / UINT64 dataset. */
    public void write(long[] offset, int[] count, long[] data) throws IOException {
        write(offset, count, ElementSource.of(data, type));
    }

    private void write(long[] offset, int[] count, ElementSource src) throws IOException {
        checkSlab(offset, count, src.length);
        writer.checkWritable();
        try {
            if (chunks != null) {
                chunks.write(offset, count, src);
            } else {
                writeContiguous(offset, count, src);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException) {
                writer.markFailed(e);
            }
            throw e;
        }
    }

    void checkSlab(long[] offset, int[] count, int dataLength) {
        if (offset == null || count == null || offset.length != shape.length || count.length != shape.length) {
            throw new IllegalArgumentException(String.format(
                    "%s: offset %s and count %s must both have rank %d (shape %s)", path,
                    Arrays.toString(offset), Arrays.toString(count), shape.length, Arrays.toString(shape)));
        }
        long n = 1;
        for (int d = 0; d < shape.length; d++) {
            if (offset[d] < 0 || count[d] < 0 || offset[d] + count[d] > shape[d]) {
                throw new IndexOutOfBoundsException(String.format(
                        "%s: hyperslab offset %s count %s lies outside the dataset shape %s (dimension %d)",
                        path, Arrays.toString(offset), Arrays.toString(count), Arrays.toString(shape), d));
            }
            n *= count[d];
        }
        if (n != dataLength) {
            throw new IllegalArgumentException(String.format(
                    "%s: hyperslab count %s holds %d elements but the data array has %d",
                    path, Arrays.toString(count), n, dataLength));
        }
    }

    private void writeContiguous(long[] offset, int[] count, ElementSource src) throws IOException {
        int rank = shape.length;
        if (src.length == 0) {
            return;
        }
        // Merge trailing dimensions that the slab covers completely: each run is then one file extent.
        int k = rank - 1;
        long run = count[rank - 1];
        while (k > 0 && count[k] == shape[k]) {
            k--;
            run *= count[k];
        }
        int esize = type.bytes();
        int bufElems = (int) Math.min(run, Math.max(1, IO_BUFFER_BYTES / esize));
        ByteBuffer buf = ByteBuffer.allocate(bufElems * esize).order(ByteOrder.LITTLE_ENDIAN);
        long[] idx = new long[k];
        int srcPos = 0;
        while (true) {
            long element = offset[k] * strides[k];
            for (int d = 0; d < k; d++) {
                element += (offset[d] + idx[d]) * strides[d];
            }
            long filePos = address + element * esize;
            int left = (int) run;
            while (left > 0) {
                int n = Math.min(left, bufElems);
                buf.clear();
                src.put(srcPos, n, buf);
                buf.flip();
                writer.writeFully(buf, filePos);
                filePos += (long) n * esize;
                srcPos += n;
                left -= n;
            }
            int d = k - 1;
            while (d >= 0 && ++idx[d] == count[d]) {
                idx[d] = 0;
                d--;
            }
            if (d < 0) {
                break;
            }
        }
    }

    // ---------------------------------------------------------------- used at commit

    long address() {
        return address;
    }

    long byteSize() {
        return byteSize;
    }

    ChunkStore chunks() {
        return chunks;
    }
}
