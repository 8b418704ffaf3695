package org.beamlinestudio.ptychography.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5Values;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.stage.ParamSpec;

/**
 * Reads ptypy's prepared-data files ({@code .ptyd}): {@code /meta/{energy (keV), distance (m), psize (m, one or two
 * values), shape, center}} and the chunks {@code /chunks/K/{data (n×H×W), positions (n×2: y, x in metres), indices,
 * weights}}, read in numeric chunk order. A chunk's {@code weights} (H×W, or n×H×W of which the first frame is
 * used) mark zero-weight pixels invalid.
 */
public final class PtydReader implements DatasetReader {

    /** Reader id in pipelines and results. */
    public static final String ID = "ptychography.ptyd";
    /** Option: +1 keeps ptypy's positions, −1 flips them. */
    public static final String POSITION_SIGN = "positionSign";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "ptypy prepared data (.ptyd)";
    }

    @Override
    public List<ParamSpec> options() {
        return List.of(ParamSpec.ofChoice(POSITION_SIGN, "Position sign", "1", List.of("1", "-1"),
                "+1: ptypy's positions as stored; -1: flipped."));
    }

    @Override
    public ProbeResult probe(Path file) {
        try (H5Values h5 = H5Values.open(file)) {
            boolean meta = h5.has("/meta/energy") && h5.has("/meta/distance") && h5.has("/meta/psize");
            List<String> chunks = h5.children("/chunks");
            boolean data = !chunks.isEmpty() && h5.has("/chunks/" + chunks.get(0) + "/data");
            if (meta && data) {
                return new ProbeResult(0.95, "ptypy layout: /meta (energy, distance, psize) and /chunks/*/data");
            }
            if (data) {
                return new ProbeResult(0.3, "ptypy-like /chunks but no /meta geometry");
            }
            return ProbeResult.no("no /meta and /chunks/*/data (ptypy .ptyd layout)");
        } catch (DataFileException | RuntimeException e) {
            return ProbeResult.no("not readable as HDF5: " + e.getMessage());
        }
    }

    @Override
    public PtychoSource open(Path file) throws DataFileException {
        return open(file, Map.of());
    }

    @Override
    public PtychoSource open(Path file, Map<String, ?> options) throws DataFileException {
        double sign = ReaderSupport.sign(options, POSITION_SIGN);
        List<AutoCloseable> resources = new ArrayList<>();
        Hdf5File h5 = Hdf5File.open(file);
        resources.add(h5);
        try (H5Values small = H5Values.open(file)) {
            double energyKeV = ReaderSupport.positive(file, "/meta/energy", small.number("/meta/energy"),
                    "energy (keV)");
            if (energyKeV > 1000) {
                throw new DataFileException(file, "/meta/energy", "energy " + energyKeV
                        + ", which is not keV", "the photon energy in keV (ptypy's unit)");
            }
            double distance = ReaderSupport.positive(file, "/meta/distance", small.number("/meta/distance"),
                    "distance (m)");
            double[] psize = small.doubles("/meta/psize");
            if (psize.length != 1 && psize.length != 2) {
                throw new DataFileException(file, "/meta/psize", psize.length + " values",
                        "the detector pixel size in metres (one value, or y and x)");
            }
            double py = ReaderSupport.positive(file, "/meta/psize", psize[0], "pixel size (m)");
            double px = ReaderSupport.positive(file, "/meta/psize", psize[psize.length - 1], "pixel size (m)");

            List<String> names = new ArrayList<>(small.children("/chunks"));
            if (names.isEmpty()) {
                throw new DataFileException(file, "/chunks", "no chunks", "groups /chunks/0, /chunks/1, ...");
            }
            names.sort(Comparator.comparingLong(PtydReader::chunkOrder).thenComparing(Comparator.naturalOrder()));
            List<LazyDataset> blocks = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> xs = new ArrayList<>();
            boolean[] mask = null;
            for (String name : names) {
                String g = "/chunks/" + name;
                LazyDataset data = ReaderSupport.patterns(h5, file, g + "/data");
                int n = (int) data.shape()[0];
                int h = (int) data.shape()[1];
                int w = (int) data.shape()[2];
                if (!blocks.isEmpty() && (h != blocks.get(0).shape()[1] || w != blocks.get(0).shape()[2])) {
                    throw new DataFileException(file, g + "/data", "patterns of " + h + " × " + w,
                            "the size of the first chunk's, " + blocks.get(0).shape()[1] + " × "
                                    + blocks.get(0).shape()[2]);
                }
                blocks.add(data);
                double[] p = small.doubles(g + "/positions");
                if (p.length != 2 * n) {
                    throw new DataFileException(file, g + "/positions", "shape "
                            + Arrays.toString(small.shape(g + "/positions")), n + " × 2 (y, x in metres)");
                }
                for (int i = 0; i < n; i++) {
                    ys.add(sign * p[2 * i]);
                    xs.add(sign * p[2 * i + 1]);
                }
                if (mask == null) {
                    mask = new boolean[h * w];
                    Arrays.fill(mask, true);
                }
                if (small.has(g + "/weights")) {
                    andWeights(small, file, g + "/weights", mask, h, w);
                }
            }
            return new PtychoSource(file, ID, blocks.get(0).path(), blocks, mask, unbox(ys), unbox(xs),
                    ReaderSupport.HC_EV_M / (energyKeV * 1e3), distance, py, px, Optional.empty(), resources);
        } catch (DataFileException | RuntimeException e) {
            h5.close();
            throw e;
        }
    }

    private static void andWeights(H5Values small, Path file, String path, boolean[] mask, int h, int w)
            throws DataFileException {
        int[] shape = small.shape(path);
        int frame = h * w;
        boolean perPixel = shape.length == 2 && shape[0] == h && shape[1] == w;
        boolean perFrame = shape.length == 3 && shape[1] == h && shape[2] == w;
        if (!perPixel && !perFrame) {
            throw new DataFileException(file, path, "shape " + Arrays.toString(shape),
                    h + " × " + w + " or n × " + h + " × " + w + " weights");
        }
        // Only the first frame's weights: reading n × H × W weights whole would double the memory of the data.
        try {
            Object part = small.dataset(path).getData(perPixel ? new long[] {0, 0} : new long[] {0, 0, 0},
                    perPixel ? new int[] {h, w} : new int[] {1, h, w});
            double[] v = flatten(part, frame);
            for (int k = 0; k < frame; k++) {
                mask[k] &= v[k] > 0;
            }
        } catch (RuntimeException e) {
            throw new DataFileException(file, path, "unreadable weights: " + e.getMessage(), "numbers", e);
        }
    }

    private static double[] flatten(Object data, int size) {
        double[] out = new double[size];
        int[] at = {0};
        walk(data, out, at);
        return out;
    }

    private static void walk(Object data, double[] out, int[] at) {
        if (data.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(data);
            for (int i = 0; i < n; i++) {
                walk(java.lang.reflect.Array.get(data, i), out, at);
            }
        } else if (data instanceof Number num) {
            out[at[0]++] = num.doubleValue();
        } else if (data instanceof Boolean b) {
            out[at[0]++] = b ? 1 : 0;
        }
    }

    private static long chunkOrder(String name) {
        try {
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static double[] unbox(List<Double> v) {
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }
}
