package org.beamlinestudio.catalog.local;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.hdf5.H5Attribute;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Group;
import org.beamlinestudio.core.hdf5.H5Node;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.plugin.ReaderChoice;
import org.beamlinestudio.core.plugin.TechniquePlugin;

/**
 * Reads what the catalog keeps about one HDF5 / NeXus file: the technique (the registry's readers' probes, most
 * confident wins), the main dataset's shape, size and date, the key facts ({@link KeyMetadata}) and every scalar
 * attribute (but areaDetector's {@code NDAttr*} bookkeeping) and small scalar dataset flattened by path
 * ({@code /entry/instrument/source/energy}, {@code /entry@NX_class}). Never throws for a bad file: a missing, half-written, truncated or locked file gives an
 * entry whose {@link IndexedFile#error()} says what was wrong. Thread-safe.
 */
public final class FileIndexer {

    /** The extensions indexed (lower case, with the dot). */
    public static final Set<String> EXTENSIONS = Set.of(".h5", ".hdf5", ".hdf", ".nxs", ".cxi", ".ptyd", ".nx5", ".he5");

    /** Bounds an entry's facts: a file with thousands of PV attributes must not swell the catalog. */
    static final int MAX_FIELDS = 2000;
    /** Longer text values are cut (a note, a script pasted into an attribute). */
    static final int MAX_TEXT = 1000;

    private static final Set<String> ANGLE_DATASETS = Set.of("theta", "rotation_angle", "rotation_angles", "angles");

    private final PluginRegistry registry;

    /** Uses the registry's readers to tell the technique. */
    public FileIndexer(PluginRegistry registry) {
        this.registry = registry;
    }

    /** Whether the catalog indexes files with this name. */
    public static boolean isIndexable(Path file) {
        Path n = file.getFileName();
        if (n == null) {
            return false;
        }
        String name = n.toString().toLowerCase(Locale.ROOT);
        if (name.startsWith(".")) {
            return false; // editors' and copy tools' hidden temporaries
        }
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(name.substring(dot));
    }

    /** Indexes one file; see the class comment. */
    public IndexedFile index(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(abs, BasicFileAttributes.class);
        } catch (IOException e) {
            return failed(abs, null, -1, "cannot read the file's size and date: " + e);
        }
        Instant modified = attrs.lastModifiedTime().toInstant();
        long size = attrs.size();
        Map<String, Object> meta = new LinkedHashMap<>();
        long[] shape = new long[0];
        String error = null;
        try (Hdf5File h5 = Hdf5File.open(abs)) {
            List<KeyMetadata.Scalar> scalars = new ArrayList<>();
            Map<String, Long> angleLengths = new LinkedHashMap<>();
            try (HdfFile raw = new HdfFile(abs)) {
                walk(h5.root(), raw, scalars, angleLengths);
            }
            Optional<H5DatasetInfo> main = h5.largestImageDataset();
            if (main.isPresent()) {
                shape = main.get().shape();
                meta.put("main_dataset", main.get().path());
                if (shape.length >= 3) {
                    meta.put("frames", shape[0]);
                }
            }
            meta.putAll(KeyMetadata.find(scalars));
            angleLengths.values().stream().findFirst().ifPresent(n -> meta.put("angles", n));
            for (KeyMetadata.Scalar s : scalars) {
                if (meta.size() >= MAX_FIELDS) {
                    break;
                }
                meta.putIfAbsent(s.path(), s.value());
            }
        } catch (DataFileException e) {
            error = e.getMessage();
        } catch (RuntimeException | Error e) {
            // jhdf on a file that changes under it can fail anywhere: the entry records it, the indexer goes on
            if (e instanceof VirtualMachineError) {
                throw (VirtualMachineError) e;
            }
            error = abs + ": cannot read the HDF5 structure (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); expected an undamaged HDF5 file (it may still be being written)";
        }
        String technique = error == null ? technique(abs, meta) : "";
        return new IndexedFile(abs, technique, modified, size, shape, meta, Optional.ofNullable(error));
    }

    private static IndexedFile failed(Path file, Instant modified, long size, String error) {
        return new IndexedFile(file, "", modified, size, new long[0], Map.of(), Optional.of(file + ": " + error));
    }

    /** The plugin whose reader is most confident; on a tie between plugins, none (the candidates are recorded). */
    private String technique(Path file, Map<String, Object> meta) {
        ReaderChoice choice;
        try {
            choice = registry.chooseReader(file);
        } catch (RuntimeException e) {
            meta.put("technique_problem", "probing failed: " + e);
            return "";
        }
        if (choice.winner().isPresent()) {
            meta.put("reader", choice.winner().get().id());
            return registry.ownerOfReader(choice.winner().get().id()).map(TechniquePlugin::id).orElse("");
        }
        if (choice.isTie()) {
            List<String> plugins = choice.tied().stream()
                    .map(c -> registry.ownerOfReader(c.reader().id()).map(TechniquePlugin::id).orElse("?"))
                    .distinct().toList();
            if (plugins.size() == 1) {
                return plugins.get(0); // two readers of one technique: the technique is still known
            }
            meta.put("technique_problem", "readers tie: " + String.join(", ", plugins));
        }
        return "";
    }

    private static void walk(H5Node node, HdfFile raw, List<KeyMetadata.Scalar> out, Map<String, Long> angleLengths) {
        String base = node.path().equals("/") ? "" : node.path();
        String units = null;
        for (H5Attribute a : node.attributes()) {
            if (a.name().equals("units")) {
                units = scalarOf(a.value()) instanceof String s ? s : null;
            }
        }
        for (H5Attribute a : node.attributes()) {
            if (a.name().startsWith("NDAttr")) {
                // areaDetector's per-PV bookkeeping (PV name, source type...): four attributes on every one of
                // hundreds of datasets, which would triple a file's facts and the catalog with them
                continue;
            }
            Object v = scalarOf(a.value());
            if (v != null) {
                out.add(new KeyMetadata.Scalar(base + "@" + a.name(), v, null));
            }
        }
        if (node instanceof H5Group g) {
            for (H5Node child : g.children()) {
                walk(child, raw, out, angleLengths);
            }
        } else if (node instanceof H5DatasetInfo d && d.problem().isEmpty()) {
            if (d.size() <= 1 && !d.typeDescription().startsWith("compound")) {
                Object v = readScalar(raw, d.path());
                if (v != null) {
                    out.add(new KeyMetadata.Scalar(d.path(), v, units));
                }
            } else if (d.shape().length == 1 && ANGLE_DATASETS.contains(d.name().toLowerCase(Locale.ROOT))) {
                angleLengths.putIfAbsent(d.path(), d.shape()[0]);
            }
        }
    }

    private static Object readScalar(HdfFile raw, String path) {
        try {
            Dataset ds = raw.getDatasetByPath(path);
            if (ds.isEmpty()) {
                return null;
            }
            return scalarOf(ds.getData());
        } catch (RuntimeException e) {
            return null; // behind an external link, or a type jhdf cannot read: the tree still shows it
        }
    }

    /** A single value as String, Double, Long or Boolean; null for arrays of more than one value and the rest. */
    static Object scalarOf(Object v) {
        if (v == null) {
            return null;
        }
        if (v.getClass().isArray()) {
            if (Array.getLength(v) != 1) {
                return null;
            }
            return scalarOf(Array.get(v, 0));
        }
        if (v instanceof String s) {
            String t = s.replace("\u0000", "").trim();
            return t.length() > MAX_TEXT ? t.substring(0, MAX_TEXT) + "…" : t;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            // float32 values keep the digits they were written with (12.398, not 12.39799976)
            return v instanceof Float ? Double.parseDouble(Float.toString((Float) v)) : d;
        }
        if (v instanceof java.math.BigInteger b) {
            return b.longValue();
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Boolean b) {
            return b;
        }
        return null;
    }
}
