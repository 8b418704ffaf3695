package org.beamlinestudio.tomography.io;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamType;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.tiff.NaturalOrder;
import org.beamlinestudio.core.tiff.TiffImages;

/**
 * A folder of single-image TIFF projections (given as the folder or as any one file of it), one
 * file per angle, sorted naturally by the numbers in their names (p2 before p10). Flats and darks
 * are the files matching {@code flatsGlob} / {@code darksGlob} (default "*flat*", "*dark*"), or
 * the TIFFs in a {@code flats}/{@code darks} subfolder. 8-, 16-, 32-bit integers and float32 are
 * read lazily, one file per projection, with the JDK's own TIFF reader. Angles come from
 * {@code anglesFile} or {@code evenSpacingDegrees}.
 */
public final class TiffSeriesReader implements DatasetReader {

    /** Reader id recorded in pipelines. */
    public static final String ID = "tomography.tiffseries";

    static final String FLATS_GLOB = "flatsGlob";
    static final String DARKS_GLOB = "darksGlob";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "TIFF projection series";
    }

    @Override
    public List<ParamSpec> options() {
        List<ParamSpec> all = new ArrayList<>();
        all.add(new ParamSpec(FLATS_GLOB, "Flat files", ParamType.STRING, "*flat*", null, null, "",
                "Glob (on file names) of the flat-field images in the folder; a 'flats' subfolder also works.",
                List.of(), ""));
        all.add(new ParamSpec(DARKS_GLOB, "Dark files", ParamType.STRING, "*dark*", null, null, "",
                "Glob (on file names) of the dark images in the folder; a 'darks' subfolder also works.", List.of(), ""));
        all.addAll(ScanAssembly.commonOptions());
        return all;
    }

    static boolean isTiff(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return (n.endsWith(".tif") || n.endsWith(".tiff")) && Files.isRegularFile(p);
    }

    private static List<Path> tiffsIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(TiffSeriesReader::isTiff).sorted(NaturalOrder.BY_FILE_NAME).toList();
        }
    }

    @Override
    public ProbeResult probe(Path file) {
        try {
            Path folder = Files.isDirectory(file) ? file : file.toAbsolutePath().getParent();
            if (!Files.isDirectory(file) && !isTiff(file)) {
                return ProbeResult.no("neither a folder nor a .tif file");
            }
            List<Path> tiffs = tiffsIn(folder);
            if (tiffs.size() < 2) {
                return tiffs.size() == 1 ? new ProbeResult(0.3, "a single TIFF in " + folder.getFileName())
                        : ProbeResult.no("no TIFF files in " + folder);
            }
            return new ProbeResult(Files.isDirectory(file) ? 0.8 : 0.7,
                    tiffs.size() + " TIFF files in " + folder.getFileName() + " (" + tiffs.get(0).getFileName() + " …)");
        } catch (IOException | RuntimeException e) {
            return ProbeResult.no("cannot list the folder: " + e.getMessage());
        }
    }

    @Override
    public OpenedSource open(Path file, Map<String, ?> options) throws DataFileException {
        ParamValues o = ScanAssembly.resolve(file, options(), options);
        Path folder = Files.isDirectory(file) ? file : file.toAbsolutePath().getParent();
        List<Path> all;
        try {
            all = tiffsIn(folder);
        } catch (IOException e) {
            throw new DataFileException(folder, null, "cannot list the folder: " + e, "a readable folder", e);
        }
        PathMatcher flatM = FileSystems.getDefault().getPathMatcher("glob:" + o.getString(FLATS_GLOB));
        PathMatcher darkM = FileSystems.getDefault().getPathMatcher("glob:" + o.getString(DARKS_GLOB));
        List<Path> projections = new ArrayList<>();
        List<Path> flats = new ArrayList<>();
        List<Path> darks = new ArrayList<>();
        for (Path p : all) {
            Path name = p.getFileName();
            if (flatM.matches(name)) {
                flats.add(p);
            } else if (darkM.matches(name)) {
                darks.add(p);
            } else {
                projections.add(p);
            }
        }
        try {
            for (String sub : new String[] {"flats", "flat", "Flats"}) {
                if (flats.isEmpty()) {
                    flats.addAll(tiffsIn(folder.resolve(sub)));
                }
            }
            for (String sub : new String[] {"darks", "dark", "Darks"}) {
                if (darks.isEmpty()) {
                    darks.addAll(tiffsIn(folder.resolve(sub)));
                }
            }
        } catch (IOException e) {
            throw new DataFileException(folder, null, "cannot list a flats/darks subfolder: " + e, "a readable folder",
                    e);
        }
        if (projections.isEmpty()) {
            throw new DataFileException(folder, null, all.size() + " TIFF files, none left as projections after "
                    + "flats (" + o.getString(FLATS_GLOB) + ") and darks (" + o.getString(DARKS_GLOB) + ")",
                    "one TIFF per projection");
        }
        ScanAssembly scan = new ScanAssembly(folder, ID, series(folder, "projections", projections));
        if (!flats.isEmpty()) {
            scan.arrays.put(ScanRoles.FLATS, series(folder, "flats", flats));
        }
        if (!darks.isEmpty()) {
            scan.arrays.put(ScanRoles.DARKS, series(folder, "darks", darks));
        }
        scan.anglesLookedFor = "";
        scan.metadata.put("Files", projections.get(0).getFileName() + " … "
                + projections.get(projections.size() - 1).getFileName());
        return scan.finish(o);
    }

    private static LazyDataset series(Path folder, String what, List<Path> files) throws DataFileException {
        TiffImages.Header h = TiffImages.header(files.get(0));
        List<Path> list = List.copyOf(files);
        return FrameStacks.of(folder, what + " (" + files.size() + " TIFF files)", list.size(), h.height(), h.width(),
                h.type(), h.height(), (frame, row0, rows) -> TiffImages.readRows(list.get(frame), h, row0, rows));
    }
}
