package org.beamlinestudio.tomography.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5Attribute;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Node;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.ProbeResult;

/**
 * Data Exchange (APS, used by TomoPy and dxchange): {@code /exchange/data} (angle, row, column),
 * {@code data_white}, {@code data_dark}, {@code theta}. Theta is in degrees or radians: decided by
 * its {@code units} attribute when present, else by its range (more than 2π+ε means degrees).
 */
public final class DataExchangeReader implements DatasetReader {

    /** Reader id recorded in pipelines. */
    public static final String ID = "tomography.dataexchange";

    static final String DATA = "/exchange/data";
    static final String WHITE = "/exchange/data_white";
    static final String DARK = "/exchange/data_dark";
    static final String THETA = "/exchange/theta";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Data Exchange (APS)";
    }

    @Override
    public ProbeResult probe(Path file) {
        try (Hdf5File h5 = Hdf5File.open(file)) {
            Optional<H5Node> data = h5.node(DATA);
            if (data.isEmpty() || !(data.get() instanceof H5DatasetInfo d)) {
                return ProbeResult.no("no " + DATA + " dataset");
            }
            if (d.shape().length != 3) {
                return ProbeResult.no(DATA + " has rank " + d.shape().length + ", projections need rank 3");
            }
            boolean implementsExchange = h5.node("/implements").filter(H5DatasetInfo.class::isInstance).isPresent();
            return new ProbeResult(implementsExchange ? 0.95 : 0.9,
                    DATA + " " + d.shapeText() + (implementsExchange ? " and /implements" : ""));
        } catch (DataFileException | RuntimeException e) {
            return ProbeResult.no("not readable as HDF5: " + e.getMessage());
        }
    }

    @Override
    public OpenedSource open(Path file, java.util.Map<String, ?> options) throws DataFileException {
        Hdf5File h5 = Hdf5File.open(file);
        try {
            LazyDataset projections = h5.dataset(DATA);
            if (projections.rank() != 3) {
                throw new DataFileException(file, DATA, "rank " + projections.rank(),
                        "3-D projections (angle, row, column)");
            }
            Map<String, LazyDataset> arrays = new LinkedHashMap<>();
            Map<String, double[]> vectors = new LinkedHashMap<>();
            for (String[] role : new String[][] {{HdfSource.FLATS, WHITE}, {HdfSource.DARKS, DARK}}) {
                if (h5.node(role[1]).isPresent()) {
                    LazyDataset aux = h5.dataset(role[1]);
                    checkDetectorShape(file, role[1], aux, projections);
                    arrays.put(role[0], aux);
                }
            }
            if (h5.node(THETA).isPresent()) {
                vectors.put(HdfSource.ANGLES, anglesInRadians(file, h5, projections.shape()[0]));
            }
            return new HdfSource(h5, ID, projections, arrays, vectors, keyMetadata(h5, projections, vectors));
        } catch (DataFileException | RuntimeException e) {
            h5.close();
            throw e;
        }
    }

    private static void checkDetectorShape(Path file, String path, LazyDataset aux, LazyDataset projections)
            throws DataFileException {
        long[] s = aux.shape();
        long[] p = projections.shape();
        if (s.length != 3 || s[1] != p[1] || s[2] != p[2]) {
            throw new DataFileException(file, path, "shape " + java.util.Arrays.toString(s),
                    "(n, " + p[1] + ", " + p[2] + ") to match the projections' detector size");
        }
    }

    private static double[] anglesInRadians(Path file, Hdf5File h5, long projections) throws DataFileException {
        LazyDataset theta = h5.dataset(THETA);
        if (theta.rank() != 1 || theta.shape()[0] != projections) {
            throw new DataFileException(file, THETA, "shape " + java.util.Arrays.toString(theta.shape()),
                    "one angle per projection (" + projections + ")");
        }
        float[] raw = theta.readFloats(new long[] {0}, new int[] {(int) projections});
        String units = h5.node(THETA).flatMap(n -> n.attribute("units")).map(H5Attribute::valueText)
                .orElse("").toLowerCase(Locale.ROOT);
        double maxAbs = 0;
        for (float v : raw) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        boolean degrees = units.startsWith("deg") || (!units.startsWith("rad") && maxAbs > 2 * Math.PI + 0.1);
        double[] out = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = degrees ? Math.toRadians(raw[i]) : raw[i];
        }
        return out;
    }

    private static Map<String, String> keyMetadata(Hdf5File h5, LazyDataset projections, Map<String, double[]> vectors) {
        Map<String, String> m = new LinkedHashMap<>();
        long[] s = projections.shape();
        m.put("Projections", Long.toString(s[0]));
        m.put("Detector", s[2] + " × " + s[1] + " px (columns × rows)");
        double[] angles = vectors.get(HdfSource.ANGLES);
        if (angles != null && angles.length > 0) {
            m.put("Angles", String.format(Locale.ROOT, "%.3f° … %.3f°", Math.toDegrees(angles[0]),
                    Math.toDegrees(angles[angles.length - 1])));
        }
        scalar(h5, m, "Energy", "/measurement/instrument/monochromator/energy");
        scalar(h5, m, "Pixel size", "/measurement/instrument/detection_system/objective/resolution");
        scalar(h5, m, "Sample", "/measurement/sample/name");
        return m;
    }

    private static void scalar(Hdf5File h5, Map<String, String> m, String label, String path) {
        h5.node(path).filter(H5DatasetInfo.class::isInstance).map(H5DatasetInfo.class::cast)
                .filter(d -> d.size() == 1).ifPresent(d -> {
                    try {
                        String units = d.attribute("units").map(H5Attribute::valueText).orElse("");
                        if (d.elementType().isNumeric()) {
                            float v = h5.dataset(path).readFloats(new long[d.shape().length],
                                    ones(d.shape().length))[0];
                            m.put(label, v + (units.isEmpty() ? "" : " " + units));
                        }
                    } catch (DataFileException e) {
                        m.put(label, "unreadable (" + e.found() + ")");
                    }
                });
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }
}
