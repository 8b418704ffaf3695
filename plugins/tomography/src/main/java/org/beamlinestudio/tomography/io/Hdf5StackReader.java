package org.beamlinestudio.tomography.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import java.util.Set;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5Attribute;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamType;
import org.beamlinestudio.core.stage.ParamValues;

/**
 * Projections from any 3-D dataset of an HDF5 file that is neither Data Exchange nor NXtomo (e.g.
 * Diamond I12's {@code /entry/data/data} with flats and darks in other files). Claims files only
 * weakly, so the layout-aware readers win; the {@code dataset} option says which dataset to use
 * when there are several. Angles come from a 1-D dataset named like rotation_angle / theta /
 * angles of the right length, from {@code anglesFile}, or from {@code evenSpacingDegrees}.
 */
public final class Hdf5StackReader implements DatasetReader {

    /** Reader id recorded in pipelines. */
    public static final String ID = "tomography.hdf5stack";

    static final String DATASET = "dataset";

    private static final Set<String> ANGLE_NAMES = Set.of("rotation_angle", "theta", "angles", "angle", "rotation");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "HDF5 projection stack (generic)";
    }

    @Override
    public List<ParamSpec> options() {
        List<ParamSpec> all = new ArrayList<>();
        all.add(new ParamSpec(DATASET, "Projections dataset", ParamType.STRING, "", null, null, "",
                "Path of the 3-D (angle, row, column) dataset; empty = the file's largest 3-D numeric dataset.",
                List.of(), ""));
        all.addAll(ScanAssembly.commonOptions());
        return all;
    }

    @Override
    public ProbeResult probe(Path file) {
        try (Hdf5File h5 = Hdf5File.open(file)) {
            List<H5DatasetInfo> cubes = cubes(h5);
            if (cubes.isEmpty()) {
                return ProbeResult.no("no 3-D numeric dataset");
            }
            H5DatasetInfo best = cubes.get(0);
            // Deliberately low: any layout-aware reader that recognises the file should win.
            return new ProbeResult(cubes.size() == 1 ? 0.3 : 0.2, "generic 3-D dataset " + best.path() + " "
                    + best.shapeText() + (cubes.size() == 1 ? "" : " (largest of " + cubes.size() + ")"));
        } catch (DataFileException | RuntimeException e) {
            return ProbeResult.no("not readable as HDF5: " + e.getMessage());
        }
    }

    /** Readable 3-D numeric datasets with more than one frame, largest first. */
    private static List<H5DatasetInfo> cubes(Hdf5File h5) {
        return h5.datasets().stream()
                .filter(d -> d.elementType().isNumeric() && d.shape().length == 3 && d.shape()[0] > 1
                        && d.problem().isEmpty())
                .sorted(Comparator.comparingLong(H5DatasetInfo::size).reversed()).toList();
    }

    @Override
    public OpenedSource open(Path file, Map<String, ?> options) throws DataFileException {
        ParamValues o = ScanAssembly.resolve(file, options(), options);
        Hdf5File h5 = Hdf5File.open(file);
        ScanAssembly scan;
        try {
            String path = o.getString(DATASET);
            if (path == null || path.isBlank()) {
                List<H5DatasetInfo> cubes = cubes(h5);
                if (cubes.isEmpty()) {
                    throw new DataFileException(file, null, "no 3-D numeric dataset among "
                            + h5.datasets().stream().limit(8).map(d -> d.path() + " " + d.shapeText()).toList(),
                            "projections (angle, row, column); name one with the option " + DATASET);
                }
                path = cubes.get(0).path();
            }
            LazyDataset projections = h5.dataset(path);
            if (projections.rank() != 3) {
                throw new DataFileException(file, path, "rank " + projections.rank(),
                        "3-D projections (angle, row, column)");
            }
            scan = new ScanAssembly(file, ID, projections);
            scan.resources.add(h5);
            int n = Math.toIntExact(projections.shape()[0]);
            scan.anglesLookedFor = "";
            for (H5DatasetInfo d : h5.datasets()) {
                if (d.shape().length == 1 && d.shape()[0] == n && d.elementType().isNumeric()
                        && ANGLE_NAMES.contains(d.name().toLowerCase(Locale.ROOT))) {
                    double[] raw;
                    try (H5Meta meta = H5Meta.open(file).orElse(null)) {
                        raw = meta == null ? null : meta.doubles(d.path()).filter(v -> v.length == n).orElse(null);
                    }
                    if (raw == null) {
                        float[] f = h5.dataset(d.path()).readFloats(new long[] {0}, new int[] {n});
                        raw = new double[n];
                        for (int i = 0; i < n; i++) {
                            raw[i] = f[i];
                        }
                    }
                    String units = d.attribute("units").map(H5Attribute::valueText).orElse("");
                    scan.vectors.put(ScanRoles.ANGLES, Angles.toRadians(raw, units));
                    scan.anglesSource = "from " + d.path();
                    break;
                }
            }
            if (!scan.vectors.containsKey(ScanRoles.ANGLES)) {
                scan.anglesLookedFor = path;
            }
            scan.metadata.put("Dataset", path);
        } catch (DataFileException | RuntimeException e) {
            h5.close();
            throw e;
        }
        return scan.finish(o);
    }
}
