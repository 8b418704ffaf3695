package org.beamlinestudio.catalog;

import java.util.List;

/**
 * A search: free-text words (all must match somewhere: name, path or any metadata value) and field conditions.
 * The search bar's text {@code tooth energy > 20 sample:tooth date:2026-11-01..2026-11-21} parses to one of these
 * ({@link CatalogQueryParser}).
 *
 * @param words free-text words, matched case-insensitively as substrings
 * @param conditions field conditions, all of which must hold
 */
public record CatalogQuery(List<String> words, List<Condition> conditions) {

    /** Copies the lists. */
    public CatalogQuery {
        words = List.copyOf(words);
        conditions = List.copyOf(conditions);
    }

    /** Matches everything. */
    public static CatalogQuery all() {
        return new CatalogQuery(List.of(), List.of());
    }

    /** Parses the search bar's text; see {@link CatalogQueryParser}. */
    public static CatalogQuery parse(String text) {
        return CatalogQueryParser.parse(text);
    }

    /** Comparison operators. */
    public enum Op {
        /** Equal (numbers) or equal ignoring case (text). */
        EQ,
        /** Not equal. */
        NE,
        /** Less than. */
        LT,
        /** Less than or equal. */
        LE,
        /** Greater than. */
        GT,
        /** Greater than or equal. */
        GE,
        /** Text contains, ignoring case ({@code sample:tooth}). */
        CONTAINS
    }

    /**
     * One condition. Dates are conditions on {@code modified} with ISO-8601 text values (inclusive ranges become a
     * GE and an LE condition).
     *
     * @param field metadata key or built-in field ({@code name}, {@code modified}, {@code size}, {@code technique})
     * @param op the comparison
     * @param value a Double for numeric comparisons, else a String
     */
    public record Condition(String field, Op op, Object value) {
    }
}
