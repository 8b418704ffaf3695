package org.beamlinestudio.catalog;

import java.util.Optional;
import org.beamlinestudio.core.data.LazyDataset;

/**
 * A searchable collection of scans: the embedded local catalog of the user's folders, or a facility's Tiled server.
 * Implementations are thread-safe; every call may do I/O and must not run on the FX thread.
 */
public interface Catalog extends AutoCloseable {

    /** A stable id for settings, e.g. {@code local} or {@code tiled:https://tiled.example.org}. */
    String id();

    /** The name shown in the Catalog panel. */
    String displayName();

    /**
     * One page of the entries matching {@code query}, sorted.
     *
     * @param offset first entry (0-based)
     * @param limit at most this many entries (≥ 1)
     * @throws CatalogException with a message a scientist can act on (server unreachable, key refused, bad field)
     */
    CatalogPage search(CatalogQuery query, CatalogSort sort, int offset, int limit) throws CatalogException;

    /** The entry with this id, with its full metadata. */
    CatalogEntry entry(String id) throws CatalogException;

    /**
     * The entry's array as a lazy dataset when it is one that is read through the catalog (a Tiled array); local
     * entries are files and are opened through the app's usual file opener ({@link CatalogEntry#file()}).
     */
    default Optional<LazyDataset> array(CatalogEntry entry) throws CatalogException {
        return Optional.empty();
    }

    /** Releases connections, watchers and database handles. */
    @Override
    void close();
}
