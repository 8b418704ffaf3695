package org.beamlinestudio.core.exec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A submitted pipeline run: its state, progress, cancel, and where the result is. Thread-safe. */
public interface JobHandle {

    /** Unique id (a UUID locally, the Slurm job id remotely). */
    String id();

    /** What is being run, for the job list ("tooth.h5 → tooth_recon/"). */
    String title();

    JobState state();

    /** 0…1, negative when unknown. */
    double progress();

    /** The latest progress message. */
    String message();

    /** When it started running, if it has. */
    Optional<Instant> started();

    /** When it ended, if it has. */
    Optional<Instant> finished();

    /** Where the result was written, once COMPLETED. */
    Optional<Path> result();

    /** Why it failed, once FAILED (a message a scientist can act on). */
    Optional<String> failure();

    /** The last lines of the job's log (remote jobs: its Slurm output file), empty when it has none. */
    default String logTail() {
        return "";
    }

    /** Where it runs, for the job list ("This workstation", "cluster: hpc-login"). */
    default String where() {
        return "This workstation";
    }

    /** Asks the job to stop; no partial output is left under the final name. */
    void cancel();

    /** Completes with the final state. */
    CompletableFuture<JobState> completion();

    /** Called (on the job's thread) whenever state, progress or message change. */
    void addListener(Consumer<JobHandle> listener);
}
