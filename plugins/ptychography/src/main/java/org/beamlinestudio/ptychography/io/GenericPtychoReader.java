package org.beamlinestudio.ptychography.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Values;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.stage.ParamSpec;

/**
 * Reads any HDF5 file with a patterns dataset and a positions dataset, the geometry given by hand
 * ({@link GenericPtychoLayout}, or the same as options). It claims files only weakly: without the user's geometry
 * it cannot know it is right.
 */
public final class GenericPtychoReader implements DatasetReader {

    /** Reader id in pipelines and results. */
    public static final String ID = "ptychography.generic";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Generic ptychography (patterns + positions, geometry by hand)";
    }

    @Override
    public List<ParamSpec> options() {
        org.beamlinestudio.core.stage.ParamType s = org.beamlinestudio.core.stage.ParamType.STRING;
        return List.of(
                new ParamSpec("patternsPath", "Patterns dataset", s, "", null, null, "", "N × H × W", List.of(), ""),
                new ParamSpec("positionsPath", "Positions dataset", s, "", null, null, "", "N × 2 or 2 × N",
                        List.of(), ""),
                ParamSpec.ofChoice("positionsOrder", "Position order", "yx", List.of("yx", "xy"),
                        "Which coordinate comes first"),
                ParamSpec.ofDouble("positionUnit", "Position unit", 1, 1e-12, 1.0, "m", "metres per stored unit"),
                new ParamSpec("maskPath", "Mask dataset", s, "", null, null, "", "H × W, non-zero = valid",
                        List.of(), ""),
                ParamSpec.ofDouble("energyEv", "Energy", 0, 0.0, null, "eV", "photon energy"),
                ParamSpec.ofDouble("distance", "Distance", 0, 0.0, null, "m", "sample–detector distance"),
                ParamSpec.ofDouble("pixelSize", "Pixel size", 0, 0.0, null, "m", "detector pixel size"));
    }

    @Override
    public ProbeResult probe(Path file) {
        try (Hdf5File h5 = Hdf5File.open(file)) {
            boolean stack = false;
            boolean positions = false;
            for (H5DatasetInfo d : h5.datasets()) {
                long[] s = d.shape();
                stack |= s.length == 3 && d.elementType().isNumeric();
                positions |= s.length == 2 && (s[0] == 2 || s[1] == 2) && d.elementType().isNumeric();
            }
            if (stack && positions) {
                return new ProbeResult(0.05, "an image stack and an N × 2 dataset: may be ptychography, "
                        + "geometry must be entered by hand");
            }
            return ProbeResult.no("no N × H × W stack with an N × 2 positions dataset");
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
        String patterns = ReaderSupport.text(options, "patternsPath");
        String positions = ReaderSupport.text(options, "positionsPath");
        if (patterns.isEmpty() || positions.isEmpty()) {
            throw new DataFileException(file, null, "no patternsPath / positionsPath given",
                    "the generic reader's options: patternsPath, positionsPath, energyEv, distance, pixelSize");
        }
        GenericPtychoLayout layout;
        try {
            layout = new GenericPtychoLayout(patterns, positions,
                    !"xy".equalsIgnoreCase(ReaderSupport.text(options, "positionsOrder")),
                    ReaderSupport.number(options, "positionUnit", 1), ReaderSupport.text(options, "maskPath"),
                    ReaderSupport.number(options, "energyEv", 0), ReaderSupport.number(options, "distance", 0),
                    ReaderSupport.number(options, "pixelSize", 0));
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file, null, e.getMessage(), "energyEv, distance and pixelSize options > 0");
        }
        return open(file, layout);
    }

    /** Opens with the layout given by hand. */
    public PtychoSource open(Path file, GenericPtychoLayout layout) throws DataFileException {
        List<AutoCloseable> resources = new ArrayList<>();
        Hdf5File h5 = Hdf5File.open(file);
        resources.add(h5);
        try (H5Values small = H5Values.open(file)) {
            LazyDataset data = ReaderSupport.patterns(h5, file, layout.patternsPath());
            int n = (int) data.shape()[0];
            int h = (int) data.shape()[1];
            int w = (int) data.shape()[2];
            int[] ps = small.shape(layout.positionsPath());
            double[] p = small.doubles(layout.positionsPath());
            double[] a = new double[n];
            double[] b = new double[n];
            if (ps.length == 2 && ps[0] == n && ps[1] == 2) {
                for (int i = 0; i < n; i++) {
                    a[i] = p[2 * i];
                    b[i] = p[2 * i + 1];
                }
            } else if (ps.length == 2 && ps[0] == 2 && ps[1] == n) {
                System.arraycopy(p, 0, a, 0, n);
                System.arraycopy(p, n, b, 0, n);
            } else {
                throw new DataFileException(file, layout.positionsPath(), "shape " + Arrays.toString(ps),
                        n + " × 2 or 2 × " + n + " (one position per pattern of " + layout.patternsPath() + ")");
            }
            double u = layout.positionUnitMetres();
            double[] y = new double[n];
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = u * (layout.positionsYFirst() ? a[i] : b[i]);
                x[i] = u * (layout.positionsYFirst() ? b[i] : a[i]);
            }
            boolean[] mask = new boolean[h * w];
            Arrays.fill(mask, true);
            if (layout.maskPath() != null && !layout.maskPath().isBlank()) {
                double[] m = small.doubles(layout.maskPath());
                if (m.length != h * w) {
                    throw new DataFileException(file, layout.maskPath(), m.length + " values",
                            h + " × " + w + " (one per pattern pixel)");
                }
                for (int k = 0; k < m.length; k++) {
                    mask[k] = m[k] != 0;
                }
            }
            return new PtychoSource(file, ID, data.path(), List.of(data), mask, y, x,
                    ReaderSupport.HC_EV_M / layout.energyEv(), layout.distance(), layout.pixelSize(),
                    layout.pixelSize(), Optional.empty(), resources);
        } catch (DataFileException | RuntimeException e) {
            h5.close();
            throw e;
        }
    }
}
