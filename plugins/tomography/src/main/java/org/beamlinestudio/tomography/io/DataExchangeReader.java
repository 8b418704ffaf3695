package org.beamlinestudio.tomography.io;

import java.nio.file.Path;
import java.util.List;
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
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;

/**
 * Data Exchange (APS, used by TomoPy and dxchange): {@code /exchange/data} (angle, row, column),
 * {@code data_white}, {@code data_dark}, {@code theta}. Theta is in degrees or radians: decided by
 * its {@code units} attribute when present, else by its range (more than 2π+ε means degrees).
 * Without theta, the APS TomoScan record {@code /process/acquisition/rotation/rotation_start,
 * rotation_step} gives the angles; without either, {@code evenSpacingDegrees} must be set.
 */
public final class DataExchangeReader implements DatasetReader {

    /** Reader id recorded in pipelines. */
    public static final String ID = "tomography.dataexchange";

    static final String DATA = "/exchange/data";
    static final String WHITE = "/exchange/data_white";
    static final String DARK = "/exchange/data_dark";
    static final String THETA = "/exchange/theta";
    static final String ROTATION = "/process/acquisition/rotation/";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Data Exchange (APS)";
    }

    @Override
    public List<ParamSpec> options() {
        return ScanAssembly.commonOptions();
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
    public OpenedSource open(Path file, Map<String, ?> options) throws DataFileException {
        ParamValues o = ScanAssembly.resolve(file, options(), options);
        Hdf5File h5 = Hdf5File.open(file);
        ScanAssembly scan;
        try {
            LazyDataset projections = h5.dataset(DATA);
            if (projections.rank() != 3) {
                throw new DataFileException(file, DATA, "rank " + projections.rank(),
                        "3-D projections (angle, row, column)");
            }
            scan = new ScanAssembly(file, ID, projections);
        } catch (DataFileException | RuntimeException e) {
            h5.close();
            throw e;
        }
        scan.resources.add(h5);
        try (H5Meta meta = H5Meta.open(file).orElse(null)) {
            if (h5.node(WHITE).isPresent()) {
                scan.arrays.put(ScanRoles.FLATS, h5.dataset(WHITE));
            }
            if (h5.node(DARK).isPresent()) {
                scan.arrays.put(ScanRoles.DARKS, h5.dataset(DARK));
            }
            int n = Math.toIntExact(projections(scan).shape()[0]);
            scan.anglesLookedFor = THETA;
            if (h5.node(THETA).isPresent()) {
                scan.vectors.put(ScanRoles.ANGLES, theta(file, h5, meta, n));
            } else if (meta != null) {
                Optional<Double> start = meta.number(ROTATION + "rotation_start");
                Optional<Double> step = meta.number(ROTATION + "rotation_step");
                if (start.isPresent() && step.isPresent()) {
                    double[] deg = new double[n];
                    for (int i = 0; i < n; i++) {
                        deg[i] = start.get() + i * step.get();
                    }
                    scan.vectors.put(ScanRoles.ANGLES, Angles.toRadians(deg, "degrees"));
                    scan.anglesSource = "from " + ROTATION + "rotation_start, rotation_step";
                }
            }
            if (meta != null) {
                keyMetadata(meta, scan.metadata);
            }
        } catch (DataFileException | RuntimeException e) {
            scan.closeAll();
            throw e;
        }
        return scan.finish(o);
    }

    private static LazyDataset projections(ScanAssembly scan) {
        return scan.projections;
    }

    private static double[] theta(Path file, Hdf5File h5, H5Meta meta, int projections) throws DataFileException {
        LazyDataset theta = h5.dataset(THETA);
        if (theta.rank() != 1 || theta.shape()[0] != projections) {
            throw new DataFileException(file, THETA, "shape " + java.util.Arrays.toString(theta.shape()),
                    "one angle per projection (" + projections + "); or set evenSpacingDegrees=180 to ignore it "
                            + "and assume even spacing");
        }
        String units = h5.node(THETA).flatMap(n -> n.attribute("units")).map(H5Attribute::valueText).orElse("");
        double[] d = meta == null ? null : meta.doubles(THETA).filter(v -> v.length == projections).orElse(null);
        if (d == null) {
            float[] raw = theta.readFloats(new long[] {0}, new int[] {projections});
            d = new double[raw.length];
            for (int i = 0; i < raw.length; i++) {
                d[i] = raw[i];
            }
        }
        return Angles.toRadians(d, units);
    }

    /** The APS layout's standard places (TomoScan / 2-BM / 7-BM and the older dxchange ones). */
    private static void keyMetadata(H5Meta meta, Map<String, String> m) {
        meta.putNumber(m, "Energy", "/measurement/instrument/monochromator/energy", true);
        meta.putNumber(m, "Energy", "/process/acquisition/energy", true);
        meta.putNumber(m, "Pixel size", "/measurement/instrument/detection_system/objective/resolution", true);
        meta.putNumber(m, "Pixel size", "/measurement/instrument/detector/pixel_size_x", true);
        meta.putText(m, "Sample", "/measurement/sample/name");
        meta.putText(m, "Beamline", "/measurement/instrument/source/beamline");
        meta.putText(m, "Objective", "/measurement/instrument/detection_system/objective/camera_objective");
        meta.putText(m, "Scintillator", "/measurement/instrument/detection_system/scintillator/name");
        meta.putNumber(m, "Scintillator thickness",
                "/measurement/instrument/detection_system/scintillator/scintillating_thickness", true);
        meta.putText(m, "Camera", "/measurement/instrument/detector/model");
        meta.putNumber(m, "Detector pixel", "/measurement/instrument/detector/pixel_size", true);
        meta.putNumber(m, "Exposure", "/measurement/instrument/detector/exposure_time", true);
    }
}
