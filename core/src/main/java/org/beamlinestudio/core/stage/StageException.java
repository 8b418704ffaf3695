package org.beamlinestudio.core.stage;

/** A stage could not do its work; the message says what a scientist can do about it. */
public class StageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String stageId;

    public StageException(String stageId, String message) {
        this(stageId, message, null);
    }

    public StageException(String stageId, String message, Throwable cause) {
        super(stageId + ": " + message, cause);
        this.stageId = stageId;
    }

    public String stageId() {
        return stageId;
    }
}
