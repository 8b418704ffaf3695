package org.beamlinestudio.core.hdf5;

import io.jhdf.AbstractNode;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Link;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.links.ExternalLink;
import io.jhdf.links.SoftLink;
import io.jhdf.object.message.FilterPipelineMessage;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a whole HDF5 tree once into immutable {@link H5Node}s, following links with care. */
final class TreeReader {
    private static final Logger LOG = LoggerFactory.getLogger(TreeReader.class);
    /** Bounds the work on pathological files (diamond-shaped link graphs). */
    static final int MAX_NODES = 1_000_000;

    /** Opens (and remembers) the files external links point at. */
    interface ExternalFiles {
        HdfFile open(Path file) throws DataFileException;
    }

    /** Where a dataset of the tree really lives. */
    record Target(Path file, Dataset dataset) {
    }

    private final ExternalFiles externals;
    final Map<String, H5Node> index = new LinkedHashMap<>();
    final Map<String, Target> targets = new LinkedHashMap<>();
    final List<H5DatasetInfo> datasets = new ArrayList<>();
    private final Set<String> listedDatasets = new HashSet<>();
    private final Deque<String> groupStack = new ArrayDeque<>();
    private int nodes;

    TreeReader(ExternalFiles externals) {
        this.externals = externals;
    }

    H5Group read(HdfFile hdf, Path file) {
        H5Group root = group(hdf, "/", Optional.empty(), file);
        return root;
    }

    private H5Group group(Group g, String path, Optional<H5LinkInfo> link, Path file) {
        String key = identity(file, g);
        groupStack.push(key);
        try {
            List<H5Node> children = new ArrayList<>();
            Map<String, Object> kids;
            try {
                kids = new LinkedHashMap<>(g.getChildren());
            } catch (RuntimeException e) {
                // jhdf builds all members at once, so one it cannot parse (a virtual dataset, say)
                // hides them all: list them one by one instead
                try {
                    kids = TolerantChildren.list(g);
                    LOG.info("{}: members of {} listed one by one after: {}", file, path, e.toString());
                } catch (RuntimeException again) {
                    if (groupStack.size() == 1) {
                        throw e; // the root group itself is unreadable: the file is damaged
                    }
                    LOG.warn("{}: cannot list the members of {}: {}", file, path, e.toString());
                    kids = Map.of();
                }
            }
            List<Map.Entry<String, Object>> entries = new ArrayList<>(kids.entrySet());
            if (!creationOrderTracked(g)) {
                // HDF5's default index (what h5ls and h5py show) is by name; jhdf returns storage order
                entries.sort(Map.Entry.comparingByKey());
            }
            for (Map.Entry<String, Object> e : entries) {
                if (nodes >= MAX_NODES) {
                    LOG.warn("{}: stopped reading the tree after {} nodes", file, MAX_NODES);
                    break;
                }
                String childPath = path.equals("/") ? "/" + e.getKey() : path + "/" + e.getKey();
                H5Node child = e.getValue() instanceof TolerantChildren.Unreadable u
                        ? unreadable(childPath, u.reason())
                        : node((Node) e.getValue(), childPath, file);
                if (child != null) {
                    children.add(child);
                }
            }
            H5Group result = new H5Group(path, attributes(g, file, path), link, children);
            index.put(path, result);
            return result;
        } finally {
            groupStack.pop();
        }
    }

    private static boolean creationOrderTracked(Group g) {
        try {
            return g.isLinkCreationOrderTracked();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private H5Node node(Node n, String path, Path file) {
        nodes++;
        if (n instanceof Link link) {
            return linked(link, path, file);
        }
        return materialise(n, path, Optional.empty(), file);
    }

    private H5Node linked(Link link, String path, Path file) {
        if (link instanceof ExternalLink ext) {
            String targetFile = externalTargetFile(ext);
            String targetPath = ext.getTargetPath();
            // jhdf reports the external target as "file:path"
            if (targetPath != null && targetPath.startsWith(targetFile + ":")) {
                targetPath = targetPath.substring(targetFile.length() + 1);
            }
            H5LinkInfo info = new H5LinkInfo(H5LinkInfo.Kind.EXTERNAL, targetFile, targetPath);
            Path linkingFile = file;
            Path resolved = resolveExternal(linkingFile, targetFile);
            if (resolved == null) {
                Path beside = linkingFile.toAbsolutePath().getParent();
                String name = Path.of(targetFile).getFileName() == null ? targetFile : Path.of(targetFile).getFileName().toString();
                return broken(path, info, "external link to " + targetFile + ":" + targetPath + " cannot be followed: file "
                        + targetFile + " not found (also looked for " + name + " in " + beside + ")");
            }
            HdfFile other;
            try {
                other = externals.open(resolved);
            } catch (DataFileException e) {
                return broken(path, info, "external link to " + targetFile + ":" + targetPath
                        + " cannot be followed: " + e.getMessage());
            }
            Node target;
            try {
                target = targetPath.equals("/") || targetPath.isEmpty() ? other : other.getByPath(targetPath);
            } catch (RuntimeException e) {
                return broken(path, info, "external link to " + targetFile + ":" + targetPath + " cannot be followed: "
                        + resolved + " has no object at " + targetPath);
            }
            return materialise(target, path, Optional.of(info), resolved);
        }
        String targetPath = link.getTargetPath();
        H5LinkInfo info = new H5LinkInfo(H5LinkInfo.Kind.SOFT, null, targetPath);
        if (!(link instanceof SoftLink)) {
            return broken(path, info, "a link of a kind this program cannot follow (" + link.getClass().getSimpleName() + ")");
        }
        Node target;
        try {
            target = link.getTarget();
        } catch (RuntimeException e) {
            return broken(path, info, "soft link to " + targetPath + " cannot be followed: " + file + " has no object at "
                    + targetPath);
        }
        return materialise(target, path, Optional.of(info), file);
    }

    private H5Node materialise(Node n, String path, Optional<H5LinkInfo> link, Path file) {
        if (n instanceof Link inner) {
            // a link whose target is again a link (jhdf may hand those back)
            H5Node r = linked(inner, path, file);
            return r;
        }
        if (n instanceof Group g) {
            String key = identity(file, g);
            if (groupStack.contains(key)) {
                H5LinkInfo info = link.orElse(new H5LinkInfo(H5LinkInfo.Kind.SOFT, null, safePath(g)));
                return broken(path, info, "link cycle: " + path + " leads back to its own ancestor " + safePath(g)
                        + "; not followed again");
            }
            return group(g, path, link, file);
        }
        if (n instanceof Dataset ds) {
            H5DatasetInfo info = dataset(ds, path, link, file);
            index.put(path, info);
            targets.put(path, new Target(file, ds));
            String key = identity(file, ds);
            if (listedDatasets.add(key)) {
                datasets.add(info);
            }
            return info;
        }
        return null; // committed data types: not shown
    }

    /** A member jhdf cannot build: shown as a dataset of unknown shape whose problem says why. */
    private H5DatasetInfo unreadable(String path, String reason) {
        nodes++;
        String layout = reason.contains("virtual dataset") ? "virtual" : "unknown";
        H5DatasetInfo info = new H5DatasetInfo(path, List.of(), Optional.empty(), new long[0], ElementType.OTHER, "unknown",
                layout, null, List.of(), -1, Optional.of(reason));
        index.put(path, info);
        datasets.add(info);
        return info;
    }

    private H5BrokenLink broken(String path, H5LinkInfo info, String problem) {
        H5BrokenLink b = new H5BrokenLink(path, info, problem);
        index.put(path, b);
        return b;
    }

    private static String identity(Path file, Node n) {
        long address;
        try {
            address = n.getAddress();
        } catch (RuntimeException e) {
            address = System.identityHashCode(n);
        }
        return file.toAbsolutePath().normalize() + "#" + address;
    }

    private static String safePath(Node n) {
        try {
            return n.getPath();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** HDF5 resolves a relative target against the linking file's folder; absolute ones are tried as
     * written, then by name beside the linking file (data moved off the beamline). */
    static Path resolveExternal(Path linkingFile, String targetFile) {
        Path folder = linkingFile.toAbsolutePath().getParent();
        Path t;
        try {
            t = Path.of(targetFile);
        } catch (RuntimeException e) {
            return null;
        }
        Path candidate = t.isAbsolute() ? t : folder.resolve(t);
        if (Files.isRegularFile(candidate)) {
            return candidate.normalize();
        }
        if (t.getFileName() != null) {
            Path beside = folder.resolve(t.getFileName().toString());
            if (Files.isRegularFile(beside)) {
                return beside.normalize();
            }
        }
        return null;
    }

    private static String externalTargetFile(ExternalLink ext) {
        try {
            Field f = ExternalLink.class.getDeclaredField("targetFile");
            f.setAccessible(true);
            return (String) f.get(ext);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // jhdf's toString is "ExternalLink [name=..., targetFile=..., targetPath=...]"
            String s = ext.toString();
            int i = s.indexOf("targetFile=");
            if (i >= 0) {
                int j = s.indexOf(", targetPath=", i);
                return s.substring(i + "targetFile=".length(), j > i ? j : s.length());
            }
            return "?";
        }
    }

    private H5DatasetInfo dataset(Dataset ds, String path, Optional<H5LinkInfo> link, Path file) {
        List<H5Attribute> attrs = attributes(ds, file, path);
        try {
            ElementType et = Hdf5Types.elementType(ds.getDataType());
            String type = Hdf5Types.describe(ds.getDataType());
            long[] shape = ds.isScalar() ? new long[0] : ds.getDimensionsAsLong();
            String layout = ds.getDataLayout() == null ? "unknown" : ds.getDataLayout().name().toLowerCase(Locale.ROOT);
            long[] chunk = null;
            if (ds instanceof ChunkedDataset c) {
                chunk = Arrays.stream(c.getChunkDimensions()).asLongStream().toArray();
            }
            List<FilterPipelineMessage.FilterInfo> filterInfos = filterInfos(ds);
            List<String> filters = new ArrayList<>();
            filterInfos.forEach(f -> filters.add(Hdf5Filters.describe(f)));
            long storage;
            try {
                storage = ds.getStorageInBytes();
            } catch (RuntimeException e) {
                storage = -1;
            }
            Optional<String> problem = Hdf5Filters.unsupported(filterInfos);
            if (problem.isEmpty() && et.isNumeric() && shape.length > 0) {
                for (long s : shape) {
                    if (s > Integer.MAX_VALUE) {
                        problem = Optional.of("an axis of " + s + " elements; at most " + Integer.MAX_VALUE + " per axis can be read");
                    }
                }
            }
            return new H5DatasetInfo(path, attrs, link, shape, et, type, layout, chunk, filters, storage, problem);
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot describe dataset {}: {}", file, path, e.toString());
            return new H5DatasetInfo(path, attrs, link, new long[0], ElementType.OTHER, "unknown", "unknown", null,
                    List.of(), -1, Optional.of("cannot read the dataset's description: " + e.getMessage()));
        }
    }

    static List<FilterPipelineMessage.FilterInfo> filterInfos(Dataset ds) {
        if (!(ds instanceof AbstractNode an)) {
            return List.of();
        }
        List<FilterPipelineMessage.FilterInfo> out = new ArrayList<>();
        for (FilterPipelineMessage m : an.getHeader().getMessagesOfType(FilterPipelineMessage.class)) {
            out.addAll(m.getFilters());
        }
        return out;
    }

    private static List<H5Attribute> attributes(Node n, Path file, String path) {
        Map<String, Attribute> attrs;
        try {
            attrs = n.getAttributes();
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot read the attributes of {}: {}", file, path, e.toString());
            return List.of();
        }
        List<H5Attribute> out = new ArrayList<>(attrs.size());
        for (Map.Entry<String, Attribute> e : attrs.entrySet()) {
            Attribute a = e.getValue();
            String type;
            try {
                type = Hdf5Types.describe(a.getDataType());
            } catch (RuntimeException ex) {
                type = "unknown";
            }
            try {
                long[] shape = a.isScalar() || a.isEmpty() ? new long[0] : a.getDimensionsAsLong();
                Object value = a.isEmpty() ? null : normalise(a.getData());
                out.add(new H5Attribute(e.getKey(), type, shape, value));
            } catch (RuntimeException ex) {
                out.add(new H5Attribute(e.getKey(), type, new long[0], "(unreadable: " + ex.getMessage() + ")"));
            }
        }
        return out;
    }

    /** Flattens N-d Java arrays to 1-d (the shape is kept beside); scalars and strings pass through. */
    static Object normalise(Object v) {
        if (v == null || !v.getClass().isArray()) {
            return v;
        }
        Class<?> leaf = v.getClass();
        while (leaf.isArray()) {
            leaf = leaf.getComponentType();
        }
        if (!v.getClass().getComponentType().isArray()) {
            return v;
        }
        List<Object> values = new ArrayList<>();
        collect(v, values);
        Object flat = Array.newInstance(leaf, values.size());
        for (int i = 0; i < values.size(); i++) {
            Array.set(flat, i, values.get(i));
        }
        return flat;
    }

    private static void collect(Object v, List<Object> out) {
        if (v != null && v.getClass().isArray()) {
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) {
                collect(Array.get(v, i), out);
            }
        } else {
            out.add(v);
        }
    }
}
