package org.beamlinestudio.core.hdf5;

import java.util.List;
import java.util.Optional;
import org.beamlinestudio.core.data.ElementType;

/**
 * What the browser shows about a dataset: shape, type, storage. Reading its values goes through
 * {@link Hdf5File#dataset(String)}.
 *
 * @param typeDescription the type as a person reads it ("float32", "uint16", "string", "compound{...}")
 * @param layout          "contiguous", "chunked", "compact" or "virtual"
 * @param chunkShape      chunk shape, or {@code null} unless chunked
 * @param filters         filter names in pipeline order, e.g. ["shuffle", "deflate(4)"]; empty when none
 * @param storageBytes    bytes allocated in the file (compressed size), -1 when unknown
 * @param problem         why the values cannot be read (e.g. an unsupported filter), if known up front
 */
public record H5DatasetInfo(
        String path,
        List<H5Attribute> attributes,
        Optional<H5LinkInfo> link,
        long[] shape,
        ElementType elementType,
        String typeDescription,
        String layout,
        long[] chunkShape,
        List<String> filters,
        long storageBytes,
        Optional<String> problem) implements H5Node {

    public H5DatasetInfo {
        attributes = List.copyOf(attributes);
        filters = List.copyOf(filters);
    }

    /** Number of elements. */
    public long size() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** Shape as scientists write it: {@code 181×2×640}; {@code scalar} for rank 0. */
    public String shapeText() {
        if (shape.length == 0) {
            return "scalar";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append('×');
            }
            sb.append(shape[i]);
        }
        return sb.toString();
    }
}
