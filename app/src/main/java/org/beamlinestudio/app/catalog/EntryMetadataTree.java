package org.beamlinestudio.app.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.beamlinestudio.catalog.CatalogEntry;
import org.beamlinestudio.core.hdf5.H5Attribute;
import org.beamlinestudio.core.hdf5.H5Group;
import org.beamlinestudio.core.hdf5.H5Node;

/**
 * A catalog entry's flattened metadata as a tree for the metadata browser: HDF5 paths ({@code /entry/sample/name},
 * {@code /entry@default}) and Tiled's dotted keys ({@code sample.name}) become groups, the last part an attribute of
 * its group; plain keys ({@code energy}) are attributes of the root, so the key facts show first.
 */
final class EntryMetadataTree {

    private EntryMetadataTree() {
    }

    /** The tree of {@code entry}'s metadata, with the built-in fields as root attributes. */
    static H5Group of(CatalogEntry entry) {
        Node root = new Node("/");
        root.attributes.put("name", entry.name());
        root.attributes.put("id", entry.id());
        root.attributes.put("catalog", entry.catalogId());
        if (!entry.technique().isEmpty()) {
            root.attributes.put("technique", entry.technique());
        }
        root.attributes.put("family", entry.family());
        entry.file().ifPresent(f -> root.attributes.put("file", f.toString()));
        if (entry.modified() != null) {
            root.attributes.put("modified", entry.modified().toString());
        }
        if (entry.sizeBytes() >= 0) {
            root.attributes.put("size", entry.sizeBytes());
        }
        if (entry.shape().length > 0) {
            root.attributes.put("shape", ResultColumns.shapeText(entry.shape()));
        }
        for (Map.Entry<String, Object> e : new TreeMap<>(entry.metadata()).entrySet()) {
            List<String> parts = split(e.getKey());
            Node n = root;
            for (int i = 0; i < parts.size() - 1; i++) {
                n = n.child(parts.get(i));
            }
            n.attributes.put(parts.get(parts.size() - 1), e.getValue());
        }
        return (H5Group) root.build("");
    }

    /** The group names then the attribute name of a key. */
    static List<String> split(String key) {
        List<String> parts = new ArrayList<>();
        String path = key;
        String attribute = null;
        int at = key.lastIndexOf('@');
        if (key.startsWith("/") && at > 0) {
            path = key.substring(0, at);
            attribute = key.substring(at + 1);
        }
        String[] pieces = key.startsWith("/") ? path.substring(1).split("/") : path.split("\\.");
        for (String p : pieces) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        if (attribute != null) {
            parts.add(attribute);
        }
        if (parts.isEmpty()) {
            parts.add(key);
        }
        return parts;
    }

    private static final class Node {
        final String name;
        final Map<String, Object> attributes = new LinkedHashMap<>();
        final Map<String, Node> children = new TreeMap<>();

        Node(String name) {
            this.name = name;
        }

        Node child(String childName) {
            return children.computeIfAbsent(childName, Node::new);
        }

        H5Node build(String parentPath) {
            String path = name.equals("/") ? "/" : (parentPath.equals("/") ? "" : parentPath) + "/" + name;
            List<H5Attribute> attrs = new ArrayList<>();
            attributes.forEach((k, v) -> attrs.add(new H5Attribute(k, typeOf(v), new long[0], v)));
            List<H5Node> kids = new ArrayList<>();
            for (Node c : children.values()) {
                kids.add(c.build(path));
            }
            return new H5Group(path, attrs, Optional.empty(), kids);
        }
    }

    private static String typeOf(Object v) {
        if (v instanceof Double || v instanceof Float) {
            return "float64";
        }
        if (v instanceof Long || v instanceof Integer) {
            return "int64";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        return "string";
    }
}
