package org.beamlinestudio.core.tiff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.beamlinestudio.core.data.BlockedLazyDataset;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;

/**
 * A TIFF stack as one lazy 3-D dataset (slice, y, x): a folder of single-image TIFF files in natural
 * name order (an export of {@code TiffStackSink}, with its {@code pipeline.json} sidecar), or the pages
 * of one multi-page TIFF file. Slices are read one at a time through the dataset cache, never the
 * whole stack. Files are recognised by their TIFF magic bytes, not by their extension.
 */
public final class TiffStack {

    /** The sidecar provenance file of an export (same name as {@code exec.TiffStackSink.PROVENANCE_FILE}). */
    public static final String SIDECAR = "pipeline.json";
    /** The dataset's path in the stack's small tree. */
    public static final String DATASET_PATH = "/slices";

    private final Path path;
    private final List<Path> files;
    private final boolean multiPage;
    private final TiffImages.Header header;
    private final BlockedLazyDataset dataset;
    private final Optional<String> sidecar;

    private TiffStack(Path path, List<Path> files, boolean multiPage, int slices, TiffImages.Header header,
                      Optional<String> sidecar) {
        this.path = path;
        this.files = List.copyOf(files);
        this.multiPage = multiPage;
        this.header = header;
        this.sidecar = sidecar;
        // One cache block per slice: a TIFF image is decoded whole anyway, so a block of a few rows
        // would decode the same file again for each of its neighbours.
        this.dataset = new BlockedLazyDataset(path, DATASET_PATH, new long[] {slices, header.height(), header.width()},
                header.type(), null, new int[] {1, header.height(), header.width()},
                (origin, shape) -> readSlice((int) origin[0]));
    }

    /**
     * Opens a folder of TIFF slices or a (multi-page) TIFF file; reads headers only.
     *
     * @throws DataFileException naming the folder or file when it holds no TIFF image, or the first image is
     *     not a grey-level image of a supported sample type
     */
    public static TiffStack open(Path folderOrFile) throws DataFileException {
        Path p = folderOrFile.toAbsolutePath().normalize();
        if (Files.isDirectory(p)) {
            List<Path> tiffs = tiffsIn(p);
            if (tiffs.isEmpty()) {
                throw new DataFileException(p, null, "a folder with no TIFF image in it",
                        "a folder of TIFF slices (e.g. slice_0000.tif …) or an HDF5 / TIFF file");
            }
            TiffImages.Header h = TiffImages.header(tiffs.get(0));
            return new TiffStack(p, tiffs, false, tiffs.size(), h, readSidecar(p.resolve(SIDECAR)));
        }
        if (!TiffImages.hasTiffMagic(p)) {
            throw new DataFileException(p, null, Files.exists(p) ? "a file that does not start like a TIFF"
                    : "no such file", "a TIFF file (bytes II*\\0 or MM\\0*)");
        }
        int pages = TiffImages.pageCount(p);
        if (pages < 1) {
            throw new DataFileException(p, null, "a TIFF file with no image", "at least one image");
        }
        TiffImages.Header h = TiffImages.header(p, 0);
        Path parent = p.getParent();
        Optional<String> sidecar = parent == null ? Optional.empty() : readSidecar(parent.resolve(SIDECAR));
        return new TiffStack(p, List.of(p), true, pages, h, sidecar);
    }

    /** The TIFF files of a folder (by magic bytes, hidden files skipped), in natural name order. */
    public static List<Path> tiffsIn(Path folder) throws DataFileException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(TiffImages::hasTiffMagic)
                    .sorted(NaturalOrder.BY_FILE_NAME).toList();
        } catch (IOException e) {
            throw new DataFileException(folder, null, "cannot list the folder: " + e, "a readable folder", e);
        }
    }

    private static Optional<String> readSidecar(Path json) {
        try {
            return Files.isRegularFile(json) ? Optional.of(Files.readString(json)) : Optional.empty();
        } catch (IOException e) {
            return Optional.of("(cannot read " + json + ": " + e.getMessage() + ")");
        }
    }

    private float[] readSlice(int index) throws DataFileException {
        if (multiPage) {
            return TiffImages.readRows(files.get(0), index, header, 0, header.height());
        }
        return TiffImages.readRows(files.get(index), 0, header, 0, header.height());
    }

    /** The folder or the multi-page file. */
    public Path path() {
        return path;
    }

    /** The image files, in slice order (one file for a multi-page TIFF). */
    public List<Path> files() {
        return files;
    }

    /** Whether the slices are the pages of one file. */
    public boolean isMultiPage() {
        return multiPage;
    }

    /** Size and sample type of the first slice (every slice must match it). */
    public TiffImages.Header header() {
        return header;
    }

    /** The stack as a lazy (slice, y, x) dataset. */
    public LazyDataset dataset() {
        return dataset;
    }

    /** The export's {@code pipeline.json} beside the slices, when there is one. */
    public Optional<String> sidecarJson() {
        return sidecar;
    }

    /** Facts about the stack for people, in display order ("slices" → "64", "first file" → …). */
    public Map<String, String> facts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", multiPage ? "multi-page TIFF file" : "folder of TIFF files");
        m.put("slices", Long.toString(dataset.shape()[0]));
        m.put("image size", header.width() + " × " + header.height() + " px");
        m.put("sample type", header.type().numpyName());
        if (!multiPage) {
            m.put("first file", files.get(0).getFileName().toString());
            m.put("last file", files.get(files.size() - 1).getFileName().toString());
        }
        return m;
    }
}
