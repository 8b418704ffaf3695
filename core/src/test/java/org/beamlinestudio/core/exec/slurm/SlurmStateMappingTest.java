package org.beamlinestudio.core.exec.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.beamlinestudio.core.exec.JobState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Slurm's states as squeue, scontrol and slurmrestd write them, onto the studio's. */
class SlurmStateMappingTest {

    @ParameterizedTest
    @CsvSource({"PENDING,PENDING", "CONFIGURING,RUNNING", "RUNNING,RUNNING", "COMPLETING,RUNNING",
            "COMPLETED,COMPLETED", "FAILED,FAILED", "OUT_OF_MEMORY,FAILED", "CANCELLED,CANCELLED",
            "CANCELLED by 0,CANCELLED", "TIMEOUT,TIMEOUT", "NODE_FAIL,NODE_FAIL", "BOOT_FAIL,NODE_FAIL",
            "completed,COMPLETED", "SOMETHING_NEW,FAILED"})
    void mapsEverySlurmStateAUserCanMeet(String slurm, JobState expected) {
        assertThat(SlurmTaskStatus.map(slurm)).isEqualTo(expected);
    }

    @Test
    void outOfMemoryAndTimeLimitSayWhatToChange() {
        assertThat(new SlurmTaskStatus("7", "OUT_OF_MEMORY", "OutOfMemory", 0, "n12").explanation())
                .contains("ran out of memory on n12").contains("'memory'");
        assertThat(new SlurmTaskStatus("7", "TIMEOUT", "TimeLimit", 0, "n12").explanation())
                .contains("time limit").contains("'timeLimit'");
        assertThat(new SlurmTaskStatus("7", "NODE_FAIL", "", 0, "n3").explanation()).contains("node n3 failed");
        assertThat(new SlurmTaskStatus("7", "FAILED", "NonZeroExitCode", 3, "n3").explanation())
                .contains("exit code 3");
    }

    @Test
    void anArrayRunsWhileAnyTaskRunsAndEndsWithItsWorstTask() {
        SlurmTaskStatus done = new SlurmTaskStatus("9_0", "COMPLETED", "", 0, "n1");
        SlurmTaskStatus running = new SlurmTaskStatus("9_1", "RUNNING", "", -1, "n1");
        SlurmTaskStatus failed = new SlurmTaskStatus("9_2", "FAILED", "", 1, "n1");
        SlurmTaskStatus pending = new SlurmTaskStatus("9_2", "PENDING", "Resources", -1, "");
        assertThat(SlurmExecutor.aggregate(List.of(done, running, failed))).isEqualTo(JobState.RUNNING);
        assertThat(SlurmExecutor.aggregate(List.of(done, done, failed))).isEqualTo(JobState.FAILED);
        assertThat(SlurmExecutor.aggregate(List.of(done, done))).isEqualTo(JobState.COMPLETED);
        assertThat(SlurmExecutor.aggregate(List.of(pending))).isEqualTo(JobState.PENDING);
        assertThat(SlurmExecutor.aggregate(List.of(done, pending))).isEqualTo(JobState.PENDING);
    }
}
