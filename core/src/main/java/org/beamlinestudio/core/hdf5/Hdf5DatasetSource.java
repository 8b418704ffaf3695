package org.beamlinestudio.core.hdf5;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.exceptions.HdfException;
import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.object.message.DataLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.beamlinestudio.core.data.BlockReader;
import org.beamlinestudio.core.data.BlockedLazyDataset;
import org.beamlinestudio.core.data.CRuns;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;

/**
 * Turns one jhdf dataset into a {@link BlockedLazyDataset}: chunked datasets are read chunk by chunk
 * on the stored chunk grid (small chunks grouped), contiguous ones as slabs of whole rows read with
 * one positional read each, compact ones from their (small) header buffer.
 */
final class Hdf5DatasetSource {
    /** Chunks whose float32 size is below this are grouped into one cache block. */
    static final long MIN_BLOCK_BYTES = 256 * 1024;
    /** Target float32 size of a synthetic slab of a contiguous dataset. */
    static final long SLAB_BYTES = 2 * 1024 * 1024;

    private final Path file;
    private final String path;
    private final Dataset ds;
    private final long[] shape;
    private final ElementType type;
    private final ByteOrder order;
    private final float fill;
    private final Optional<String> problem;
    private final String filterText;

    Hdf5DatasetSource(Path file, Dataset ds, H5DatasetInfo info) {
        this.file = file;
        this.path = ds.getPath();
        this.ds = ds;
        this.shape = info.shape().clone();
        this.type = info.elementType();
        this.order = Hdf5Types.byteOrder(ds.getDataType());
        this.fill = fillValue(ds);
        this.problem = info.problem();
        this.filterText = info.filters().isEmpty() ? "" : " " + info.filters();
    }

    private static float fillValue(Dataset ds) {
        try {
            Object f = ds.getFillValue();
            if (f instanceof Number n) {
                return n.floatValue();
            }
        } catch (RuntimeException e) {
            // no usable fill value: HDF5's default is zero
        }
        return 0f;
    }

    BlockedLazyDataset lazy() throws DataFileException {
        DataLayout layout = ds.getDataLayout();
        if (ds instanceof ChunkedDataset c) {
            int[] chunk = c.getChunkDimensions();
            int[] block = groupChunks(shape, chunk);
            long[] chunkL = Arrays.stream(chunk).asLongStream().toArray();
            return new BlockedLazyDataset(file, path, shape, type, chunkL, block, chunkedReader(c, chunk));
        }
        if (ds instanceof ContiguousDataset c && layout == DataLayout.CONTIGUOUS) {
            return new BlockedLazyDataset(file, path, shape, type, null, slabs(shape, SLAB_BYTES / 4),
                    contiguousReader(c));
        }
        // Compact (a few kB at most in the object header): decode once from the header buffer.
        int[] whole = new int[shape.length];
        for (int a = 0; a < shape.length; a++) {
            whole[a] = (int) Math.max(1, shape[a]);
        }
        return new BlockedLazyDataset(file, path, shape, type, null, whole, (origin, bshape) -> {
            ByteBuffer raw = rawWholeBuffer();
            return convertBox(raw, clip(shape), origin, bshape);
        });
    }

    private ByteBuffer rawWholeBuffer() throws DataFileException {
        try {
            if (ds instanceof DatasetBase b) {
                return b.getDataBuffer().duplicate().order(order);
            }
            throw new DataFileException(file, path, "a dataset of layout " + ds.getDataLayout() + " that jhdf exposes no buffer for",
                    "a contiguous, chunked or compact dataset");
        } catch (HdfException e) {
            throw readError(e, "the data");
        }
    }

    private static int[] clip(long[] shape) {
        int[] s = new int[shape.length];
        for (int a = 0; a < shape.length; a++) {
            s[a] = (int) shape[a];
        }
        return s;
    }

    /** Chunk grid, or several chunks per block where chunks are tiny (grown fastest axis first). */
    static int[] groupChunks(long[] shape, int[] chunk) {
        int[] block = chunk.clone();
        long bytes = 4L;
        for (int c : chunk) {
            bytes *= c;
        }
        for (int a = chunk.length - 1; a >= 0 && bytes < MIN_BLOCK_BYTES; a--) {
            long maxMult = Math.max(1, (shape[a] + chunk[a] - 1) / chunk[a]);
            long want = (MIN_BLOCK_BYTES + bytes - 1) / bytes;
            long mult = Math.min(maxMult, want);
            block[a] = (int) Math.min(Integer.MAX_VALUE, chunk[a] * mult);
            bytes *= mult;
        }
        return block;
    }

    /**
     * Slabs of whole rows: the fastest axes are kept whole while the slab stays within
     * {@code targetElements}; the first axis that does not fit is cut, the slower ones are 1. Each
     * slab is therefore one contiguous byte range of a contiguous dataset.
     */
    static int[] slabs(long[] shape, long targetElements) {
        int rank = shape.length;
        int[] block = new int[rank];
        Arrays.fill(block, 1);
        long elems = 1;
        int a = rank - 1;
        for (; a >= 0; a--) {
            long s = Math.max(1, shape[a]);
            if (elems * s <= targetElements) {
                block[a] = (int) s;
                elems *= s;
            } else {
                block[a] = (int) Math.max(1, Math.min(s, targetElements / elems));
                break;
            }
        }
        return block;
    }

    private BlockReader chunkedReader(ChunkedDataset c, int[] chunk) {
        int rank = shape.length;
        int chunkBytes = type.bytes();
        for (int d : chunk) {
            chunkBytes *= d;
        }
        final int fullChunkBytes = chunkBytes;
        return (origin, bshape) -> {
            int n = 1;
            for (int s : bshape) {
                n *= s;
            }
            float[] out = new float[n];
            // chunks inside this block
            long[] first = new long[rank];
            long[] count = new long[rank];
            for (int a = 0; a < rank; a++) {
                first[a] = origin[a] / chunk[a];
                count[a] = (bshape[a] + chunk[a] - 1) / chunk[a];
            }
            long[] k = new long[rank];
            int[] chunkOffset = new int[rank];
            int[] box = new int[rank];
            int[] zero = new int[rank];
            int[] dstOrigin = new int[rank];
            while (true) {
                for (int a = 0; a < rank; a++) {
                    long start = (first[a] + k[a]) * chunk[a];
                    chunkOffset[a] = (int) start;
                    box[a] = (int) Math.min(chunk[a], shape[a] - start);
                    dstOrigin[a] = (int) (start - origin[a]);
                }
                byte[] bytes = decompressedChunk(c, chunkOffset);
                if (bytes == null) {
                    CRuns.forEach(box, chunk, zero, bshape, dstOrigin, (s, d, len) -> Arrays.fill(out, d, d + len, fill));
                } else {
                    if (bytes.length < fullChunkBytes) {
                        throw new DataFileException(file, path, "chunk at " + Arrays.toString(chunkOffset) + " decoded to "
                                + bytes.length + " bytes", fullChunkBytes + " bytes (chunk " + Arrays.toString(chunk)
                                + " of " + type.numpyName() + ")");
                    }
                    ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
                    CRuns.forEach(box, chunk, zero, bshape, dstOrigin, (s, d, len) -> convert(b, s, out, d, len));
                }
                int a = rank - 1;
                while (a >= 0) {
                    if (++k[a] < count[a]) {
                        break;
                    }
                    k[a] = 0;
                    a--;
                }
                if (a < 0) {
                    return out;
                }
            }
        };
    }

    /** The decoded bytes of one stored chunk, or null where the chunk was never written (fill value). */
    private byte[] decompressedChunk(ChunkedDataset c, int[] chunkOffset) throws DataFileException {
        if (problem.isPresent()) {
            throw new DataFileException(file, path, problem.get(), "a dataset stored with a filter this program decodes");
        }
        try {
            return c.getDecompressedChunk(chunkOffset);
        } catch (HdfFilterException e) {
            String which = Hdf5Filters.unsupported(TreeReader.filterInfos(ds)).orElse("filters" + filterText);
            throw new DataFileException(file, path, "cannot decode chunk at " + Arrays.toString(chunkOffset) + ": "
                    + which + " (jhdf: " + e.getMessage() + ")", "a filter this program decodes", e);
        } catch (HdfException e) {
            String m = String.valueOf(e.getMessage());
            if (m.startsWith("No chunk with offset")) {
                return null;
            }
            throw readError(e, "chunk at " + Arrays.toString(chunkOffset));
        } catch (RuntimeException e) {
            throw readError(e, "chunk at " + Arrays.toString(chunkOffset));
        }
    }

    private BlockReader contiguousReader(ContiguousDataset c) {
        int es = type.bytes();
        return (origin, bshape) -> {
            int n = 1;
            for (int s : bshape) {
                n *= s;
            }
            float[] out = new float[n];
            if (ds.isEmpty()) {
                Arrays.fill(out, fill); // storage never allocated: all fill value
                return out;
            }
            long start = 0;
            for (int a = 0; a < shape.length; a++) {
                start = start * shape[a] + origin[a];
            }
            ByteBuffer b;
            try {
                b = ds.getHdfFile().getHdfBackingStorage().readBufferFromAddress(c.getDataAddress() + start * es, n * es);
            } catch (RuntimeException e) {
                throw readError(e, "slab at " + Arrays.toString(origin));
            }
            if (b.remaining() < n * es) {
                throw new DataFileException(file, path, "only " + b.remaining() + " bytes at slab " + Arrays.toString(origin),
                        n * es + " bytes (the file may be truncated)");
            }
            b.order(order);
            convert(b.slice().order(order), 0, out, 0, n);
            return out;
        };
    }

    private float[] convertBox(ByteBuffer raw, int[] whole, long[] origin, int[] bshape) {
        int n = 1;
        for (int s : bshape) {
            n *= s;
        }
        float[] out = new float[n];
        int[] o = new int[origin.length];
        for (int a = 0; a < o.length; a++) {
            o[a] = (int) origin[a];
        }
        CRuns.forEach(bshape, whole, o, bshape, new int[bshape.length], (s, d, len) -> convert(raw, s, out, d, len));
        return out;
    }

    private DataFileException readError(RuntimeException e, String what) {
        return new DataFileException(file, path, "cannot read " + what + ": " + e.getClass().getSimpleName() + ": "
                + e.getMessage(), "a complete, undamaged file", e);
    }

    /** Converts {@code n} elements starting at element {@code src} of {@code b} to float32. */
    void convert(ByteBuffer b, int src, float[] dst, int d, int n) {
        switch (type) {
            case INT8:
                for (int i = 0; i < n; i++) {
                    dst[d + i] = b.get(src + i);
                }
                break;
            case UINT8:
                for (int i = 0; i < n; i++) {
                    dst[d + i] = b.get(src + i) & 0xff;
                }
                break;
            case INT16:
                for (int i = 0; i < n; i++) {
                    dst[d + i] = b.getShort((src + i) << 1);
                }
                break;
            case UINT16:
                for (int i = 0; i < n; i++) {
                    dst[d + i] = b.getShort((src + i) << 1) & 0xffff;
                }
                break;
            case INT32:
                for (int i = 0; i < n; i++) {
                    dst[d + i] = b.getInt((src + i) << 2);
                }
                break;
            case UINT32:
                for (int i = 0; i < n; i++) {
                    dst[d + i] = b.getInt((src + i) << 2) & 0xffffffffL;
                }
                break;
            case INT64:
                for (int i = 0; i < n; i++) {
                    dst[d + i] = b.getLong((src + i) << 3);
                }
                break;
            case UINT64:
                for (int i = 0; i < n; i++) {
                    dst[d + i] = unsignedToFloat(b.getLong((src + i) << 3));
                }
                break;
            case FLOAT32:
                b.asFloatBuffer().get(src, dst, d, n);
                break;
            case FLOAT64:
                for (int i = 0; i < n; i++) {
                    dst[d + i] = (float) b.getDouble((src + i) << 3);
                }
                break;
            default:
                throw new IllegalStateException("not numeric: " + type);
        }
    }

    static float unsignedToFloat(long v) {
        if (v >= 0) {
            return v;
        }
        // halve (keeping the rounding bit), convert, double: exact to float precision
        return ((float) ((v >>> 1) | (v & 1))) * 2f;
    }
}
