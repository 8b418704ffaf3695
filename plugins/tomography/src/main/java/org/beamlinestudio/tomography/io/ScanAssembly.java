package org.beamlinestudio.tomography.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamType;
import org.beamlinestudio.core.stage.ParamValues;

/**
 * What every tomography reader does once it has found the projections: the options all readers
 * share (flats and darks from other files, angles from a text file or assumed evenly spaced), shape
 * checks, and the key metadata every scan shows. Readers fill it, then {@link #finish}.
 */
final class ScanAssembly {

    static final String FLATS_FILE = "flatsFile";
    static final String FLATS_DATASET = "flatsDataset";
    static final String DARKS_FILE = "darksFile";
    static final String DARKS_DATASET = "darksDataset";
    static final String ANGLES_FILE = "anglesFile";
    static final String ANGLES_UNIT = "anglesUnit";
    static final String EVEN_SPACING = "evenSpacingDegrees";
    static final String EVEN_ENDPOINT = "evenSpacingEndpoint";

    /** Options every tomography reader accepts. */
    static List<ParamSpec> commonOptions() {
        return List.of(
                new ParamSpec(FLATS_FILE, "Flats file", ParamType.PATH, "", null, null, "",
                        "An HDF5 file holding the flat fields (Diamond I12 practice); replaces flats found in the scan file.",
                        List.of(), ""),
                new ParamSpec(FLATS_DATASET, "Flats dataset", ParamType.STRING, "", null, null, "",
                        "Dataset path of the flats in the flats file; empty = the file's only 3-D dataset.", List.of(),
                        ""),
                new ParamSpec(DARKS_FILE, "Darks file", ParamType.PATH, "", null, null, "",
                        "An HDF5 file holding the dark fields; replaces darks found in the scan file.", List.of(), ""),
                new ParamSpec(DARKS_DATASET, "Darks dataset", ParamType.STRING, "", null, null, "",
                        "Dataset path of the darks in the darks file; empty = the file's only 3-D dataset.", List.of(),
                        ""),
                new ParamSpec(ANGLES_FILE, "Angles file", ParamType.PATH, "", null, null, "",
                        "A text file with one rotation angle per projection, one per line (# comments allowed); "
                                + "replaces the angles in the scan file.", List.of(), ""),
                ParamSpec.ofChoice(ANGLES_UNIT, "Angles file unit", "degrees", List.of("degrees", "radians"),
                        "Unit of the numbers in the angles file."),
                ParamSpec.ofDouble(EVEN_SPACING, "Assume even spacing over", 0, 0.0, 3600.0, "°",
                        "When > 0: the projections are taken as evenly spaced over this many degrees from 0 "
                                + "(180 or 360), replacing any angles in the file. 0 = use the file's angles."),
                ParamSpec.ofBoolean(EVEN_ENDPOINT, "Last projection at the end angle", false,
                        "With even spacing: the last projection is at the full range (0…180° inclusive, step "
                                + "range/(n−1)); otherwise one step short (step range/n, as 360° scans need)."));
    }

    /** Checks raw options against the specs; every problem in one exception. */
    static ParamValues resolve(Path file, List<ParamSpec> specs, Map<String, ?> raw) throws DataFileException {
        List<String> problems = new ArrayList<>();
        ParamValues v = ParamValues.resolve(specs, raw == null ? Map.of() : raw, problems);
        if (!problems.isEmpty()) {
            throw new DataFileException(file, null, "reader options with problems: " + String.join("; ", problems),
                    "options among " + specs.stream().map(ParamSpec::name).toList());
        }
        return v;
    }

    final Path file;
    final String readerId;
    final LazyDataset projections;
    final Map<String, LazyDataset> arrays = new LinkedHashMap<>();
    final Map<String, double[]> vectors = new LinkedHashMap<>();
    /** Reader-specific metadata (energy, pixel size, sample...), shown after the standard entries. */
    final Map<String, String> metadata = new LinkedHashMap<>();
    final List<AutoCloseable> resources = new ArrayList<>();
    /** Where the reader looked for angles, for the "no angles" message (e.g. a dataset path). */
    String anglesLookedFor = "";
    /** Where the angles came from, shown in the metadata. */
    String anglesSource = "";

    ScanAssembly(Path file, String readerId, LazyDataset projections) {
        this.file = file;
        this.readerId = readerId;
        this.projections = projections;
    }

    /**
     * Applies the common options, checks shapes and returns the opened scan. On failure the
     * resources gathered so far are closed.
     *
     * @throws DataFileException when angles are missing (offering evenSpacingDegrees), a flats/darks
     *     file cannot be used, or shapes disagree
     */
    OpenedSource finish(ParamValues options) throws DataFileException {
        try {
            return build(options);
        } catch (DataFileException | RuntimeException e) {
            closeAll();
            throw e;
        }
    }

    void closeAll() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ignored) {
                // already failing
            }
        }
    }

    private OpenedSource build(ParamValues o) throws DataFileException {
        long[] p = projections.shape();
        if (p.length != 3) {
            throw new DataFileException(projections.file(), projections.path(), "rank " + p.length,
                    "3-D projections (angle, row, column)");
        }
        int n = Math.toIntExact(p[0]);
        String flatsFile = o.getString(FLATS_FILE);
        if (flatsFile != null && !flatsFile.isBlank()) {
            LazyDataset f = fromOtherFile(flatsFile, o.getString(FLATS_DATASET), "flats");
            arrays.remove(ScanRoles.FLATS_BEFORE);
            arrays.remove(ScanRoles.FLATS_AFTER);
            vectors.remove(ScanRoles.FLAT_POSITIONS);
            arrays.put(ScanRoles.FLATS, f);
            metadata.put("Flats from", f.file().getFileName() + ":" + f.path());
        }
        String darksFile = o.getString(DARKS_FILE);
        if (darksFile != null && !darksFile.isBlank()) {
            LazyDataset d = fromOtherFile(darksFile, o.getString(DARKS_DATASET), "darks");
            arrays.put(ScanRoles.DARKS, d);
            metadata.put("Darks from", d.file().getFileName() + ":" + d.path());
        }
        for (Map.Entry<String, LazyDataset> e : arrays.entrySet()) {
            checkDetectorShape(e.getKey(), e.getValue());
        }
        String anglesFile = o.getString(ANGLES_FILE);
        double even = o.getDouble(EVEN_SPACING);
        if (anglesFile != null && !anglesFile.isBlank()) {
            vectors.put(ScanRoles.ANGLES, readAnglesFile(resolveSibling(anglesFile), n,
                    "radians".equals(o.getString(ANGLES_UNIT))));
            anglesSource = "from " + Path.of(anglesFile).getFileName();
        } else if (even > 0) {
            boolean endpoint = o.getBoolean(EVEN_ENDPOINT);
            vectors.put(ScanRoles.ANGLES, Angles.evenlySpaced(n, even, endpoint));
            anglesSource = String.format(Locale.ROOT, "assumed evenly spaced over %s°%s", H5Meta.format(even),
                    endpoint ? " (end inclusive)" : "");
        }
        double[] angles = vectors.get(ScanRoles.ANGLES);
        if (angles == null) {
            throw new DataFileException(file, anglesLookedFor.isEmpty() ? null : anglesLookedFor,
                    "no rotation angles", "one angle per projection (" + n + "); set " + EVEN_SPACING
                    + "=180 to assume even spacing over 180° (or 360), or " + ANGLES_FILE + "=<text file, one per line>");
        }
        if (angles.length != n) {
            throw new DataFileException(file, anglesLookedFor, angles.length + " rotation angles",
                    "one per projection (" + n + "); or set " + EVEN_SPACING + "=180 to assume even spacing");
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Projections", Integer.toString(n));
        m.put("Detector", p[2] + " × " + p[1] + " px (columns × rows)");
        m.put("Angles", Angles.describe(angles) + (anglesSource.isEmpty() ? "" : " (" + anglesSource + ")"));
        m.put("Flats", arrays.containsKey(ScanRoles.FLATS) ? describeFlats()
                : "none (normalise with flatSource=airColumns, or set " + FLATS_FILE + ")");
        m.put("Darks", arrays.containsKey(ScanRoles.DARKS) ? Long.toString(arrays.get(ScanRoles.DARKS).shape()[0])
                : "none (taken as 0)");
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            m.putIfAbsent(e.getKey(), e.getValue());
        }
        return new ScanSource(file, readerId, projections, arrays, vectors, m, resources);
    }

    private String describeFlats() {
        long all = arrays.get(ScanRoles.FLATS).shape()[0];
        LazyDataset before = arrays.get(ScanRoles.FLATS_BEFORE);
        LazyDataset after = arrays.get(ScanRoles.FLATS_AFTER);
        if (before == null && after == null) {
            return Long.toString(all);
        }
        return all + " (" + (before == null ? 0 : before.shape()[0]) + " before, "
                + (after == null ? 0 : after.shape()[0]) + " after the projections)";
    }

    private void checkDetectorShape(String role, LazyDataset aux) throws DataFileException {
        long[] s = aux.shape();
        long[] p = projections.shape();
        if (s.length != 3 || s[1] != p[1] || s[2] != p[2]) {
            throw new DataFileException(aux.file(), aux.path(), role + " of shape " + Arrays.toString(s),
                    "(n, " + p[1] + ", " + p[2] + ") to match the projections' detector size (rows, columns) in "
                            + file.getFileName());
        }
    }

    private Path resolveSibling(String given) {
        Path g = Path.of(given);
        if (!g.isAbsolute() && !Files.exists(g)) {
            Path folder = Files.isDirectory(file) ? file : file.toAbsolutePath().getParent();
            if (folder != null && Files.exists(folder.resolve(g))) {
                return folder.resolve(g);
            }
        }
        return g;
    }

    /** Opens flats or darks in another HDF5 file: the given dataset, else its only 3-D numeric dataset. */
    private LazyDataset fromOtherFile(String fileName, String datasetPath, String what) throws DataFileException {
        Path f = resolveSibling(fileName);
        Hdf5File h5 = Hdf5File.open(f);
        resources.add(h5);
        if (datasetPath != null && !datasetPath.isBlank()) {
            return h5.dataset(datasetPath);
        }
        List<H5DatasetInfo> cubes = h5.datasets().stream()
                .filter(d -> d.elementType().isNumeric() && d.shape().length == 3).toList();
        if (cubes.size() != 1) {
            throw new DataFileException(f, null, cubes.size() + " 3-D numeric datasets"
                    + (cubes.isEmpty() ? "" : " " + cubes.stream().map(d -> d.path() + " " + d.shapeText()).toList()),
                    "exactly one, or the " + what + " dataset path given as option "
                            + (what.equals("flats") ? FLATS_DATASET : DARKS_DATASET));
        }
        return h5.dataset(cubes.get(0).path());
    }

    private static double[] readAnglesFile(Path f, int n, boolean radians) throws DataFileException {
        List<String> lines;
        try {
            lines = Files.readAllLines(f);
        } catch (IOException e) {
            throw new DataFileException(f, null, "cannot read the angles file: " + e, "a text file, one angle per line",
                    e);
        }
        double[] raw = new double[n];
        int k = 0;
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            String s = line.strip();
            int hash = s.indexOf('#');
            if (hash >= 0) {
                s = s.substring(0, hash).strip();
            }
            if (s.isEmpty()) {
                continue;
            }
            for (String tok : s.split("[\\s,;]+")) {
                if (tok.isEmpty()) {
                    continue;
                }
                double v;
                try {
                    v = Double.parseDouble(tok);
                } catch (NumberFormatException e) {
                    throw new DataFileException(f, null, "'" + tok + "' on line " + lineNo + " is not a number",
                            "one angle per line");
                }
                if (k < n) {
                    raw[k] = v;
                }
                k++;
            }
        }
        if (k != n) {
            throw new DataFileException(f, null, k + " angles", "one per projection (" + n + ")");
        }
        return radians ? raw : Angles.toRadians(raw, "degrees");
    }
}
