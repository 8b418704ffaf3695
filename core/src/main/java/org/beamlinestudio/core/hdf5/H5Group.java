package org.beamlinestudio.core.hdf5;

import java.util.List;
import java.util.Optional;

/** A group and its children (in file order). */
public record H5Group(String path, List<H5Attribute> attributes, Optional<H5LinkInfo> link, List<H5Node> children)
        implements H5Node {

    public H5Group {
        attributes = List.copyOf(attributes);
        children = List.copyOf(children);
    }
}
