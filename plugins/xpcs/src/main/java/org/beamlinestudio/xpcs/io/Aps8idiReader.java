package org.beamlinestudio.xpcs.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Node;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamType;
import org.beamlinestudio.xpcs.qmap.QMap;
import org.beamlinestudio.xpcs.qmap.QMapFiles;

/**
 * APS 8-ID-I raw files: {@code /entry/data/data} (frame, row, column) integer counts, with the acquisition values
 * in {@code NAME_metadata.hdf} beside it (or the option {@code metadataFile}) and a q-map (option
 * {@code qmapFile}; else {@code qmap.h5} or {@code *qmap*.h5} beside the file or one folder up).
 */
public final class Aps8idiReader implements DatasetReader {

    /** Reader id recorded in pipelines. */
    public static final String ID = "xpcs.aps8idi";
    /** Option: the metadata file, when not {@code NAME_metadata.hdf} beside the raw file. */
    public static final String METADATA_FILE = "metadataFile";
    /** Option: the q-map file, when not found beside the raw file. */
    public static final String QMAP_FILE = "qmapFile";

    static final String FRAMES = "/entry/data/data";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "APS 8-ID-I XPCS frames";
    }

    @Override
    public List<ParamSpec> options() {
        return List.of(
                new ParamSpec(METADATA_FILE, "Metadata file", ParamType.PATH, "", null, null, "",
                        "The *_metadata.hdf with energy, distance, pixel size and frame time; empty = the one "
                                + "beside the raw file.", List.of(), ""),
                new ParamSpec(QMAP_FILE, "Q-map file", ParamType.PATH, "", null, null, "",
                        "The q-map (/qmap/dynamic_roi_map …); empty = qmap.h5 or *qmap*.h5 beside the raw file "
                                + "or one folder up.", List.of(), ""));
    }

    @Override
    public ProbeResult probe(Path file) {
        try (Hdf5File h5 = Hdf5File.open(file)) {
            Optional<H5Node> node = h5.node(FRAMES);
            if (node.isEmpty() || !(node.get() instanceof H5DatasetInfo d)) {
                return ProbeResult.no("no dataset " + FRAMES);
            }
            if (d.shape().length != 3 || !isInteger(d)) {
                return ProbeResult.no(FRAMES + " is " + d.typeDescription() + " " + d.shapeText()
                        + ", not N×H×W integer counts");
            }
            boolean meta = Files.isRegularFile(defaultMetadataFile(file));
            // Without its metadata file, /entry/data/data is just as likely a tomography stack (Diamond I12):
            // stay below the tomography plugin's generic stack reader (0.3).
            return new ProbeResult(meta ? 0.9 : 0.2, "APS 8-ID-I frames " + FRAMES + " " + d.typeDescription() + " "
                    + d.shapeText() + (meta ? " with " + defaultMetadataFile(file).getFileName()
                    : " (no *_metadata.hdf beside it)"));
        } catch (DataFileException | RuntimeException e) {
            return ProbeResult.no("not readable as HDF5: " + e.getMessage());
        }
    }

    private static boolean isInteger(H5DatasetInfo d) {
        String t = d.typeDescription().toLowerCase(Locale.ROOT);
        return t.startsWith("uint") || t.startsWith("int");
    }

    /** {@code NAME_metadata.hdf} beside {@code NAME.h5}. */
    static Path defaultMetadataFile(Path raw) {
        String name = raw.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return raw.resolveSibling(stem + "_metadata.hdf");
    }

    @Override
    public OpenedSource open(Path file, Map<String, ?> options) throws DataFileException {
        return openXpcs(file, options);
    }

    /** {@link #open(Path, Map)} with its XPCS accessors. */
    public XpcsSource openXpcs(Path file, Map<String, ?> options) throws DataFileException {
        for (String k : options.keySet()) {
            if (!k.equals(METADATA_FILE) && !k.equals(QMAP_FILE)) {
                throw new DataFileException(file, null, "the option " + k,
                        "one of " + METADATA_FILE + ", " + QMAP_FILE);
            }
        }
        Path metaFile = option(options, METADATA_FILE).orElse(defaultMetadataFile(file));
        if (!Files.isRegularFile(metaFile)) {
            throw new DataFileException(metaFile, null, "no such file",
                    "the acquisition metadata of " + file.getFileName() + "; name it with the option " + METADATA_FILE);
        }
        Aps8idiMetadata meta = Aps8idiMetadata.read(metaFile);
        Optional<Path> qmapFile = option(options, QMAP_FILE);
        if (qmapFile.isPresent() && !Files.isRegularFile(qmapFile.get())) {
            throw new DataFileException(qmapFile.get(), null, "no such file",
                    "a q-map file (option " + QMAP_FILE + ")");
        }
        if (qmapFile.isEmpty()) {
            qmapFile = findQMap(file);
        }
        Hdf5File h5 = Hdf5File.open(file);
        try {
            LazyDataset frames = h5.dataset(FRAMES);
            new Hdf5FrameSource(frames, null); // checks rank and size
            long[] s = frames.shape();
            QMap qmap = null;
            if (qmapFile.isPresent()) {
                qmap = QMapFiles.read(qmapFile.get());
                if (qmap.height() != s[1] || qmap.width() != s[2]) {
                    throw new DataFileException(qmapFile.get(), null, "a " + qmap.height() + "×" + qmap.width()
                            + " q-map", "the frames' " + s[1] + "×" + s[2] + " of " + file.getFileName());
                }
            }
            Map<String, String> key = new LinkedHashMap<>();
            key.put("Frames", Long.toString(s[0]));
            key.put("Detector", s[2] + "×" + s[1] + " px");
            key.put("Energy", fmt(meta.energyKeV()) + " keV");
            key.put("Distance", fmt(meta.distanceM()) + " m");
            key.put("Pixel size", fmt(meta.pixelSizeXM() * 1e6) + "×" + fmt(meta.pixelSizeYM() * 1e6) + " µm");
            key.put("Frame time", fmt(meta.frameTimeS() * 1e3) + " ms");
            key.put("Count time", fmt(meta.countTimeS() * 1e3) + " ms");
            key.put("Metadata", metaFile.getFileName().toString());
            key.put("Q-map", "none found");
            if (qmap != null) {
                key.put("Q-map", qmapFile.get().getFileName() + " (" + qmap.dynamicCount() + " dynamic, "
                        + qmap.staticCount() + " static bins)");
            }
            return new XpcsSource(file, ID, h5, frames, meta, metaFile, qmap, qmapFile.orElse(null), key);
        } catch (DataFileException | RuntimeException e) {
            h5.close();
            throw e;
        }
    }

    private static Optional<Path> option(Map<String, ?> options, String name) {
        Object v = options.get(name);
        if (v == null || v.toString().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Path.of(v.toString().trim()));
    }

    /** {@code qmap.h5}, else the only {@code *qmap*.h5/hdf}, beside the file, then one folder up. */
    static Optional<Path> findQMap(Path raw) {
        Path dir = raw.toAbsolutePath().getParent();
        for (int level = 0; level < 2 && dir != null; level++, dir = dir.getParent()) {
            Path exact = dir.resolve("qmap.h5");
            if (Files.isRegularFile(exact)) {
                return Optional.of(exact);
            }
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    if (n.contains("qmap") && (n.endsWith(".h5") || n.endsWith(".hdf") || n.endsWith(".hdf5"))
                            && Files.isRegularFile(p)) {
                        found.add(p);
                    }
                }
            } catch (IOException e) {
                continue;
            }
            if (!found.isEmpty()) {
                found.sort(null);
                return Optional.of(found.get(0));
            }
        }
        return Optional.empty();
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }
}
