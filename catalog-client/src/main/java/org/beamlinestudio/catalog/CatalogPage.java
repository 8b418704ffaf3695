package org.beamlinestudio.catalog;

import java.util.List;

/**
 * One page of search results.
 *
 * @param entries the entries on this page, in the requested order
 * @param offset the first entry's index among all matches
 * @param total how many entries match in all (−1 when the catalog cannot tell)
 * @param millis how long the search took, for the status line and the benchmark
 */
public record CatalogPage(List<CatalogEntry> entries, int offset, long total, double millis) {

    /** Copies the list. */
    public CatalogPage {
        entries = List.copyOf(entries);
    }
}
