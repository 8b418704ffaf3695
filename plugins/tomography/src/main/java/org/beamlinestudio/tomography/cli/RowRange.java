package org.beamlinestudio.tomography.cli;

import java.util.Map;
import org.beamlinestudio.tomography.stages.geometry.RowRangeStageFactory;

/** The CLI's {@code --slices A:B} (B exclusive, as in Python) as the row-range stage's parameters. */
final class RowRange {

    /** The stage that keeps a range of detector rows. */
    static final String STAGE = RowRangeStageFactory.ID;

    private RowRange() {
    }

    static Map<String, Object> params(String slices) {
        String[] ab = slices.split(":", -1);
        try {
            if (ab.length != 2) {
                throw new NumberFormatException();
            }
            int from = ab[0].isBlank() ? 0 : Integer.parseInt(ab[0].trim());
            int to = ab[1].isBlank() ? -1 : Integer.parseInt(ab[1].trim()) - 1;
            if (from < 0 || (to != -1 && to < from)) {
                throw new IllegalArgumentException("--slices " + slices + ": need 0 ≤ A < B");
            }
            return Map.of("rowFrom", from, "rowTo", to);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--slices must be A:B (rows A to B−1), found '" + slices + "'");
        }
    }
}
