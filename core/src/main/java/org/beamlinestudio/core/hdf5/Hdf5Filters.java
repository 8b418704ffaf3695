package org.beamlinestudio.core.hdf5;

import io.jhdf.object.message.FilterPipelineMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Names HDF5 filters as scientists know them and says which ones jhdf 0.13 can decode. */
final class Hdf5Filters {
    static final int DEFLATE = 1;
    static final int SHUFFLE = 2;
    static final int FLETCHER32 = 3;
    static final int LZF = 32000;
    static final int LZ4 = 32004;
    static final int BITSHUFFLE = 32008;

    /** Registered ids (https://github.com/HDFGroup/hdf5_plugins/blob/master/docs/RegisteredFilterPlugins.md). */
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(DEFLATE, "deflate"), Map.entry(SHUFFLE, "shuffle"), Map.entry(FLETCHER32, "fletcher32"),
            Map.entry(4, "szip"), Map.entry(5, "nbit"), Map.entry(6, "scaleoffset"),
            Map.entry(305, "lzo"), Map.entry(307, "bzip2"), Map.entry(LZF, "lzf"), Map.entry(32001, "blosc"),
            Map.entry(32002, "mafisc"), Map.entry(32003, "snappy"), Map.entry(LZ4, "lz4"),
            Map.entry(32005, "apax"), Map.entry(32006, "cbf"), Map.entry(32007, "jpeg-xr"),
            Map.entry(BITSHUFFLE, "bitshuffle"), Map.entry(32009, "spdp"), Map.entry(32010, "lpc-rice"),
            Map.entry(32011, "ccsds-123"), Map.entry(32012, "jpeg-ls"), Map.entry(32013, "zfp"),
            Map.entry(32014, "fpzip"), Map.entry(32015, "zstd"), Map.entry(32016, "b3d"),
            Map.entry(32017, "sz"), Map.entry(32018, "fcidecomp"), Map.entry(32019, "jpeg"),
            Map.entry(32020, "vbz"), Map.entry(32022, "sz3"), Map.entry(32023, "delta-rice"),
            Map.entry(32024, "blosc2-snappy"), Map.entry(32026, "blosc2"));

    private static final String SUPPORTED = "deflate, shuffle, fletcher32, lzf, lz4, bitshuffle (with or without lz4)";

    private Hdf5Filters() {
    }

    static String name(int id, String nameInFile) {
        String n = NAMES.get(id);
        if (n != null) {
            return n;
        }
        return nameInFile != null && !nameInFile.isBlank() ? nameInFile.trim() : "filter " + id;
    }

    /** "deflate(4)", "shuffle", "bitshuffle+lz4", "blosc(lz4, 5, shuffle)". */
    static String describe(FilterPipelineMessage.FilterInfo f) {
        int[] d = f.getData() == null ? new int[0] : f.getData();
        int id = f.getId();
        String n = name(id, f.getName());
        switch (id) {
            case DEFLATE:
                return d.length > 0 ? n + "(" + d[0] + ")" : n;
            case BITSHUFFLE:
                if (d.length > 4) {
                    return d[4] == 2 ? "bitshuffle+lz4" : d[4] == 3 ? "bitshuffle+zstd" : "bitshuffle";
                }
                return n;
            case 32001:
                if (d.length > 6) {
                    String[] codecs = {"blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"};
                    String codec = d[6] >= 0 && d[6] < codecs.length ? codecs[d[6]] : "codec " + d[6];
                    String shuffle = d[5] == 1 ? ", shuffle" : d[5] == 2 ? ", bitshuffle" : "";
                    return n + "(" + codec + ", " + d[4] + shuffle + ")";
                }
                return n;
            case 32015:
                return d.length > 0 ? n + "(" + d[0] + ")" : n;
            default:
                return n;
        }
    }

    /** Why jhdf cannot decode this pipeline, naming the filter and its id; empty when it can. */
    static Optional<String> unsupported(List<FilterPipelineMessage.FilterInfo> filters) {
        for (FilterPipelineMessage.FilterInfo f : filters) {
            int id = f.getId();
            int[] d = f.getData() == null ? new int[0] : f.getData();
            boolean ok = id == DEFLATE || id == SHUFFLE || id == FLETCHER32 || id == LZF || id == LZ4
                    || (id == BITSHUFFLE && (d.length <= 4 || d[4] == 0 || d[4] == 2));
            if (!ok) {
                String what = id == BITSHUFFLE ? "bitshuffle with zstd (HDF5 filter id 32008, compression 3)"
                        : name(id, f.getName()) + " (HDF5 filter id " + id + ")";
                return Optional.of("compressed with " + what + ", which this program cannot decode; it decodes "
                        + SUPPORTED);
            }
        }
        return Optional.empty();
    }
}
