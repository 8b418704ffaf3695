package org.beamlinestudio.viewer;

import java.util.List;
import java.util.Locale;
import org.beamlinestudio.core.hdf5.H5Attribute;
import org.beamlinestudio.core.hdf5.H5BrokenLink;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Group;
import org.beamlinestudio.core.hdf5.H5Node;

/** How HDF5 nodes read in the browser: shape, type, storage, and the search predicate. */
public final class NodeText {

    private NodeText() {
    }

    /** "181×2×640", "group", "broken link". */
    public static String shape(H5Node node) {
        if (node instanceof H5DatasetInfo d) {
            return d.shapeText();
        }
        if (node instanceof H5Group g) {
            return g.children().size() + (g.children().size() == 1 ? " member" : " members");
        }
        return "";
    }

    /** "float32", "group", "broken link". */
    public static String type(H5Node node) {
        if (node instanceof H5DatasetInfo d) {
            return d.typeDescription();
        }
        if (node instanceof H5Group) {
            return "group";
        }
        return "broken link";
    }

    /** Layout, chunks, filters and size of a dataset; the problem of a broken link; the link itself. */
    public static String details(H5Node node) {
        StringBuilder sb = new StringBuilder();
        if (node instanceof H5DatasetInfo d) {
            sb.append(d.layout());
            if (d.chunkShape() != null && d.chunkShape().length > 0) {
                sb.append(" ").append(dims(d.chunkShape()));
            }
            if (!d.filters().isEmpty()) {
                sb.append(" · ").append(String.join(", ", d.filters()));
            }
            if (d.storageBytes() >= 0) {
                sb.append(" · ").append(bytes(d.storageBytes()));
            }
            d.problem().ifPresent(p -> sb.append(" · ⚠ ").append(p));
        } else if (node instanceof H5BrokenLink b) {
            sb.append(b.problem());
        }
        node.link().ifPresent(l -> {
            if (sb.length() > 0) {
                sb.append(" · ");
            }
            sb.append(l.describe());
        });
        return sb.toString();
    }

    /** Whether the node's name, or any attribute name or value, contains {@code query} (lower case). */
    public static boolean matches(H5Node node, String lowerQuery) {
        if (lowerQuery.isEmpty()) {
            return false;
        }
        if (node.name().toLowerCase(Locale.ROOT).contains(lowerQuery)) {
            return true;
        }
        List<H5Attribute> attrs = node.attributes();
        for (H5Attribute a : attrs) {
            if (a.name().toLowerCase(Locale.ROOT).contains(lowerQuery)
                    || a.valueText().toLowerCase(Locale.ROOT).contains(lowerQuery)) {
                return true;
            }
        }
        return false;
    }

    /** "64×64". */
    public static String dims(long[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append('×');
            }
            sb.append(dims[i]);
        }
        return sb.toString();
    }

    /** "1.2 MB" (decimal units, as file managers show them). */
    public static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
