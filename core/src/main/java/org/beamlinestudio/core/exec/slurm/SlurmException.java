package org.beamlinestudio.core.exec.slurm;

/** A cluster problem a user can act on; the message says which cluster, what happened and what to do. */
public class SlurmException extends Exception {
    private static final long serialVersionUID = 1L;

    public SlurmException(String message) {
        super(message);
    }

    public SlurmException(String message, Throwable cause) {
        super(message, cause);
    }
}
