package org.beamlinestudio.core.exec.slurm;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.beamlinestudio.core.exec.AbstractJobHandle;
import org.beamlinestudio.core.exec.JobState;

/**
 * A job on a Slurm cluster as the client follows it. Its {@link #id()} is the Slurm job id once
 * submitted (before that, while the input is staged, a provisional {@code submitting-…} id).
 */
public final class SlurmJob extends AbstractJobHandle {
    private final SlurmExecutor executor;

    private volatile JobRecord record;
    private volatile String logTail = "";
    private volatile boolean cancelRequested;

    SlurmJob(SlurmExecutor executor, String provisionalId, String title, String message) {
        super(provisionalId, title, message);
        this.executor = executor;
    }

    /** A job re-attached from its durable record. */
    SlurmJob(SlurmExecutor executor, JobRecord r) {
        this(executor, r.jobId(), r.title(), "Re-attached to Slurm job " + r.jobId());
        this.record = r;
        JobState state = r.state() == null ? JobState.PENDING : JobState.valueOf(r.state());
        setState(state);
        setStarted(r.started() == null ? null : Instant.parse(r.started()));
        setFinished(r.finished() == null ? null : Instant.parse(r.finished()));
        setFailure(r.failure());
        if (state == JobState.COMPLETED && r.localResult() != null) {
            Path result = Path.of(r.localResult());
            setResult(result);
            setProgress(1);
            setMessage("Written to " + result);
        }
        if (state.isFinal()) {
            // Already over when re-attached: complete quietly, nobody is listening yet.
            completion().complete(state);
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
        setId(r.jobId());
        setMessage("Submitted as Slurm job " + r.jobId() + ", waiting for a node");
        fire();
    }

    void message(String m) {
        setMessage(m);
        fire();
    }

    /** Applies a poll; returns whether anything a user would see changed. */
    boolean update(JobState s, double fraction, String msg, String tail) {
        boolean changed = s != state() || fraction != progress() || !Objects.equals(msg, message());
        if (s == JobState.RUNNING && started().isEmpty()) {
            setStarted(Instant.now());
        }
        setState(s);
        setProgress(fraction);
        if (msg != null) {
            setMessage(msg);
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
        if (completion().isDone()) {
            return;
        }
        if (started().isEmpty() && s == JobState.COMPLETED) {
            setStarted(Instant.now());
        }
        setResult(resultPath);
        setFailure(failureText);
        if (tail != null) {
            logTail = tail;
        }
        if (s == JobState.COMPLETED) {
            setProgress(1);
        }
        setMessage(msg);
        finish(s);
    }

    void failedToSubmit(String why) {
        end(JobState.FAILED, null, why, why, "");
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
}
