package org.beamlinestudio.core.hdf5;

/**
 * A link on the way to a node.
 *
 * @param kind       soft or external
 * @param targetFile for external links the file as written in the link (relative paths are resolved
 *                   against the linking file's folder); {@code null} for soft links
 * @param targetPath the object path the link points at
 */
public record H5LinkInfo(Kind kind, String targetFile, String targetPath) {

    /** Link kinds HDF5 knows besides hard links. */
    public enum Kind { SOFT, EXTERNAL }

    /** "→ /entry/data" or "→ other.h5:/entry/data". */
    public String describe() {
        return kind == Kind.EXTERNAL ? "→ " + targetFile + ":" + targetPath : "→ " + targetPath;
    }
}
