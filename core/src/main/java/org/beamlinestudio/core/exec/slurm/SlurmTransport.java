package org.beamlinestudio.core.exec.slurm;

import java.util.List;

/** Talks to a Slurm controller: slurmrestd ({@link RestTransport}) or the commands over SSH ({@link SshTransport}). */
public interface SlurmTransport extends AutoCloseable {

    /** Checks that the cluster answers and accepts our credentials. */
    void ping() throws SlurmException;

    /** Submits and returns the Slurm job id. */
    String submit(SubmitRequest request) throws SlurmException;

    /** The job's state (one entry per array task); empty once Slurm has forgotten it (after MinJobAge). */
    List<SlurmTaskStatus> status(String jobId) throws SlurmException;

    /** Asks Slurm to cancel the job (all tasks of an array). */
    void cancel(String jobId) throws SlurmException;

    @Override
    default void close() {
    }
}
