package org.beamlinestudio.catalog.tiled;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Optional;

/**
 * A Tiled array node's {@code structure}: shape, the dask-style chunk sizes along each axis (e.g.
 * {@code [[2, 2, 1], [4, 3], [6]]}) and the element type.
 *
 * @param shape the array's shape (C order)
 * @param chunks for each axis, the sizes of its chunks in order (they add up to the axis length)
 * @param dataType element type and byte order of the bytes the server sends
 */
public record TiledArrayStructure(long[] shape, long[][] chunks, TiledDataType dataType) {

    /** Copies the arrays. */
    public TiledArrayStructure {
        shape = shape.clone();
        long[][] copy = new long[chunks.length][];
        for (int a = 0; a < chunks.length; a++) {
            copy[a] = chunks[a].clone();
        }
        chunks = copy;
    }

    /** Reads {@code {"data_type": {...}, "chunks": [[...], ...], "shape": [...], ...}}; other fields are ignored. */
    public static TiledArrayStructure parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("array structure is not an object: " + node);
        }
        JsonNode shapeNode = node.path("shape");
        if (!shapeNode.isArray()) {
            throw new IllegalArgumentException("array structure has no shape: " + node);
        }
        long[] shape = new long[shapeNode.size()];
        for (int a = 0; a < shape.length; a++) {
            shape[a] = shapeNode.get(a).asLong();
        }
        long[][] chunks = new long[shape.length][];
        JsonNode chunksNode = node.path("chunks");
        for (int a = 0; a < shape.length; a++) {
            JsonNode axis = chunksNode.isArray() && chunksNode.size() == shape.length ? chunksNode.get(a) : null;
            if (axis == null || !axis.isArray() || axis.size() == 0) {
                // No chunking said: one chunk along the axis, as dask would describe it.
                chunks[a] = new long[] {shape[a]};
            } else {
                chunks[a] = new long[axis.size()];
                for (int i = 0; i < axis.size(); i++) {
                    chunks[a][i] = axis.get(i).asLong();
                }
            }
        }
        return new TiledArrayStructure(shape, chunks, TiledDataType.parse(node.get("data_type")));
    }

    /** Number of elements. */
    public long size() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** Bytes as stored. */
    public long sizeBytes() {
        return size() * dataType.itemsize();
    }

    /**
     * The chunk shape when the chunks form a regular grid (all chunks along an axis equal but the last, which may be
     * smaller), as {@code /array/block} needs to be addressed by grid index; empty when irregular.
     */
    public Optional<long[]> regularChunkShape() {
        long[] chunk = new long[shape.length];
        for (int a = 0; a < shape.length; a++) {
            long[] c = chunks[a];
            long first = c[0];
            long sum = 0;
            for (int i = 0; i < c.length; i++) {
                sum += c[i];
                boolean last = i == c.length - 1;
                if (c[i] <= 0 && shape[a] > 0 || (!last && c[i] != first) || (last && c[i] > first)) {
                    return Optional.empty();
                }
            }
            if (sum != shape[a]) {
                return Optional.empty();
            }
            chunk[a] = Math.max(1, first);
        }
        return Optional.of(chunk);
    }

    @Override
    public String toString() {
        return "TiledArrayStructure[shape " + Arrays.toString(shape) + ", chunks " + Arrays.deepToString(chunks)
                + ", " + dataType.numpy() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TiledArrayStructure s && Arrays.equals(shape, s.shape)
                && Arrays.deepEquals(chunks, s.chunks) && dataType.equals(s.dataType);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + Arrays.deepHashCode(chunks)) + dataType.hashCode();
    }
}
