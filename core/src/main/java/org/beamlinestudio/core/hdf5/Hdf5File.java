package org.beamlinestudio.core.hdf5;

import io.jhdf.HdfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.beamlinestudio.core.data.BlockedLazyDataset;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open HDF5 / NeXus file: its tree (read once, small) and lazy views of its datasets. Soft
 * and external links are followed relative to the file; a link that cannot be followed becomes an
 * {@link H5BrokenLink} in the tree. Thread-safe; close it when done.
 */
public final class Hdf5File implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Hdf5File.class);

    private final Path path;
    private final HdfFile hdf;
    private final Map<Path, HdfFile> externals;
    private final H5Group root;
    private final Map<String, H5Node> index;
    private final Map<String, TreeReader.Target> targets;
    private final List<H5DatasetInfo> datasets;
    private final Map<String, BlockedLazyDataset> opened = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private Hdf5File(Path path, HdfFile hdf, Map<Path, HdfFile> externals, TreeReader tree, H5Group root) {
        this.path = path;
        this.hdf = hdf;
        this.externals = externals;
        this.root = root;
        this.index = Map.copyOf(tree.index);
        this.targets = Map.copyOf(tree.targets);
        this.datasets = Collections.unmodifiableList(new ArrayList<>(tree.datasets));
    }

    /**
     * Opens a file and reads its tree.
     *
     * @throws DataFileException when the file is missing, empty, not HDF5, or truncated; the message
     *     names the file and what was found (e.g. "not an HDF5 file: first bytes are 'PK..'")
     */
    public static Hdf5File open(Path file) throws DataFileException {
        Path abs = file.toAbsolutePath().normalize();
        Hdf5Probe.check(file);
        HdfFile hdf = openJhdf(file, abs);
        Map<Path, HdfFile> externals = new ConcurrentHashMap<>();
        try {
            TreeReader tree = new TreeReader(target -> {
                Path key = target.toAbsolutePath().normalize();
                if (key.equals(abs)) {
                    return hdf;
                }
                HdfFile open = externals.get(key);
                if (open == null) {
                    Hdf5Probe.check(key);
                    open = openJhdf(key, key);
                    externals.put(key, open);
                }
                return open;
            });
            H5Group root = tree.read(hdf, abs);
            return new Hdf5File(file, hdf, externals, tree, root);
        } catch (RuntimeException e) {
            closeQuietly(hdf);
            externals.values().forEach(Hdf5File::closeQuietly);
            throw new DataFileException(file, null, "cannot read the HDF5 structure: " + e.getClass().getSimpleName()
                    + ": " + e.getMessage(), "an undamaged HDF5 file", e);
        }
    }

    private static HdfFile openJhdf(Path shown, Path abs) throws DataFileException {
        try {
            return new HdfFile(abs);
        } catch (RuntimeException e) {
            throw new DataFileException(shown, null, "cannot read the HDF5 structure: " + e.getClass().getSimpleName()
                    + ": " + e.getMessage(), "an undamaged HDF5 file (it may be truncated or written by a newer library)", e);
        }
    }

    private static void closeQuietly(HdfFile f) {
        try {
            f.close();
        } catch (RuntimeException e) {
            LOG.debug("closing {}: {}", f, e.toString());
        }
    }

    /** The file as opened. */
    public Path path() {
        return path;
    }

    /** The root group with the whole tree below it. */
    public H5Group root() {
        return root;
    }

    /** The node at an absolute path, following links. */
    public Optional<H5Node> node(String path) {
        return Optional.ofNullable(index.get(normalise(path)));
    }

    /** Every dataset in the tree (depth-first, file order), links followed once. */
    public List<H5DatasetInfo> datasets() {
        return datasets;
    }

    /**
     * The numeric dataset of rank 2 or more with the most elements (ties: first in file order),
     * skipping those that cannot be read; what a shell opens when a file is dropped on it.
     */
    public Optional<H5DatasetInfo> largestImageDataset() {
        H5DatasetInfo best = null;
        for (H5DatasetInfo d : datasets) {
            if (d.elementType().isNumeric() && d.shape().length >= 2 && d.problem().isEmpty()
                    && (best == null || d.size() > best.size())) {
                best = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * A lazy view of a numeric dataset.
     *
     * @throws DataFileException when the path is missing, not a dataset, not numeric, behind a
     *     broken link, or stored with a filter that cannot be decoded (the message names the filter)
     */
    public LazyDataset dataset(String path) throws DataFileException {
        if (closed) {
            throw new DataFileException(this.path, path, "the file was closed", "an open file");
        }
        String p = normalise(path);
        BlockedLazyDataset done = opened.get(p);
        if (done != null) {
            return done;
        }
        H5Node node = index.get(p);
        if (node == null) {
            throw new DataFileException(this.path, path, "no object at this path", "a dataset path such as "
                    + datasets.stream().limit(3).map(H5DatasetInfo::path).toList());
        }
        if (node instanceof H5BrokenLink b) {
            throw new DataFileException(this.path, path, "a broken link: " + b.problem(), "a link to a readable dataset");
        }
        if (node instanceof H5Group) {
            throw new DataFileException(this.path, path, "a group, not a dataset", "a numeric dataset");
        }
        H5DatasetInfo info = (H5DatasetInfo) node;
        if (info.problem().isPresent()) {
            throw new DataFileException(this.path, path, info.problem().get(), "a dataset this program can decode");
        }
        if (!info.elementType().isNumeric()) {
            throw new DataFileException(this.path, path, "a dataset of type " + info.typeDescription() + ", not numbers",
                    "a numeric dataset (int8 … uint64, float32, float64)");
        }
        TreeReader.Target t = targets.get(p);
        BlockedLazyDataset lazy = new Hdf5DatasetSource(t.file(), t.dataset(), info).lazy();
        BlockedLazyDataset raced = opened.putIfAbsent(p, lazy);
        return raced != null ? raced : lazy;
    }

    static String normalise(String path) {
        if (path == null || path.isBlank()) {
            return "/";
        }
        String p = path.trim().replaceAll("/+", "/");
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** Closes the file (and files opened through external links) and drops its cached blocks. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        opened.values().forEach(BlockedLazyDataset::evict);
        opened.clear();
        closeQuietly(hdf);
        externals.values().forEach(Hdf5File::closeQuietly);
    }

    @Override
    public String toString() {
        return "Hdf5File[" + path + ", " + datasets.size() + " datasets]";
    }
}
