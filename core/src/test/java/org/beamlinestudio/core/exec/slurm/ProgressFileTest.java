package org.beamlinestudio.core.exec.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.beamlinestudio.core.cli.StudioCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code studio run --progress-file} leaves the end of a run where a cluster client can read it. */
class ProgressFileTest {

    @Test
    void aRunThatCannotStartRecordsFailedWithTheCliError(@TempDir Path dir) throws Exception {
        Path pipeline = Files.writeString(dir.resolve("pipeline.json"), "{ not json");
        Path progress = dir.resolve("progress.json");
        int code = StudioCli.execute(new String[] {"run", pipeline.toString(), "--progress-file", progress.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertThat(code).isEqualTo(StudioCli.EXIT_BAD_INPUT);
        ProgressFile.Snapshot s = ProgressFile.parse(Files.readString(progress)).orElseThrow();
        assertThat(s.state()).isEqualTo("FAILED");
        assertThat(s.error()).contains(pipeline.toString());
        assertThat(SlurmTaskStatus.map(s.state())).isEqualTo(org.beamlinestudio.core.exec.JobState.FAILED);
    }

    @Test
    void progressIsThrottledButTheEndIsAlwaysWritten(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("p.json");
        ProgressFile p = new ProgressFile(f);
        p.update(0.1, "chunk 1/10");
        p.update(0.2, "chunk 2/10"); // within the throttle interval: skipped
        assertThat(ProgressFile.parse(Files.readString(f)).orElseThrow().fraction()).isEqualTo(0.1);
        p.finish("COMPLETED", "done", dir.resolve("r.h5"), null);
        ProgressFile.Snapshot end = ProgressFile.parse(Files.readString(f)).orElseThrow();
        assertThat(end.state()).isEqualTo("COMPLETED");
        assertThat(end.fraction()).isEqualTo(1.0);
        assertThat(end.result()).isEqualTo(dir.resolve("r.h5").toString());
    }
}
