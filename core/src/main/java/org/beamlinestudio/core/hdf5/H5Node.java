package org.beamlinestudio.core.hdf5;

import java.util.List;
import java.util.Optional;

/** One node of an HDF5 file's tree as the metadata browser shows it. Immutable. */
public sealed interface H5Node permits H5Group, H5DatasetInfo, H5BrokenLink {

    /** Absolute path in the file, e.g. {@code /exchange/data}; {@code /} for the root. */
    String path();

    /** Last path element; {@code /} for the root. */
    default String name() {
        String p = path();
        if (p.equals("/")) {
            return "/";
        }
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** Attributes in file order. */
    List<H5Attribute> attributes();

    /** How this node was reached when it sits behind a soft or external link. */
    Optional<H5LinkInfo> link();

    /** Attribute by name. */
    default Optional<H5Attribute> attribute(String name) {
        return attributes().stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
