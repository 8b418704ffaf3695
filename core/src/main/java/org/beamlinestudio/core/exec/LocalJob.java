package org.beamlinestudio.core.exec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.beamlinestudio.core.stage.Cancellation;

/** A pipeline run in this process: the {@link JobHandle} the local executor hands out. */
final class LocalJob extends AbstractJobHandle {
    private final Cancellation cancellation = new Cancellation();

    LocalJob(String title) {
        super(UUID.randomUUID().toString(), title, "Waiting to start");
    }

    Cancellation cancellation() {
        return cancellation;
    }

    void running() {
        setStarted(Instant.now());
        setState(JobState.RUNNING);
        fire();
    }

    void progress(double fraction, String msg) {
        setProgress(fraction);
        setMessage(msg);
        fire();
    }

    void completed(Path output) {
        setResult(output);
        setProgress(1);
        setMessage("Written to " + output);
        finish(JobState.COMPLETED);
    }

    void failed(String reason) {
        setFailure(reason);
        setMessage(reason);
        finish(JobState.FAILED);
    }

    void cancelled() {
        setMessage("Cancelled; no output was left behind");
        finish(JobState.CANCELLED);
    }

    @Override
    public void cancel() {
        cancellation.cancel();
        if (state() == JobState.PENDING) {
            cancelled();
        }
    }
}
