package org.beamlinestudio.core.exec.slurm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.beamlinestudio.core.pipeline.AtomicFiles;
import org.beamlinestudio.core.stage.Progress;

/**
 * The machine-readable progress {@code studio run --progress-file F} keeps (atomically replaced
 * JSON), which a cluster client reads to show progress and, after Slurm forgot the job, its end.
 */
public final class ProgressFile implements Progress {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIN_INTERVAL_NANOS = 300_000_000L;

    /** One snapshot: state RUNNING, COMPLETED, FAILED or CANCELLED. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Snapshot(String state, double fraction, String message, String result, String error,
                           String updated) {
    }

    private final Path file;
    private long lastWrite;

    public ProgressFile(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void update(double fraction, String message) {
        long now = System.nanoTime();
        if (lastWrite != 0 && now - lastWrite < MIN_INTERVAL_NANOS && fraction < 1) {
            return;
        }
        lastWrite = now;
        write(new Snapshot("RUNNING", fraction, message, null, null, Instant.now().toString()));
    }

    /** Records how the run ended (always written). */
    public synchronized void finish(String state, String message, Path result, String error) {
        write(new Snapshot(state, "COMPLETED".equals(state) ? 1 : -1, message,
                result == null ? null : result.toString(), error, Instant.now().toString()));
    }

    private void write(Snapshot s) {
        try {
            AtomicFiles.writeString(file, JSON.writeValueAsString(s));
        } catch (IOException e) {
            // Progress is a courtesy: a full disk must not fail the reconstruction itself.
        }
    }

    /** Parses a progress file's text; empty when it is not one. */
    public static Optional<Snapshot> parse(String json) {
        try {
            return Optional.of(JSON.readValue(json, Snapshot.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
