package org.beamlinestudio.xpcs.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamType;
import org.beamlinestudio.xpcs.qmap.QMap;
import org.beamlinestudio.xpcs.qmap.QMapFiles;

/**
 * XPCS frames from any 3-D dataset of an HDF5 file (option {@code dataset}, else the largest), with the geometry
 * and frame time entered by hand as options, and an optional q-map file. Claims files only weakly so that
 * layout-aware readers win; people pick it explicitly.
 */
public final class Hdf5FramesReader implements DatasetReader {

    /** Reader id recorded in pipelines. */
    public static final String ID = "xpcs.hdf5frames";
    /** Option: path of the (frame, row, column) dataset. */
    public static final String DATASET = "dataset";
    /** Option: incident energy, keV. */
    public static final String ENERGY_KEV = "energyKeV";
    /** Option: sample–detector distance, m. */
    public static final String DISTANCE_M = "distanceM";
    /** Option: pixel size, µm (square pixels). */
    public static final String PIXEL_SIZE_UM = "pixelSizeUm";
    /** Option: time between frames, ms. */
    public static final String FRAME_TIME_MS = "frameTimeMs";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "HDF5 frame stack (XPCS, geometry by hand)";
    }

    @Override
    public List<ParamSpec> options() {
        return List.of(
                new ParamSpec(DATASET, "Frames dataset", ParamType.STRING, "", null, null, "",
                        "Path of the 3-D (frame, row, column) dataset; empty = the largest 3-D numeric dataset.",
                        List.of(), ""),
                positive(ENERGY_KEV, "Energy", 0.1, 200.0, "keV",
                        "Incident X-ray energy."),
                positive(DISTANCE_M, "Distance", 0.01, 100.0, "m",
                        "Sample–detector distance."),
                positive(PIXEL_SIZE_UM, "Pixel size", 0.1, 10000.0, "µm",
                        "Square pixel size."),
                positive(FRAME_TIME_MS, "Frame time", 1e-6, 1e7, "ms",
                        "Time between frames."),
                new ParamSpec(Aps8idiReader.QMAP_FILE, "Q-map file", ParamType.PATH, "", null, null, "",
                        "A q-map file (/qmap/dynamic_roi_map …); empty = none.", List.of(), ""));
    }

    /** A number with no default: the person must give it. */
    private static ParamSpec positive(String name, String label, double min, double max, String units,
                                      String description) {
        return new ParamSpec(name, label, ParamType.DOUBLE, null, min, max, units, description, List.of(), "");
    }

    @Override
    public ProbeResult probe(Path file) {
        try (Hdf5File h5 = Hdf5File.open(file)) {
            Optional<H5DatasetInfo> best = largestStack(h5);
            return best.map(d -> new ProbeResult(0.1, "3-D dataset " + d.path() + " " + d.shapeText()
                    + " (give the geometry by hand)")).orElse(ProbeResult.no("no 3-D numeric dataset"));
        } catch (DataFileException | RuntimeException e) {
            return ProbeResult.no("not readable as HDF5: " + e.getMessage());
        }
    }

    private static Optional<H5DatasetInfo> largestStack(Hdf5File h5) {
        return h5.datasets().stream().filter(d -> d.elementType().isNumeric() && d.shape().length == 3
                && d.shape()[0] > 1 && d.problem().isEmpty()).max(Comparator.comparingLong(H5DatasetInfo::size));
    }

    @Override
    public OpenedSource open(Path file, Map<String, ?> options) throws DataFileException {
        return openXpcs(file, options);
    }

    /** {@link #open(Path, Map)} with its XPCS accessors. */
    public XpcsSource openXpcs(Path file, Map<String, ?> options) throws DataFileException {
        List<String> missing = new ArrayList<>();
        double energy = number(file, options, ENERGY_KEV, missing);
        double distance = number(file, options, DISTANCE_M, missing);
        double pixel = number(file, options, PIXEL_SIZE_UM, missing) * 1e-6;
        double frameTime = number(file, options, FRAME_TIME_MS, missing) * 1e-3;
        if (!missing.isEmpty()) {
            throw new DataFileException(file, null, "no " + String.join(", ", missing),
                    "the geometry and frame time as options (positive numbers): " + ENERGY_KEV + ", " + DISTANCE_M
                            + ", " + PIXEL_SIZE_UM + ", " + FRAME_TIME_MS);
        }
        Aps8idiMetadata meta = new Aps8idiMetadata(energy, distance, pixel, pixel, frameTime, frameTime);
        Object qm = options.get(Aps8idiReader.QMAP_FILE);
        Path qmapFile = qm == null || qm.toString().isBlank() ? null : Path.of(qm.toString().trim());
        if (qmapFile != null && !Files.isRegularFile(qmapFile)) {
            throw new DataFileException(qmapFile, null, "no such file", "a q-map file (option "
                    + Aps8idiReader.QMAP_FILE + ")");
        }
        Hdf5File h5 = Hdf5File.open(file);
        try {
            Object ds = options.get(DATASET);
            String path = ds == null || ds.toString().isBlank() ? largestStack(h5).map(H5DatasetInfo::path)
                    .orElseThrow(() -> new DataFileException(file, null, "no 3-D numeric dataset",
                            "frames (frame, row, column); name one with the option " + DATASET)) : ds.toString();
            LazyDataset frames = h5.dataset(path);
            new Hdf5FrameSource(frames, null); // checks rank and size
            long[] s = frames.shape();
            QMap qmap = null;
            if (qmapFile != null) {
                qmap = QMapFiles.read(qmapFile);
                if (qmap.height() != s[1] || qmap.width() != s[2]) {
                    throw new DataFileException(qmapFile, null, "a " + qmap.height() + "×" + qmap.width()
                            + " q-map", "the frames' " + s[1] + "×" + s[2] + " of " + file.getFileName());
                }
            }
            Map<String, String> key = new LinkedHashMap<>();
            key.put("Dataset", path);
            key.put("Frames", Long.toString(s[0]));
            key.put("Detector", s[2] + "×" + s[1] + " px");
            key.put("Energy", fmt(energy) + " keV");
            key.put("Distance", fmt(distance) + " m");
            key.put("Pixel size", fmt(pixel * 1e6) + " µm");
            key.put("Frame time", fmt(frameTime * 1e3) + " ms");
            key.put("Q-map", qmapFile == null ? "none" : qmapFile.getFileName().toString());
            return new XpcsSource(file, ID, h5, frames, meta, null, qmap, qmapFile, key);
        } catch (DataFileException | RuntimeException e) {
            h5.close();
            throw e;
        }
    }

    private static double number(Path file, Map<String, ?> options, String name, List<String> missing)
            throws DataFileException {
        Object v = options.get(name);
        if (v == null || v.toString().isBlank()) {
            missing.add(name);
            return Double.NaN;
        }
        double d;
        try {
            d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new DataFileException(file, null, name + " = " + v, "a number");
        }
        if (!(d > 0) || !Double.isFinite(d)) {
            throw new DataFileException(file, null, name + " = " + v, "a positive number");
        }
        return d;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }
}
