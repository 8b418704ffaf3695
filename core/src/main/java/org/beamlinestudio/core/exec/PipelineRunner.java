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
            List<Stage> stages = new ArrayList<>();
            try {
                List<String> names = new ArrayList<>();
                long[] outShape = createStages(stamped, source, stages, names);
                return stream(stamped, source, stages, names, outShape, started, progress, cancel);
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

    private long[] createStages(Pipeline p, OpenedSource source, List<Stage> stages, List<String> names)
            throws RunException {
        long[] shape = source.primary().shape();
        StageEnvironment env = new StageEnvironment(settings.compute());
        for (Pipeline.StageSpec spec : p.stages()) {
            if (!spec.enabled()) {
                continue;
            }
            StageFactory f = registry.stageFactory(spec.stage()).orElseThrow();
            List<String> problems = new ArrayList<>();
            ParamValues values = ParamValues.resolve(f.params(), spec.params(), problems);
            try {
                stages.add(f.create(values, env));
            } catch (StageException e) {
                throw new RunException(e.getMessage(), e);
            }
            names.add(f.displayName());
            shape = f.outputShape(shape, values);
        }
        return shape;
    }

    private Path stream(Pipeline p, OpenedSource source, List<Stage> stages, List<String> names, long[] outShape,
                        Instant started, Progress progress, Cancellation cancel)
            throws RunException, Cancellation.CancelledException {
        LazyDataset primary = source.primary();
        long[] shape = primary.shape();
        int axis = source.streamAxis();
        int per = slicesPerChunk(shape, axis);
        long length = shape[axis];
        int chunks = (int) ((length + per - 1) / per);
        LOG.info("running {} stage(s) on {} {} in {} chunk(s) of ≤ {} along axis {}", stages.size(),
                primary.path(), Arrays.toString(shape), chunks, per, axis);
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pipeline-read-ahead");
            t.setDaemon(true);
            return t;
        });
        OutputSink sink = null;
        try {
            Future<FloatBlock> next = reader.submit(() -> readChunk(primary, axis, 0, per));
            for (int c = 0; c < chunks; c++) {
                cancel.check();
                FloatBlock block = await(next);
                long start = (long) c * per;
                if (c + 1 < chunks) {
                    long nextStart = start + per;
                    int nextCount = (int) Math.min(per, length - nextStart);
                    next = reader.submit(() -> readChunk(primary, axis, nextStart, nextCount));
                }
                Chunk chunk = new Chunk(block, source.kind(), axis, source);
                double lo = (double) c / chunks;
                double hi = (double) (c + 1) / chunks;
                String where = "chunk " + (c + 1) + "/" + chunks;
                for (int s = 0; s < stages.size(); s++) {
                    Progress sp = progress.sub(lo + (hi - lo) * s / stages.size(),
                            lo + (hi - lo) * (s + 1) / stages.size());
                    sp.update(0, names.get(s) + ", " + where);
                    chunk = runStage(stages.get(s), names.get(s), chunk, sp, cancel);
                }
                if (sink == null) {
                    sink = OutputSinks.open(p.output(), outShape, chunk.streamAxis());
                }
                sink.write(chunk);
                progress.update(hi, "Wrote " + where);
            }
            cancel.check();
            if (sink == null) {
                throw new RunException("the input " + primary.path() + " is empty along axis " + axis, null);
            }
            String doc = Provenance.document(p, started, Instant.now(),
                    ComputeDevices.choose(settings.compute()).chosen().id(), axesDescription(outShape));
            Path result = sink.commit(doc);
            progress.update(1, "Done: " + result);
            return result;
        } catch (IOException e) {
            throw new RunException("writing " + p.output().path() + " failed: " + e.getMessage(), e);
        } finally {
            if (sink != null) {
                sink.close();
            }
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

    /** How many indices of the stream axis fit one chunk (≥ 1). */
    int slicesPerChunk(long[] shape, int axis) {
        long perIndex = 4;
        for (int a = 0; a < shape.length; a++) {
            if (a != axis) {
                perIndex *= shape[a];
            }
        }
        long n = settings.chunkBytes() / perIndex;
        if (perIndex * 1L > Integer.MAX_VALUE * 4L) {
            throw new IllegalArgumentException("one slice of " + Arrays.toString(shape) + " exceeds 2^31 values");
        }
        return (int) Math.max(1, Math.min(n, shape[axis]));
    }

    private static String axesDescription(long[] shape) {
        return "C order, shape " + Arrays.toString(shape);
    }

    /** The kind a pipeline's output will have for a source kind, for views that register for kinds. */
    public Optional<DataKind> outputKind(Pipeline p, DataKind sourceKind) {
        DataKind kind = sourceKind;
        for (Pipeline.StageSpec s : p.stages()) {
            if (!s.enabled()) {
                continue;
            }
            Optional<StageFactory> f = registry.stageFactory(s.stage());
            if (f.isEmpty()) {
                return Optional.empty();
            }
            kind = f.get().outputKind(kind);
        }
        return Optional.of(kind);
    }
}
