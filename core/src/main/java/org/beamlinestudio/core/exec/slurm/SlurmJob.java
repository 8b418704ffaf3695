package org.beamlinestudio.core.exec.slurm;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.exec.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job on a Slurm cluster as the client follows it. Its {@link #id()} is the Slurm job id once
 * submitted (before that, while the input is staged, a provisional {@code submitting-…} id).
 */
public final class SlurmJob implements JobHandle {
    private static final Logger LOG = LoggerFactory.getLogger(SlurmJob.class);

    private final SlurmExecutor executor;
    private final CompletableFuture<JobState> completion = new CompletableFuture<>();
    private final List<Consumer<JobHandle>> listeners = new CopyOnWriteArrayList<>();

    private volatile String id;
    private volatile String title;
    private volatile JobRecord record;
    private volatile JobState state = JobState.PENDING;
    private volatile double progress = -1;
    private volatile String message;
    private volatile Instant started;
    private volatile Instant finished;
    private volatile Path result;
    private volatile String failure;
    private volatile String logTail = "";
    private volatile boolean cancelRequested;

    SlurmJob(SlurmExecutor executor, String provisionalId, String title, String message) {
        this.executor = executor;
        this.id = provisionalId;
        this.title = title;
        this.message = message;
    }

    /** A job re-attached from its durable record. */
    SlurmJob(SlurmExecutor executor, JobRecord r) {
        this(executor, r.jobId(), r.title(), "Re-attached to Slurm job " + r.jobId());
        this.record = r;
        this.state = r.state() == null ? JobState.PENDING : JobState.valueOf(r.state());
        this.started = r.started() == null ? null : Instant.parse(r.started());
        this.finished = r.finished() == null ? null : Instant.parse(r.finished());
        this.failure = r.failure();
        if (state == JobState.COMPLETED && r.localResult() != null) {
            this.result = Path.of(r.localResult());
            this.progress = 1;
            this.message = "Written to " + result;
        }
        if (state.isFinal()) {
            completion.complete(state);
        }
    }

    JobRecord record() {
        return record;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    /** The Slurm job id, once submitted. */
    public Optional<String> slurmJobId() {
        return record == null ? Optional.empty() : Optional.of(record.jobId());
    }

    /** The job's folder on the cluster, once submitted. */
    public Optional<String> jobDir() {
        return record == null ? Optional.empty() : Optional.of(record.jobDir());
    }

    void submitted(JobRecord r) {
        record = r;
        id = r.jobId();
        message = "Submitted as Slurm job " + r.jobId() + ", waiting for a node";
        fire();
    }

    void message(String m) {
        message = m;
        fire();
    }

    /** Applies a poll; returns whether anything a user would see changed. */
    boolean update(JobState s, double fraction, String msg, String tail) {
        boolean changed = s != state || fraction != progress || !java.util.Objects.equals(msg, message);
        if (s == JobState.RUNNING && started == null) {
            started = Instant.now();
        }
        state = s;
        progress = fraction;
        if (msg != null) {
            message = msg;
        }
        if (tail != null) {
            logTail = tail;
        }
        if (changed) {
            fire();
        }
        return changed;
    }

    void end(JobState s, Path resultPath, String failureText, String msg, String tail) {
        if (completion.isDone()) {
            return;
        }
        if (started == null && s == JobState.COMPLETED) {
            started = Instant.now();
        }
        finished = Instant.now();
        result = resultPath;
        failure = failureText;
        if (tail != null) {
            logTail = tail;
        }
        if (s == JobState.COMPLETED) {
            progress = 1;
        }
        message = msg;
        state = s;
        fire();
        completion.complete(s);
    }

    void failedToSubmit(String why) {
        end(JobState.FAILED, null, why, why, "");
    }

    private void fire() {
        for (Consumer<JobHandle> l : listeners) {
            try {
                l.accept(this);
            } catch (RuntimeException e) {
                LOG.warn("job listener failed", e);
            }
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public JobState state() {
        return state;
    }

    @Override
    public double progress() {
        return progress;
    }

    @Override
    public String message() {
        return message;
    }

    @Override
    public Optional<Instant> started() {
        return Optional.ofNullable(started);
    }

    @Override
    public Optional<Instant> finished() {
        return Optional.ofNullable(finished);
    }

    @Override
    public Optional<Path> result() {
        return Optional.ofNullable(result);
    }

    @Override
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String logTail() {
        return logTail;
    }

    @Override
    public String where() {
        return "cluster: " + executor.profile().name() + (record == null ? "" : " (Slurm job " + record.jobId() + ")");
    }

    @Override
    public void cancel() {
        cancelRequested = true;
        executor.cancel(this);
    }

    @Override
    public CompletableFuture<JobState> completion() {
        return completion;
    }

    @Override
    public void addListener(Consumer<JobHandle> listener) {
        listeners.add(listener);
    }
}
