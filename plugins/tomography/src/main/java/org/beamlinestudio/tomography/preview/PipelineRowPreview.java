package org.beamlinestudio.tomography.preview;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.tomography.center.Sinogram;
import org.beamlinestudio.tomography.stages.geometry.RowRangeStageFactory;
import org.beamlinestudio.tomography.stages.ReconstructionStages;

/**
 * Runs a pipeline's enabled stages on one detector row, the way {@code PipelineRunner} runs them on a slab: each
 * stage made by its factory ({@link StageFactory#create}) and fed {@link Chunk}s that carry the source. Gives the
 * data before and after any stage as an image (angle × column for projections, y × x after reconstruction).
 *
 * <p>The slab read is a band of rows around the row: as many as the stages' {@link StageFactory#streamAlignment}
 * needs (binning by 2ᵏ needs whole bins), and, when a stage filters whole projections (Paganin, streamed along
 * angles), {@value #PROJECTION_MARGIN_ROWS} rows either side. That is an approximation: such a filter sees only
 * the band, not the whole projection, so rows near the band's edge differ slightly from a full run; the row in
 * the middle is what a full run gives up to the filter's reach beyond the margin.
 *
 * <p>Results are cached per (source, row, band, enabled stages so far) under a byte budget, so moving the
 * selection along the list or going back to a stage does not recompute, and editing stage k recomputes only from
 * k on. Thread-safe; slow: never call on the FX thread.
 */
public final class PipelineRowPreview implements SinogramSource {

    /** Rows read either side of the previewed row when a stage needs whole projections. */
    public static final int PROJECTION_MARGIN_ROWS = 16;

    /** Cache budget when none is given. */
    public static final long DEFAULT_CACHE_BYTES = 256L << 20;

    /**
     * One image of the preview.
     *
     * @param data    {@code height} rows of {@code width}, C order
     * @param caption what it is and, when stages changed the geometry, how
     */
    public record RowImage(float[] data, int width, int height, String caption) {
    }

    private final PluginRegistry registry;
    private final String compute;
    private final long cacheBytes;
    private final LinkedHashMap<Key, State> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedBytes;

    /** A preview over {@code registry}'s stages on the {@code compute} device (as {@code StageEnvironment}). */
    public PipelineRowPreview(PluginRegistry registry, String compute) {
        this(registry, compute, DEFAULT_CACHE_BYTES);
    }

    /** As above, keeping at most about {@code cacheBytes} of intermediate slabs. */
    public PipelineRowPreview(PluginRegistry registry, String compute, long cacheBytes) {
        this.registry = registry;
        this.compute = compute;
        this.cacheBytes = cacheBytes;
    }

    /** The data entering stage {@code k} (the row as read when no enabled stage precedes it). */
    public RowImage before(OpenedSource source, Pipeline pipeline, int row, int k, Cancellation cancel)
            throws StageException, Cancellation.CancelledException {
        checkIndex(pipeline, k);
        return image(stateBefore(source, pipeline, row, k, cancel), "before " + stageName(pipeline, k));
    }

    /** The data leaving stage {@code k}; the same as {@link #before} when the stage is disabled. */
    public RowImage after(OpenedSource source, Pipeline pipeline, int row, int k, Cancellation cancel)
            throws StageException, Cancellation.CancelledException {
        checkIndex(pipeline, k);
        boolean enabled = pipeline.stages().get(k).enabled();
        return image(stateBefore(source, pipeline, row, k + 1, cancel),
                (enabled ? "after " : "disabled, unchanged: ") + stageName(pipeline, k));
    }

    /**
     * The row's sinogram as the last enabled reconstruction stage receives it (all enabled stages when there is
     * none), with the angles the stages hand on (binned or stitched angles where a stage changes them).
     */
    @Override
    public Sinogram sinogram(OpenedSource source, Pipeline pipeline, int row, Cancellation cancel)
            throws StageException, Cancellation.CancelledException {
        int recon = ReconstructionStages.lastEnabledIndex(pipeline);
        State s = stateBefore(source, pipeline, row, recon < 0 ? pipeline.stages().size() : recon, cancel);
        if (s.chunk.kind() != DataKind.PROJECTIONS) {
            throw new StageException("preview", "the stages before the reconstruction give " + s.chunk.kind()
                    + ", not projections: no sinogram to reconstruct");
        }
        RowImage img = image(s, "sinogram");
        int na = img.height();
        OpenedSource carried = s.chunk.source();
        double[] angles = carried == null ? null : carried.vector("angles").orElse(null);
        if (angles == null) {
            angles = new double[na];
            for (int a = 0; a < na; a++) {
                angles[a] = a * Math.PI / na;
            }
        }
        if (angles.length != na) {
            throw new StageException("preview", angles.length + " angles for a sinogram of " + na
                    + " projections in " + source.file() + ": a stage changed the projections but not the angles");
        }
        return new Sinogram(img.data(), na, img.width(), angles);
    }

    /** Forgets every cached slab (e.g. when the source closes). */
    public void clear() {
        synchronized (cache) {
            cache.clear();
            cachedBytes = 0;
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A slab on its way: the chunk, the previewed row's index in it, and the geometry changes so far. */
    private record State(Chunk chunk, int index, List<String> changes) {
        long bytes() {
            return 4L * chunk.block().data().length;
        }
    }

    /** What a cached slab depends on; the source by identity. */
    private record Key(OpenedSource source, int row, int bandFrom, int bandTo, List<Pipeline.StageSpec> stages) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.source == source && k.row == row && k.bandFrom == bandFrom
                    && k.bandTo == bandTo && k.stages.equals(stages);
        }

        @Override
        public int hashCode() {
            return ((System.identityHashCode(source) * 31 + row) * 31 + bandFrom) * 31 + stages.hashCode();
        }
    }

    private static void checkIndex(Pipeline p, int k) {
        if (k < 0 || k >= p.stages().size()) {
            throw new IndexOutOfBoundsException("stage " + k + " of a pipeline of " + p.stages().size());
        }
    }

    private String stageName(Pipeline p, int k) {
        String id = p.stages().get(k).stage();
        return registry.stageFactory(id).map(StageFactory::displayName).orElse(id);
    }

    /** The slab after the enabled stages with index below {@code end}. */
    private State stateBefore(OpenedSource source, Pipeline pipeline, int row, int end, Cancellation cancel)
            throws StageException, Cancellation.CancelledException {
        long[] shape = source.primary().shape();
        if (shape.length != 3) {
            throw new StageException("preview", source.file() + ": the primary array " + source.primary().path()
                    + " has shape " + Arrays.toString(shape) + ", expected projections (angle, row, column)");
        }
        if (row < 0 || row >= shape[1]) {
            throw new StageException("preview", "row " + row + " is outside the detector's rows 0–" + (shape[1] - 1)
                    + " of " + source.file());
        }
        List<Pipeline.StageSpec> enabled = new ArrayList<>();
        List<Pipeline.StageSpec> all = new ArrayList<>();
        for (int i = 0; i < pipeline.stages().size(); i++) {
            Pipeline.StageSpec s = pipeline.stages().get(i);
            if (s.enabled()) {
                all.add(s);
                if (i < end) {
                    enabled.add(s);
                }
            }
        }
        int[] band = band(all, row, (int) shape[1]);
        // Longest cached prefix first, then the remaining stages one by one (each cached).
        int done = enabled.size();
        State state = null;
        while (done > 0 && (state = cached(new Key(source, row, band[0], band[1], enabled.subList(0, done)))) == null) {
            done--;
        }
        if (state == null) {
            state = cached(new Key(source, row, band[0], band[1], List.of()));
        }
        if (state == null) {
            state = read(source, row, band);
            remember(new Key(source, row, band[0], band[1], List.of()), state);
        }
        for (int i = done; i < enabled.size(); i++) {
            cancel.check();
            state = run(enabled.get(i), state, row, cancel);
            remember(new Key(source, row, band[0], band[1], List.copyOf(enabled.subList(0, i + 1))), state);
        }
        return state;
    }

    /** Rows [from, to) to read: aligned for every stage, with a margin when a stage needs whole projections. */
    private int[] band(List<Pipeline.StageSpec> stages, int row, int rows) {
        int alignment = 1;
        boolean wholeProjections = false;
        for (Pipeline.StageSpec s : stages) {
            StageFactory f = registry.stageFactory(s.stage()).orElse(null);
            if (f == null) {
                continue;
            }
            List<String> problems = new ArrayList<>();
            ParamValues v = ParamValues.resolve(f.params(), s.params(), problems);
            if (problems.isEmpty()) {
                alignment = lcm(alignment, Math.max(1, f.streamAlignment(v)));
            }
            OptionalInt axis = f.inputKinds().contains(DataKind.PROJECTIONS)
                    ? f.streamAxis(DataKind.PROJECTIONS) : OptionalInt.empty();
            wholeProjections |= axis.isPresent() && axis.getAsInt() == 0;
        }
        int margin = wholeProjections ? PROJECTION_MARGIN_ROWS : 0;
        int from = Math.max(0, row - margin);
        from -= from % alignment;
        int to = Math.min(rows, row + margin + 1);
        int over = (to - from) % alignment;
        if (over != 0) {
            to = Math.min(rows, to + alignment - over);
        }
        return new int[] {from, to};
    }

    private static State read(OpenedSource source, int row, int[] band) throws StageException {
        long[] shape = source.primary().shape();
        int[] count = {(int) shape[0], band[1] - band[0], (int) shape[2]};
        long[] origin = {0, band[0], 0};
        try {
            float[] data = source.primary().readFloats(origin, count);
            Chunk chunk = new Chunk(new FloatBlock(data, count, origin), source.kind(), source.streamAxis(), source);
            return new State(chunk, row - band[0], List.of());
        } catch (DataFileException e) {
            throw new StageException("preview", e.getMessage(), e);
        }
    }

    /** Runs one stage on the slab, as the runner would (same factory, same chunk), and follows the row. */
    private State run(Pipeline.StageSpec spec, State in, int row, Cancellation cancel)
            throws StageException, Cancellation.CancelledException {
        StageFactory f = registry.stageFactory(spec.stage()).orElseThrow(() -> new StageException(spec.stage(),
                "unknown stage: no installed plugin provides it"));
        List<String> problems = new ArrayList<>();
        ParamValues params = ParamValues.resolve(f.params(), spec.params(), problems);
        if (!problems.isEmpty()) {
            throw new StageException(f.id(), String.join("; ", problems));
        }
        Chunk chunk = in.chunk;
        if (!f.inputKinds().contains(chunk.kind())) {
            throw new StageException(f.id(), f.displayName() + " takes " + f.inputKinds() + " but receives "
                    + chunk.kind());
        }
        OptionalInt wanted = f.streamAxis(chunk.kind());
        if (wanted.isPresent() && wanted.getAsInt() != chunk.streamAxis()) {
            // The runner would re-chunk along the wanted axis; here the band stands for the whole array.
            chunk = new Chunk(chunk.block(), chunk.kind(), wanted.getAsInt(), chunk.source());
        }
        Chunk out;
        try (Stage stage = f.create(params, new StageEnvironment(compute))) {
            out = stage.run(chunk, Progress.NONE, cancel);
        } catch (RuntimeException e) {
            throw new StageException(f.id(), f.displayName() + " failed unexpectedly: " + e, e);
        }
        int inAxis = rowAxis(chunk.kind());
        int outAxis = rowAxis(out.kind());
        int nIn = chunk.block().shape()[inAxis];
        int nOut = out.block().data().length == 0 ? 0 : out.block().shape()[outAxis];
        int index;
        if (f.id().equals(RowRangeStageFactory.ID)) {
            // Row numbers restart at rowFrom after a row range.
            long abs = chunk.block().origin()[inAxis] + in.index - params.getInt("rowFrom");
            index = (int) (abs - (nOut == 0 ? 0 : out.block().origin()[outAxis]));
        } else if (nIn == nOut) {
            index = in.index;
        } else {
            index = nIn == 0 ? 0 : (int) ((long) in.index * nOut / nIn);
        }
        if (nOut == 0 || index < 0 || index >= nOut) {
            throw new StageException(f.id(), "detector row " + row + " is not among the rows " + f.displayName()
                    + " keeps: choose a row inside its range");
        }
        List<String> changes = new ArrayList<>(in.changes);
        String change = geometryChange(chunk, out, in.index, index);
        if (change != null) {
            changes.add(f.displayName() + ": " + change);
        }
        return new State(out, index, List.copyOf(changes));
    }

    /** How a stage changed what the image shows, or null when it did not. */
    private static String geometryChange(Chunk in, Chunk out, int inIndex, int outIndex) {
        if (in.kind() != out.kind()) {
            return in.kind().name().toLowerCase() + " → " + out.kind().name().toLowerCase();
        }
        int[] a = in.block().shape();
        int[] b = out.block().shape();
        List<String> parts = new ArrayList<>();
        if (in.kind() == DataKind.PROJECTIONS) {
            if (a[0] != b[0]) {
                parts.add("angles " + a[0] + " → " + b[0]);
            }
            if (a[2] != b[2]) {
                parts.add("width " + a[2] + " → " + b[2] + " columns");
            }
            long rowIn = in.block().origin()[1] + inIndex;
            long rowOut = out.block().origin()[1] + outIndex;
            if (rowIn != rowOut) {
                parts.add("row " + rowIn + " → " + rowOut);
            }
        } else if (a.length == b.length) {
            for (int ax = 1; ax < a.length; ax++) {
                if (a[ax] != b[ax]) {
                    parts.add("axis " + ax + " " + a[ax] + " → " + b[ax]);
                }
            }
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    /** The axis that holds detector rows: 1 in projections (angle, row, column), 0 in volumes (z, y, x). */
    private static int rowAxis(DataKind kind) {
        return kind == DataKind.PROJECTIONS ? 1 : 0;
    }

    private static RowImage image(State s, String label) {
        FloatBlock b = s.chunk.block();
        int[] shape = b.shape();
        float[] out;
        int width;
        int height;
        String what;
        if (s.chunk.kind() == DataKind.PROJECTIONS) {
            height = shape[0];
            width = shape[2];
            out = new float[height * width];
            for (int a = 0; a < height; a++) {
                System.arraycopy(b.data(), (a * shape[1] + s.index) * width, out, a * width, width);
            }
            what = height + " angles × " + width + " columns";
        } else {
            height = shape.length > 1 ? shape[1] : 1;
            width = shape.length > 2 ? shape[2] : shape[shape.length - 1];
            out = Arrays.copyOfRange(b.data(), s.index * height * width, (s.index + 1) * height * width);
            what = "slice " + width + " × " + height;
        }
        String caption = label + " — " + what
                + (s.changes.isEmpty() ? "" : " (" + String.join("; ", s.changes) + ")");
        return new RowImage(out, width, height, caption);
    }

    private State cached(Key key) {
        synchronized (cache) {
            return cache.get(key);
        }
    }

    private void remember(Key key, State state) {
        synchronized (cache) {
            State old = cache.put(key, state);
            if (old != null) {
                cachedBytes -= old.bytes();
            }
            cachedBytes += state.bytes();
            Iterator<Map.Entry<Key, State>> it = cache.entrySet().iterator();
            while (cachedBytes > cacheBytes && it.hasNext()) {
                Map.Entry<Key, State> e = it.next();
                if (e.getKey().equals(key)) {
                    continue;
                }
                cachedBytes -= e.getValue().bytes();
                it.remove();
            }
        }
    }

    private static int lcm(int a, int b) {
        return a / gcd(a, b) * b;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
