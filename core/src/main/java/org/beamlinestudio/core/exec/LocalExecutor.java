package org.beamlinestudio.core.exec;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineValidator;
import org.beamlinestudio.core.pipeline.ValidationReport;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.Cancellation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipelines in this process, one at a time (a second waits as PENDING), so that two
 * reconstructions never compete for the memory budget. Work happens on a background thread:
 * callers — the JavaFX thread included — never block.
 */
public final class LocalExecutor implements Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalExecutor.class);

    private final PluginRegistry registry;
    private final ExecutionSettings settings;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "local-executor");
        t.setDaemon(true);
        return t;
    });

    public LocalExecutor(PluginRegistry registry, ExecutionSettings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    @Override
    public String id() {
        return "local";
    }

    @Override
    public String displayName() {
        return "This workstation";
    }

    @Override
    public JobHandle submit(Pipeline pipeline) throws PipelineInvalidException {
        return submit(pipeline, OutputListener.NONE);
    }

    /**
     * Submits like {@link #submit(Pipeline)}, and tells {@code listener} (on the run's thread) about each output
     * chunk once it is written, e.g. to show reconstructed slices as they finish.
     */
    public JobHandle submit(Pipeline pipeline, OutputListener listener) throws PipelineInvalidException {
        return submit(pipeline, settings, listener);
    }

    /**
     * Submits with other settings than this executor's for this one run (e.g. the device the user picked for
     * this reconstruction), telling {@code listener} about each output chunk once it is written.
     */
    public JobHandle submit(Pipeline pipeline, ExecutionSettings runSettings, OutputListener listener)
            throws PipelineInvalidException {
        ValidationReport report = new PipelineValidator(registry).validate(pipeline, Optional.empty());
        if (!report.isValid()) {
            throw new PipelineInvalidException(report.problems());
        }
        LocalJob job = new LocalJob(Path.of(pipeline.input().path()).getFileName() + " → "
                + Path.of(pipeline.output().path()).getFileName());
        worker.submit(() -> execute(job, pipeline, runSettings, listener));
        return job;
    }

    private void execute(LocalJob job, Pipeline pipeline, ExecutionSettings runSettings, OutputListener listener) {
        Cancellation cancel = job.cancellation();
        if (cancel.isCancelled()) {
            return;
        }
        job.running();
        try {
            Path result = new PipelineRunner(registry, runSettings).run(pipeline, job::progress, cancel, listener);
            job.completed(result);
        } catch (Cancellation.CancelledException e) {
            job.cancelled();
        } catch (PipelineInvalidException | PipelineRunner.RunException e) {
            job.failed(e.getMessage());
        } catch (RuntimeException | Error e) {
            LOG.error("job {} crashed", job.id(), e);
            job.failed("internal error: " + e);
        }
    }

    /** Cancels nothing; stops taking jobs once those queued have run. */
    @Override
    public void close() {
        worker.shutdown();
    }
}
