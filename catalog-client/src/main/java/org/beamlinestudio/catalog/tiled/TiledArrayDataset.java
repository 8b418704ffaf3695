package org.beamlinestudio.catalog.tiled;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.beamlinestudio.catalog.CatalogException;
import org.beamlinestudio.core.data.BlockReader;
import org.beamlinestudio.core.data.BlockedLazyDataset;
import org.beamlinestudio.core.data.ChunkCache;
import org.beamlinestudio.core.data.DataFileException;

/**
 * A Tiled array node as a {@link org.beamlinestudio.core.data.LazyDataset}: reads go through core's shared
 * {@code ChunkCache}, one HTTP request per missing block, so a slice view fetches only the blocks it shows.
 *
 * <p>When the server's chunks form a regular grid of reasonable size, a block is one server chunk
 * ({@code /array/block?block=i,j,k}); otherwise (irregular or huge chunks, scalars) blocks are cut from a grid of
 * at most {@value #MAX_BLOCK_BYTES} bytes of float32 and read with {@code /array/full?slice=a:b,c:d,...}.
 *
 * <p>{@link #file()} is not a local file: it is {@code host:port[/prefix]} of the server, so error messages read
 * "server [node path]: ...". {@link #uri()} is the node's full address.
 */
public final class TiledArrayDataset extends BlockedLazyDataset {

    /** The largest block (decoded float32) read in one request: keeps one request and one cache entry modest. */
    public static final long MAX_BLOCK_BYTES = 32L << 20;

    private final TiledArrayStructure structure;
    private final boolean serverChunks;
    private final URI uri;
    private final ExecutorService fetchers;

    private TiledArrayDataset(Path server, String nodePath, TiledArrayStructure structure, int[] blockShape,
            boolean serverChunks, BlockReader reader, URI uri, ExecutorService fetchers) {
        super(server, nodePath, structure.shape(), structure.dataType().elementType(),
                structure.regularChunkShape().orElse(null), blockShape, reader);
        this.structure = structure;
        this.serverChunks = serverChunks;
        this.uri = uri;
        this.fetchers = fetchers;
    }

    /**
     * A lazy view of the array at {@code nodePath} (e.g. {@code raw/scan_17}) with the given structure.
     *
     * @throws CatalogException when the element type is not a plain number (strings, structured types)
     */
    static TiledArrayDataset open(TiledHttp http, String nodePath, TiledArrayStructure structure,
            ExecutorService fetchers) throws CatalogException {
        if (!structure.dataType().elementType().isNumeric()) {
            throw new CatalogException("The Tiled array '" + nodePath + "' on " + http.root() + " holds "
                    + structure.dataType().describe() + " (" + structure.dataType().numpy()
                    + "); only numeric arrays (u1..u8, i1..i8, f4, f8) can be viewed.");
        }
        int rank = structure.shape().length;
        long[] chunk = structure.regularChunkShape().orElse(null);
        boolean useServerChunks = rank > 0 && chunk != null && product(chunk) * 4 <= MAX_BLOCK_BYTES;
        int[] blockShape = useServerChunks ? toInt(chunk) : gridFor(structure.shape(), chunk);
        Path server = serverPath(http.root());
        String path = nodePath;
        TiledDataType type = structure.dataType();
        BlockReader reader = useServerChunks
                ? (origin, shape) -> readChunk(http, server, path, type, origin, shape, blockShape)
                : (origin, shape) -> readSlice(http, server, path, type, origin, shape);
        return new TiledArrayDataset(server, nodePath, structure, blockShape, useServerChunks, reader,
                http.uri("metadata", nodePath, List.of()), fetchers);
    }

    /**
     * Reads a hyperslab. When it spans several blocks that are not cached yet, they are requested in parallel
     * (on the catalog's fetch threads) before the slab is assembled: a distant server's latency is paid about once
     * per read, not once per block.
     */
    @Override
    public float[] readFloats(long[] offset, int[] count) throws DataFileException {
        if (fetchers != null) {
            prefetch(offset, count);
        }
        return super.readFloats(offset, count);
    }

    private void prefetch(long[] offset, int[] count) throws DataFileException {
        int rank = rank();
        if (rank == 0 || offset == null || count == null || offset.length != rank || count.length != rank) {
            return; // the plain read reports malformed requests
        }
        long[] shape = shape();
        int[] block = blockShape();
        long[] first = new long[rank];
        long[] last = new long[rank];
        long blocks = 1;
        for (int a = 0; a < rank; a++) {
            if (offset[a] < 0 || count[a] <= 0 || offset[a] + count[a] > shape[a]) {
                return;
            }
            first[a] = offset[a] / block[a];
            last[a] = (offset[a] + count[a] - 1) / block[a];
            blocks *= last[a] - first[a] + 1;
        }
        // One block needs no parallelism; more than the cache holds would evict blocks before they are assembled.
        if (blocks < 2 || blocks * 4 * product(block) > ChunkCache.budgetBytes() / 2) {
            return;
        }
        List<Future<?>> pending = new ArrayList<>();
        long[] g = first.clone();
        try {
            while (true) {
                long[] origin = new long[rank];
                int[] size = new int[rank];
                for (int a = 0; a < rank; a++) {
                    origin[a] = g[a] * block[a];
                    size[a] = (int) Math.min(block[a], shape[a] - origin[a]);
                }
                // Reading the block's own region puts it in the shared cache (a cache hit costs a copy only).
                pending.add(fetchers.submit(() -> TiledArrayDataset.super.readFloats(origin, size)));
                int a = rank - 1;
                while (a >= 0 && ++g[a] > last[a]) {
                    g[a] = first[a];
                    a--;
                }
                if (a < 0) {
                    break;
                }
            }
            for (Future<?> f : pending) {
                f.get();
            }
        } catch (RejectedExecutionException e) {
            // The catalog was closed: the plain read below reports it.
            pending.forEach(f -> f.cancel(true));
        } catch (ExecutionException e) {
            pending.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof DataFileException) {
                throw (DataFileException) e.getCause();
            }
            throw new DataFileException(file(), path(), "reading blocks failed: " + e.getCause(),
                    "blocks of " + Arrays.toString(block), e.getCause());
        } catch (InterruptedException e) {
            pending.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new DataFileException(file(), path(), "the read was interrupted", "", e);
        }
    }

    /** The structure the server described. */
    public TiledArrayStructure structure() {
        return structure;
    }

    /** Whether blocks are the server's chunks ({@code /array/block}) rather than slices ({@code /array/full}). */
    public boolean readsServerChunks() {
        return serverChunks;
    }

    /** The node's metadata address on the server. */
    public URI uri() {
        return uri;
    }

    private static float[] readChunk(TiledHttp http, Path server, String path, TiledDataType type, long[] origin,
            int[] shape, int[] blockShape) throws DataFileException {
        StringBuilder index = new StringBuilder();
        for (int a = 0; a < origin.length; a++) {
            if (a > 0) {
                index.append(',');
            }
            index.append(origin[a] / blockShape[a]);
        }
        StringBuilder expected = new StringBuilder();
        for (int a = 0; a < shape.length; a++) {
            expected.append(a == 0 ? "" : ",").append(shape[a]);
        }
        List<Map.Entry<String, String>> query = new ArrayList<>();
        query.add(Map.entry("block", index.toString()));
        // The server checks the block's shape, so a changed chunking is an error, never misplaced values.
        query.add(Map.entry("expected_shape", expected.toString()));
        return fetch(http, server, path, type, "array/block", query, shape, "block " + index);
    }

    private static float[] readSlice(TiledHttp http, Path server, String path, TiledDataType type, long[] origin,
            int[] shape) throws DataFileException {
        List<Map.Entry<String, String>> query = new ArrayList<>();
        if (origin.length > 0) {
            StringBuilder slice = new StringBuilder();
            for (int a = 0; a < origin.length; a++) {
                if (a > 0) {
                    slice.append(',');
                }
                slice.append(origin[a]).append(':').append(origin[a] + shape[a]);
            }
            query.add(Map.entry("slice", slice.toString()));
        }
        return fetch(http, server, path, type, "array/full", query, shape,
                "slice " + (query.isEmpty() ? "(all)" : query.get(0).getValue()));
    }

    private static float[] fetch(TiledHttp http, Path server, String path, TiledDataType type, String route,
            List<Map.Entry<String, String>> query, int[] shape, String what) throws DataFileException {
        int n = (int) product(shape);
        byte[] bytes;
        try {
            bytes = http.getBytes(route, path, query);
        } catch (CatalogException e) {
            throw new DataFileException(server, path, "reading " + what + " failed: " + e.getMessage(),
                    Arrays.toString(shape) + " values of " + type.numpy(), e);
        }
        try {
            return type.decode(bytes, n);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(server, path, what + ": the server sent " + bytes.length + " bytes",
                    (long) n * type.itemsize() + " bytes (" + Arrays.toString(shape) + " of " + type.numpy() + ")",
                    e);
        }
    }

    /** A block grid for arrays read by slices: the chunk (or whole array) halved along the slowest axes to fit. */
    static int[] gridFor(long[] shape, long[] chunk) {
        int rank = shape.length;
        long[] block = new long[rank];
        for (int a = 0; a < rank; a++) {
            block[a] = Math.max(1, chunk != null ? Math.min(chunk[a], shape[a]) : shape[a]);
        }
        while (product(block) * 4 > MAX_BLOCK_BYTES) {
            int a = 0;
            while (a < rank && block[a] == 1) {
                a++;
            }
            if (a == rank) {
                break;
            }
            block[a] = (block[a] + 1) / 2;
        }
        return toInt(block);
    }

    static Path serverPath(URI root) {
        String host = root.getAuthority() == null ? root.toString() : root.getAuthority();
        String prefix = root.getPath() == null ? "" : root.getPath().replaceAll("/+$", "");
        return Path.of(host + prefix);
    }

    private static long product(long[] v) {
        long n = 1;
        for (long x : v) {
            n *= x;
        }
        return n;
    }

    private static long product(int[] v) {
        long n = 1;
        for (int x : v) {
            n *= x;
        }
        return n;
    }

    private static int[] toInt(long[] v) {
        int[] out = new int[v.length];
        for (int a = 0; a < v.length; a++) {
            out[a] = (int) Math.min(Integer.MAX_VALUE, v[a]);
        }
        return out;
    }

    @Override
    public String toString() {
        return "TiledArrayDataset[" + uri + " " + Arrays.toString(structure.shape()) + " "
                + structure.dataType().numpy() + (serverChunks ? ", server chunks " : ", slices ")
                + Arrays.toString(blockShape()) + "]";
    }
}
