package org.beamlinestudio.catalog;

/** Parses the search bar's text into a {@link CatalogQuery}. */
public final class CatalogQueryParser {

    private CatalogQueryParser() {
    }

    /**
     * Parses {@code words}, {@code field:text}, {@code field op number} ({@code > >= < <= = !=}) and
     * {@code date:FROM..TO}.
     *
     * @throws IllegalArgumentException with a message that shows the part it could not read and an example
     */
    public static CatalogQuery parse(String text) {
        throw new UnsupportedOperationException("being built");
    }
}
