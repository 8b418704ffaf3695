package org.beamlinestudio.catalog.tiled;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.beamlinestudio.catalog.CatalogException;
import org.beamlinestudio.core.data.BlockReader;
import org.beamlinestudio.core.data.BlockedLazyDataset;
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

    private TiledArrayDataset(Path server, String nodePath, TiledArrayStructure structure, int[] blockShape,
            boolean serverChunks, BlockReader reader, URI uri) {
        super(server, nodePath, structure.shape(), structure.dataType().elementType(),
                structure.regularChunkShape().orElse(null), blockShape, reader);
        this.structure = structure;
        this.serverChunks = serverChunks;
        this.uri = uri;
    }

    /**
     * A lazy view of the array at {@code nodePath} (e.g. {@code raw/scan_17}) with the given structure.
     *
     * @throws CatalogException when the element type is not a plain number (strings, structured types)
     */
    static TiledArrayDataset open(TiledHttp http, String nodePath, TiledArrayStructure structure)
            throws CatalogException {
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
                http.uri("metadata", nodePath, List.of()));
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
        List<Map.Entry<String, String>> query = new ArrayList<>();
        query.add(Map.entry("block", index.toString()));
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
