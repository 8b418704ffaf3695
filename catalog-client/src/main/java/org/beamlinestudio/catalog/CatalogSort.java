package org.beamlinestudio.catalog;

/**
 * Result order: by a metadata key or one of the built-in fields {@code name}, {@code modified}, {@code size},
 * {@code technique}.
 *
 * @param field what to sort by
 * @param descending largest first when {@code true}
 */
public record CatalogSort(String field, boolean descending) {

    /** Newest first, the order a scientist looking for last night's scan wants. */
    public static CatalogSort newestFirst() {
        return new CatalogSort("modified", true);
    }
}
