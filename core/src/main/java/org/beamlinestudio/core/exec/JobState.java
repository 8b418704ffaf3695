package org.beamlinestudio.core.exec;

/** The life of a job, local or remote (the Slurm states a scientist will meet map onto these). */
public enum JobState {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL;

    /** Whether the job has ended, one way or another. */
    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }
}
