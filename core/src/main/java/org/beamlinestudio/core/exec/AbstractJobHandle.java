package org.beamlinestudio.core.exec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobHandle} whose reported state lives in fields that subclasses set, with its listeners and
 * completion: the bookkeeping local and cluster jobs share. Subclasses decide when to {@link #fire()}.
 */
public abstract class AbstractJobHandle implements JobHandle {
    // Logged under the concrete class so a failing listener is traced to the executor that ran the job.
    private final Logger log = LoggerFactory.getLogger(getClass());
    private final CompletableFuture<JobState> completion = new CompletableFuture<>();
    private final List<Consumer<JobHandle>> listeners = new CopyOnWriteArrayList<>();

    private volatile String id;
    private final String title;
    private volatile JobState state = JobState.PENDING;
    private volatile double progress = -1;
    private volatile String message;
    private volatile Instant started;
    private volatile Instant finished;
    private volatile Path result;
    private volatile String failure;

    protected AbstractJobHandle(String id, String title, String message) {
        this.id = id;
        this.title = title;
        this.message = message;
    }

    protected final void setId(String id) {
        this.id = id;
    }

    protected final void setState(JobState state) {
        this.state = state;
    }

    protected final void setProgress(double progress) {
        this.progress = progress;
    }

    protected final void setMessage(String message) {
        this.message = message;
    }

    protected final void setStarted(Instant started) {
        this.started = started;
    }

    protected final void setFinished(Instant finished) {
        this.finished = finished;
    }

    protected final void setResult(Path result) {
        this.result = result;
    }

    protected final void setFailure(String failure) {
        this.failure = failure;
    }

    /** Ends the job now in {@code s}: stamps the finish time, tells the listeners, then completes. */
    protected final void finish(JobState s) {
        finished = Instant.now();
        state = s;
        fire();
        completion.complete(s);
    }

    /** Tells every listener the job changed; a failing listener is logged and does not stop the others. */
    protected final void fire() {
        for (Consumer<JobHandle> l : listeners) {
            try {
                l.accept(this);
            } catch (RuntimeException e) {
                log.warn("job listener failed", e);
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
    public CompletableFuture<JobState> completion() {
        return completion;
    }

    @Override
    public void addListener(Consumer<JobHandle> listener) {
        listeners.add(listener);
    }
}
