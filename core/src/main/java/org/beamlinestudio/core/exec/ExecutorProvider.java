package org.beamlinestudio.core.exec;

import java.util.List;

/**
 * Executors other than this workstation (e.g. one per Slurm cluster profile), found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.beamlinestudio.core.exec.ExecutorProvider}).
 */
public interface ExecutorProvider {

    /** The executors it offers now, in display order (re-read each call: profiles may have changed). */
    List<Executor> executors();

    /**
     * Jobs submitted earlier from this machine (durable records) that the shell should follow again after a
     * restart: running ones re-attached, finished ones with their final state and result.
     */
    default List<JobHandle> resumeJobs() {
        return List.of();
    }
}
