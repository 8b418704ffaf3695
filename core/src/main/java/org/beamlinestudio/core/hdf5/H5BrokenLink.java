package org.beamlinestudio.core.hdf5;

import java.util.List;
import java.util.Optional;

/**
 * A soft or external link whose target cannot be reached (missing file, missing object). Shown in
 * the tree as such; never fatal to opening the file.
 *
 * @param problem what is wrong, in words that name the missing file or object
 */
public record H5BrokenLink(String path, H5LinkInfo target, String problem) implements H5Node {

    @Override
    public List<H5Attribute> attributes() {
        return List.of();
    }

    @Override
    public Optional<H5LinkInfo> link() {
        return Optional.of(target);
    }
}
