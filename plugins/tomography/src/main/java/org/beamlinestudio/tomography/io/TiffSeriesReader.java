package org.beamlinestudio.tomography.io;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.ImageInputStream;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamType;
import org.beamlinestudio.core.stage.ParamValues;

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

    private static final int TAG_SAMPLE_FORMAT = 339;

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

    /** Header of one TIFF: size and how its samples are stored. */
    record Header(int width, int height, ElementType type) {
    }

    private static LazyDataset series(Path folder, String what, List<Path> files) throws DataFileException {
        Header h = header(files.get(0));
        List<Path> list = List.copyOf(files);
        return FrameStacks.of(folder, what + " (" + files.size() + " TIFF files)", list.size(), h.height(), h.width(),
                h.type(), h.height(), (frame, row0, rows) -> readRows(list.get(frame), h, row0, rows));
    }

    private static ImageReader jdkTiffReader() {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("tiff");
        ImageReader fallback = null;
        while (it.hasNext()) {
            ImageReader r = it.next();
            // The JDK's own reader knows SampleFormat=3 floats; prefer it over plugins registered ahead.
            if (r.getClass().getName().startsWith("com.sun.imageio")) {
                return r;
            }
            fallback = fallback == null ? r : fallback;
        }
        if (fallback == null) {
            throw new IllegalStateException("no TIFF reader in this Java runtime");
        }
        return fallback;
    }

    static Header header(Path f) throws DataFileException {
        ImageReader r = jdkTiffReader();
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            if (in == null) {
                throw new DataFileException(f, null, "cannot open", "a readable TIFF file");
            }
            r.setInput(in);
            int w = r.getWidth(0);
            int h = r.getHeight(0);
            int bits = r.getRawImageType(0) == null ? 0
                    : r.getRawImageType(0).getSampleModel().getSampleSize(0);
            int bands = r.getRawImageType(0) == null ? 1 : r.getRawImageType(0).getSampleModel().getNumBands();
            if (bands != 1) {
                throw new DataFileException(f, null, bands + " samples per pixel", "grey-level images (one sample)");
            }
            int format = 1;
            TIFFField sf = TIFFDirectory.createFromMetadata(r.getImageMetadata(0)).getTIFFField(TAG_SAMPLE_FORMAT);
            if (sf != null) {
                format = sf.getAsInt(0);
            }
            ElementType t = type(bits, format);
            if (t == null) {
                throw new DataFileException(f, null, bits + "-bit samples of SampleFormat " + format,
                        "uint8/16/32, int16/32 or float32/64 grey-level TIFF");
            }
            return new Header(w, h, t);
        } catch (IOException | RuntimeException e) {
            throw new DataFileException(f, null, "cannot read the TIFF header: " + e, "a readable TIFF file", e);
        } finally {
            r.dispose();
        }
    }

    private static ElementType type(int bits, int format) {
        if (format == 3) {
            return bits == 32 ? ElementType.FLOAT32 : bits == 64 ? ElementType.FLOAT64 : null;
        }
        boolean signed = format == 2;
        switch (bits) {
            case 8:
                return signed ? ElementType.INT8 : ElementType.UINT8;
            case 16:
                return signed ? ElementType.INT16 : ElementType.UINT16;
            case 32:
                return signed ? ElementType.INT32 : ElementType.UINT32;
            default:
                return null;
        }
    }

    private static float[] readRows(Path f, Header h, int row0, int rows) throws DataFileException {
        ImageReader r = jdkTiffReader();
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            if (in == null) {
                throw new DataFileException(f, null, "cannot open", "a readable TIFF file");
            }
            r.setInput(in);
            if (r.getWidth(0) != h.width() || r.getHeight(0) != h.height()) {
                throw new DataFileException(f, null, r.getWidth(0) + " × " + r.getHeight(0) + " px",
                        h.width() + " × " + h.height() + " px like the first file of the series");
            }
            Raster raster = r.canReadRaster() ? r.readRaster(0, null) : r.read(0).getRaster();
            int w = h.width();
            float[] out = new float[w * rows];
            int type = raster.getDataBuffer().getDataType();
            if (type == DataBuffer.TYPE_INT && h.type() == ElementType.UINT32) {
                int[] v = raster.getSamples(0, row0, w, rows, 0, (int[]) null);
                for (int i = 0; i < v.length; i++) {
                    out[i] = (float) (v[i] & 0xFFFFFFFFL);
                }
            } else if (type == DataBuffer.TYPE_BYTE && h.type() == ElementType.INT8) {
                int[] v = raster.getSamples(0, row0, w, rows, 0, (int[]) null);
                for (int i = 0; i < v.length; i++) {
                    out[i] = (byte) v[i];
                }
            } else {
                raster.getSamples(0, row0, w, rows, 0, out);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new DataFileException(f, null, "cannot read the TIFF image: " + e, "a readable TIFF file", e);
        } finally {
            r.dispose();
        }
    }
}
