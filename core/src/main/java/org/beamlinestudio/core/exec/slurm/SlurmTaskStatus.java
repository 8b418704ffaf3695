package org.beamlinestudio.core.exec.slurm;

import java.util.Locale;
import org.beamlinestudio.core.exec.JobState;

/**
 * What Slurm says about one job (or one task of an array).
 *
 * @param jobId    e.g. {@code 42} or {@code 42_1}
 * @param state    Slurm's state name, e.g. {@code RUNNING}, {@code OUT_OF_MEMORY}
 * @param reason   Slurm's reason, e.g. {@code Priority}, {@code NonZeroExitCode}; empty if none
 * @param exitCode the script's exit code, -1 while unknown
 * @param node     the node it ran on, empty if none yet
 */
public record SlurmTaskStatus(String jobId, String state, String reason, int exitCode, String node) {

    /** Slurm's state mapped onto the studio's. */
    public JobState jobState() {
        return map(state);
    }

    /** Maps a Slurm state name (as squeue, scontrol or slurmrestd write it) onto a {@link JobState}. */
    public static JobState map(String slurmState) {
        String s = slurmState == null ? "" : slurmState.trim().toUpperCase(Locale.ROOT);
        int space = s.indexOf(' ');
        if (space > 0) {
            s = s.substring(0, space); // "CANCELLED by 0"
        }
        switch (s) {
            case "PENDING": case "REQUEUED": case "REQUEUE_HOLD": case "REQUEUE_FED": case "SUSPENDED":
            case "RESV_DEL_HOLD": case "SPECIAL_EXIT":
                return JobState.PENDING;
            case "RUNNING": case "CONFIGURING": case "COMPLETING": case "STAGE_OUT": case "SIGNALING":
            case "RESIZING":
                return JobState.RUNNING;
            case "COMPLETED":
                return JobState.COMPLETED;
            case "CANCELLED": case "REVOKED": case "PREEMPTED": case "DEADLINE":
                return JobState.CANCELLED;
            case "TIMEOUT":
                return JobState.TIMEOUT;
            case "NODE_FAIL": case "BOOT_FAIL":
                return JobState.NODE_FAIL;
            default: // FAILED, OUT_OF_MEMORY and anything new
                return JobState.FAILED;
        }
    }

    /** A sentence for a job that ended badly, or empty. */
    public String explanation() {
        String s = state == null ? "" : state.toUpperCase(Locale.ROOT);
        if (s.startsWith("OUT_OF_MEMORY")) {
            return "the job ran out of memory on " + node + ": ask for more (profile 'memory') or smaller chunks";
        }
        if (s.startsWith("TIMEOUT")) {
            return "the job hit its time limit: raise the profile's 'timeLimit'";
        }
        if (s.startsWith("NODE_FAIL") || s.startsWith("BOOT_FAIL")) {
            return "the node " + node + " failed while running the job: submit it again";
        }
        if (s.startsWith("FAILED")) {
            return "the job failed with exit code " + exitCode + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
        }
        return "";
    }
}
