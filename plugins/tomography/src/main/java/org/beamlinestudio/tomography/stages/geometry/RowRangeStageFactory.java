package org.beamlinestudio.tomography.stages.geometry;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.core.stage.StageFactory;

/**
 * Keeps detector rows {@code rowFrom … rowTo} (inclusive) of projections (angle, row, column), renumbered
 * so that the output starts at row 0. Works whatever the stream axis: a row slab entirely outside the
 * range comes out as a block with 0 rows (the runner skips it). The chunks it returns carry a
 * {@link DerivedSource} whose {@code "flats"} and {@code "darks"} are restricted to the same rows, so a
 * normalisation placed after it still divides by the matching flat-field rows.
 */
public final class RowRangeStageFactory implements StageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.rows";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Row range";
    }

    @Override
    public String description() {
        return "Keeps a range of detector rows (slices), e.g. to reconstruct part of the sample or a quick preview.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.ofInt("rowFrom", "First row", 0, 0, null, "px", "First detector row kept (0 = top)."),
                ParamSpec.ofInt("rowTo", "Last row", -1, -1, null, "px",
                        "Last detector row kept, inclusive; −1 keeps every row to the bottom."));
    }

    @Override
    public Set<DataKind> inputKinds() {
        return Set.of(DataKind.PROJECTIONS);
    }

    /** Rows kept from {@code rows} detector rows. */
    static long keptRows(long rows, int from, int to) {
        long last = to < 0 ? rows - 1 : Math.min(to, rows - 1);
        return Math.max(0, last - from + 1);
    }

    @Override
    public long[] outputShape(long[] inputShape, ParamValues params) {
        long[] out = inputShape.clone();
        out[1] = keptRows(inputShape[1], params.getInt("rowFrom"), params.getInt("rowTo"));
        return out;
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) throws StageException {
        int from = params.getInt("rowFrom");
        int to = params.getInt("rowTo");
        if (to >= 0 && to < from) {
            throw new StageException(ID, "last row " + to + " is before the first row " + from);
        }
        return (input, progress, cancel) -> {
            FloatBlock b = input.block();
            if (b.rank() != 3) {
                throw new StageException(ID, "expects projections (angle, row, column), got " + b);
            }
            int[] s = b.shape();
            long row0 = b.origin()[1];
            long end = row0 + s[1];
            long lo = Math.max(row0, from);
            long hi = to < 0 ? end : Math.min(end, to + 1L);
            int n = (int) Math.max(0, hi - lo);
            int[] shape = {s[0], n, s[2]};
            float[] out = new float[s[0] * n * s[2]];
            int plane = s[2];
            for (int a = 0; a < s[0] && n > 0; a++) {
                System.arraycopy(b.data(), (a * s[1] + (int) (lo - row0)) * plane, out, a * n * plane, n * plane);
            }
            // An empty block sits where it would have been, clamped to the output's rows (a valid index for sinks).
            long outRow = n > 0 ? lo - from : Math.max(0, Math.min(row0 - from, to < 0 ? Long.MAX_VALUE : to + 1L - from));
            long[] origin = {b.origin()[0], outRow, b.origin()[2]};
            progress.update(1, n == 0 ? "no rows in range here" : "kept rows " + lo + "–" + (hi - 1));
            return new Chunk(new FloatBlock(out, shape, origin), input.kind(), input.streamAxis(),
                    restrictReferences(input.source(), from, to));
        };
    }

    /**
     * The source downstream stages see: its flats and darks restricted to the kept rows (when they have
     * those rows), renumbered from 0 like the data.
     */
    public static OpenedSource restrictReferences(OpenedSource source, int from, int to) {
        if (source == null) {
            return null;
        }
        DerivedSource derived = DerivedSource.of(source);
        for (String role : new String[] {"flats", "darks"}) {
            Optional<LazyDataset> a = source.array(role);
            if (a.isPresent() && a.get().rank() == 3) {
                long rows = a.get().shape()[1];
                long count = keptRows(rows, from, to);
                if (from + count <= rows && (to < 0 || to < rows)) {
                    derived = derived.withArray(role, new AxisWindowDataset(a.get(), 1, from, count));
                }
            }
        }
        return derived;
    }
}
