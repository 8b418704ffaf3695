package org.beamlinestudio.core.exec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.beamlinestudio.core.stage.Cancellation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A pipeline run in this process: the {@link JobHandle} the local executor hands out. */
final class LocalJob implements JobHandle {
    private static final Logger LOG = LoggerFactory.getLogger(LocalJob.class);

    private final String id = UUID.randomUUID().toString();
    private final String title;
    private final Cancellation cancellation = new Cancellation();
    private final CompletableFuture<JobState> completion = new CompletableFuture<>();
    private final List<Consumer<JobHandle>> listeners = new CopyOnWriteArrayList<>();

    private volatile JobState state = JobState.PENDING;
    private volatile double progress = -1;
    private volatile String message = "Waiting to start";
    private volatile Instant started;
    private volatile Instant finished;
    private volatile Path result;
    private volatile String failure;

    LocalJob(String title) {
        this.title = title;
    }

    Cancellation cancellation() {
        return cancellation;
    }

    void running() {
        started = Instant.now();
        state = JobState.RUNNING;
        fire();
    }

    void progress(double fraction, String msg) {
        progress = fraction;
        message = msg;
        fire();
    }

    void completed(Path output) {
        result = output;
        progress = 1;
        message = "Written to " + output;
        end(JobState.COMPLETED);
    }

    void failed(String reason) {
        failure = reason;
        message = reason;
        end(JobState.FAILED);
    }

    void cancelled() {
        message = "Cancelled; no output was left behind";
        end(JobState.CANCELLED);
    }

    private void end(JobState s) {
        finished = Instant.now();
        state = s;
        fire();
        completion.complete(s);
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
    public void cancel() {
        cancellation.cancel();
        if (state == JobState.PENDING) {
            cancelled();
        }
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
