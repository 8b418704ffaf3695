package org.beamlinestudio.core.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineValidator;
import org.beamlinestudio.core.pipeline.Provenance;
import org.beamlinestudio.core.pipeline.ValidationReport;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.plugin.ReaderChoice;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.core.stage.StageFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pipeline in this thread: opens the input, streams it chunk by chunk along the source's
 * stream axis through the enabled stages into the output sink, reading the next chunk while the
 * current one is processed. Memory is bounded by {@link ExecutionSettings#chunkBytes()}, not by
 * the size of the file. Used by the local executor, the CLI, and (through the CLI) cluster jobs.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    /** Read amplification above which the source is re-chunked before the stages read it. */
    static final double MAX_READ_AMPLIFICATION = 4;

    private final PluginRegistry registry;
    private final ExecutionSettings settings;

    public PipelineRunner(PluginRegistry registry, ExecutionSettings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    /** A run that could not start or failed part-way, with a message for the scientist. */
    public static final class RunException extends Exception {
        private static final long serialVersionUID = 1L;

        public RunException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Runs the pipeline to completion.
     *
     * @return the final output path
     * @throws PipelineInvalidException when the pipeline does not validate against the opened input
     * @throws RunException             when reading, a stage, or writing fails
     * @throws Cancellation.CancelledException when cancelled (nothing left under the output name)
     */
    public Path run(Pipeline pipeline, Progress progress, Cancellation cancel)
            throws PipelineInvalidException, RunException, Cancellation.CancelledException {
        return run(pipeline, progress, cancel, OutputListener.NONE);
    }

    /**
     * Runs the pipeline to completion, telling {@code listener} about each output chunk once it is written.
     *
     * @see #run(Pipeline, Progress, Cancellation)
     */
    public Path run(Pipeline pipeline, Progress progress, Cancellation cancel, OutputListener listener)
            throws PipelineInvalidException, RunException, Cancellation.CancelledException {
        Instant started = Instant.now();
        Pipeline stamped = Provenance.stamp(pipeline, registry);
        PipelineValidator validator = new PipelineValidator(registry);
        ValidationReport statik = validator.validate(stamped, Optional.empty());
        if (!statik.isValid()) {
            throw new PipelineInvalidException(statik.problems());
        }
        statik.warnings().forEach(w -> LOG.warn("{}", w));
        progress.update(0, "Opening " + Path.of(pipeline.input().path()).getFileName());
        try (OpenedSource source = open(stamped)) {
            ValidationReport kinds = validator.validate(stamped, Optional.of(source.kind()));
            if (!kinds.isValid()) {
                throw new PipelineInvalidException(kinds.problems());
            }
            List<RunPlan.PlannedStage> planned = plan(stamped);
            List<RunPlan.Segment> segments = withSourceRechunked(source.primary(), source.kind(),
                    RunPlan.of(source.primary().shape(), source.kind(), source.streamAxis(), planned));
            List<Stage> stages = new ArrayList<>();
            try {
                for (RunPlan.PlannedStage ps : planned) {
                    stages.add(create(ps));
                }
                return execute(stamped, source, segments, stages, started, progress, cancel, listener);
            } finally {
                stages.forEach(Stage::close);
            }
        }
    }

    private OpenedSource open(Pipeline p) throws RunException {
        Path file = Path.of(p.input().path());
        DatasetReader reader;
        if (p.input().reader() != null && !p.input().reader().isBlank()) {
            reader = registry.reader(p.input().reader()).orElseThrow();
        } else {
            ReaderChoice choice = registry.chooseReader(file);
            reader = choice.winner().orElseThrow(() -> new RunException(choice.explain(), null));
        }
        try {
            return reader.open(file, p.input().options());
        } catch (DataFileException e) {
            throw new RunException(e.getMessage(), e);
        }
    }

    private List<RunPlan.PlannedStage> plan(Pipeline p) {
        List<RunPlan.PlannedStage> planned = new ArrayList<>();
        for (Pipeline.StageSpec spec : p.stages()) {
            if (!spec.enabled()) {
                continue;
            }
            StageFactory f = registry.stageFactory(spec.stage()).orElseThrow();
            planned.add(new RunPlan.PlannedStage(f, ParamValues.resolve(f.params(), spec.params(), new ArrayList<>())));
        }
        return planned;
    }

    /**
     * Files are often chunked for one way of reading (a detector writes one projection per chunk)
     * while the stages need another (whole sinograms). Reading sinogram slabs straight from
     * projection chunks would decode every chunk once per slab (hundreds of times over, and many
     * chunk-sized buffers in flight). When the source's chunks are much thicker along the first
     * segment's axis than a slab, the source is first streamed along its chunks' thin axis into a
     * temporary file chunked for both, and the stages read that.
     */
    private List<RunPlan.Segment> withSourceRechunked(LazyDataset data, DataKind kind, List<RunPlan.Segment> segments) {
        long[] chunks = data.chunkShape();
        long[] shape = data.shape();
        RunPlan.Segment first = segments.get(0);
        if (chunks == null || first.stages().isEmpty()) {
            return segments;
        }
        int readAxis = first.readAxis();
        double wasted = amplification(chunks, shape, readAxis, first.alignment());
        int best = readAxis;
        for (int a = 0; a < shape.length; a++) {
            if (amplification(chunks, shape, a, 1) < amplification(chunks, shape, best, 1)) {
                best = a;
            }
        }
        if (wasted <= MAX_READ_AMPLIFICATION || best == readAxis) {
            return segments;
        }
        LOG.info("{}: chunks {} are {}× thicker along axis {} than the slabs the stages need; re-chunking the "
                + "source along axis {} through a temporary file first", data.path(), Arrays.toString(chunks),
                Math.round(wasted), readAxis, best);
        List<RunPlan.Segment> out = new ArrayList<>();
        out.add(new RunPlan.Segment(best, shape, kind, List.of(), 1, best, shape, kind));
        out.addAll(segments);
        return out;
    }

    /** How many times more than needed one chunk-wise read of a slab along {@code axis} decodes. */
    private double amplification(long[] chunks, long[] shape, int axis, int alignment) {
        int slab = slicesPerChunk(shape, axis, alignment);
        return Math.max(1.0, (double) Math.min(chunks[axis], shape[axis]) / slab);
    }

    private Stage create(RunPlan.PlannedStage ps) throws RunException {
        try {
            return ps.factory().create(ps.params(), new StageEnvironment(settings.compute()));
        } catch (StageException e) {
            throw new RunException(e.getMessage(), e);
        }
    }

    /**
     * Runs the segments in order. Each reads its input along its axis in chunks that fit the memory
     * budget; every segment but the last writes into an intermediate file that the next one reads.
     */
    private Path execute(Pipeline p, OpenedSource source, List<RunPlan.Segment> segments, List<Stage> stages,
                         Instant started, Progress progress, Cancellation cancel, OutputListener listener)
            throws RunException, Cancellation.CancelledException {
        Path outputPath = Path.of(p.output().path()).toAbsolutePath();
        OutputSink[] sink = new OutputSink[1];
        // Stages may hand on a derived source (new angles after 360° stitching or binning); the next
        // segment continues with the last one its predecessor produced.
        OpenedSource[] current = {source};
        List<IntermediateFile> intermediates = new ArrayList<>();
        LazyDataset input = source.primary();
        int firstStage = 0;
        try {
            for (int s = 0; s < segments.size(); s++) {
                RunPlan.Segment seg = segments.get(s);
                List<Stage> segStages = stages.subList(firstStage, firstStage + seg.stages().size());
                firstStage += seg.stages().size();
                Progress segProgress = progress.sub((double) s / segments.size(), (double) (s + 1) / segments.size());
                if (s == segments.size() - 1) {
                    stream(input, seg, segStages, current[0], chunk -> {
                        if (sink[0] == null) {
                            sink[0] = OutputSinks.open(p.output(), seg.outputShape(), chunk.streamAxis());
                        }
                        sink[0].write(chunk);
                        tell(listener, chunk);
                    }, segProgress, cancel);
                } else {
                    IntermediateFile next = new IntermediateFile(outputPath.getParent(),
                            outputPath.getFileName() + ".segment" + (s + 1), seg.outputShape(), seg.outputAxis(),
                            segments.get(s + 1).readAxis());
                    intermediates.add(next);
                    stream(input, seg, segStages, current[0], chunk -> {
                        current[0] = chunk.source();
                        next.write(chunk.block());
                    }, segProgress, cancel);
                    input = next.finishAndOpen();
                }
            }
            cancel.check();
            if (sink[0] == null) {
                throw new RunException("the pipeline produced no output from " + source.primary().path(), null);
            }
            String doc = Provenance.document(p, started, Instant.now(),
                    ComputeDevices.choose(settings.compute()).chosen().id(),
                    axesDescription(segments.get(segments.size() - 1).outputShape()));
            Path result = sink[0].commit(doc);
            progress.update(1, "Done: " + result);
            return result;
        } catch (IOException e) {
            throw new RunException("writing " + p.output().path() + " failed: " + e.getMessage(), e);
        } finally {
            if (sink[0] != null) {
                sink[0].close();
            }
            intermediates.forEach(IntermediateFile::close);
        }
    }

    private static void tell(OutputListener listener, Chunk chunk) {
        try {
            listener.written(chunk.streamAxis(), chunk.block());
        } catch (RuntimeException e) {
            LOG.warn("output listener failed; the run goes on", e);
        }
    }

    /** Receives a segment's output chunks. */
    @FunctionalInterface
    private interface ChunkConsumer {
        void accept(Chunk chunk) throws IOException;
    }

    /** Streams one segment: reads ahead, runs its stages on each chunk, hands the results on. */
    private void stream(LazyDataset data, RunPlan.Segment seg, List<Stage> stages, OpenedSource source,
                        ChunkConsumer out, Progress progress, Cancellation cancel)
            throws RunException, Cancellation.CancelledException, IOException {
        long[] shape = data.shape();
        int axis = seg.readAxis();
        int per = slicesPerChunk(shape, axis, seg.alignment());
        long length = shape[axis];
        int chunks = (int) ((length + per - 1) / per);
        LOG.info("segment: {} stage(s) on {} {} in {} chunk(s) of ≤ {} along axis {}", stages.size(), data.path(),
                Arrays.toString(shape), chunks, per, axis);
        List<String> names = seg.stages().stream().map(ps -> ps.factory().displayName()).toList();
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pipeline-read-ahead");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<FloatBlock> next = reader.submit(() -> readChunk(data, axis, 0, (int) Math.min(per, length)));
            for (int c = 0; c < chunks; c++) {
                cancel.check();
                FloatBlock block = await(next);
                long start = (long) c * per;
                if (c + 1 < chunks) {
                    long nextStart = start + per;
                    int nextCount = (int) Math.min(per, length - nextStart);
                    next = reader.submit(() -> readChunk(data, axis, nextStart, nextCount));
                }
                Chunk chunk = new Chunk(block, seg.inputKind(), axis, source);
                double lo = (double) c / chunks;
                double hi = (double) (c + 1) / chunks;
                String where = "chunk " + (c + 1) + "/" + chunks;
                for (int s = 0; s < stages.size() && chunk.block().data().length > 0; s++) {
                    Progress sp = progress.sub(lo + (hi - lo) * s / stages.size(),
                            lo + (hi - lo) * (s + 1) / stages.size());
                    sp.update(0, names.get(s) + ", " + where);
                    chunk = runStage(stages.get(s), names.get(s), chunk, sp, cancel);
                }
                // A stage may keep nothing of a chunk (e.g. a row range): nothing to write then.
                if (chunk.block().data().length > 0) {
                    out.accept(chunk);
                }
                progress.update(hi, "Wrote " + where);
            }
        } finally {
            reader.shutdownNow();
        }
    }

    private static Chunk runStage(Stage stage, String name, Chunk in, Progress progress, Cancellation cancel)
            throws RunException, Cancellation.CancelledException {
        try {
            return stage.run(in, progress, cancel);
        } catch (StageException e) {
            throw new RunException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new RunException(name + " failed unexpectedly: " + e, e);
        }
    }

    private static FloatBlock await(Future<FloatBlock> f) throws RunException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunException("interrupted while reading", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new RunException(cause.getMessage(), cause);
        }
    }

    private static FloatBlock readChunk(LazyDataset data, int axis, long start, int count) throws DataFileException {
        long[] shape = data.shape();
        long[] offset = new long[shape.length];
        int[] counts = new int[shape.length];
        for (int a = 0; a < shape.length; a++) {
            counts[a] = Math.toIntExact(shape[a]);
        }
        offset[axis] = start;
        counts[axis] = count;
        return new FloatBlock(data.readFloats(offset, counts), counts, offset);
    }

    /**
     * How many indices of the stream axis fit one chunk: as many as the memory budget allows, a
     * multiple of the stages' {@code alignment} (required: at least one aligned group, whatever the
     * budget), and preferably of the intermediate files' chunk extent so their chunks fill whole.
     */
    int slicesPerChunk(long[] shape, int axis, int alignment) {
        long perIndex = 4;
        for (int a = 0; a < shape.length; a++) {
            if (a != axis) {
                perIndex *= shape[a];
            }
        }
        if (perIndex > Integer.MAX_VALUE * 4L) {
            throw new IllegalArgumentException("one slice of " + Arrays.toString(shape) + " exceeds 2^31 values");
        }
        long n = Math.min(settings.chunkBytes() / perIndex, shape[axis]);
        int preferred = RunPlan.lcm(alignment, IntermediateFile.CHUNK_EXTENT);
        if (n >= preferred) {
            n -= n % preferred;
        } else if (n >= alignment) {
            n -= n % alignment;
        } else {
            n = Math.min(alignment, shape[axis]);
        }
        return (int) Math.max(1, n);
    }

    private static String axesDescription(long[] shape) {
        return "C order, shape " + Arrays.toString(shape);
    }
}
