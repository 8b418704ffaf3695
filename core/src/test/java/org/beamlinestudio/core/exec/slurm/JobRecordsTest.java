package org.beamlinestudio.core.exec.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job records are per profile, one file per job, and come back in submission order. */
class JobRecordsTest {

    @Test
    void recordsRoundTripPerProfile(@TempDir Path dir) throws Exception {
        JobRecords records = new JobRecords(dir);
        JobRecord a = new JobRecord("hpc", "41", "a.h5 → r.h5", "/w/j41", 0, List.of("/w/j41/results/r.h5"),
                "/local/r.h5", "2026-01-01T10:00:00Z", "RUNNING", "2026-01-01T10:00:05Z", null, null);
        JobRecord b = new JobRecord("hpc", "42", "3 files → r.h5", "/w/j42", 3, List.of("x", "y", "z"),
                "/local/results", "2026-01-01T11:00:00Z", "PENDING", null, null, null);
        records.save(b);
        records.save(a);
        assertThat(records.list("hpc")).containsExactly(a, b);
        assertThat(records.list("other")).isEmpty();
        assertThat(Files.exists(dir.resolve("hpc/42.json"))).isTrue();
    }
}
