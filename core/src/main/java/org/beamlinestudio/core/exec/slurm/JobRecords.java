package org.beamlinestudio.core.exec.slurm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.beamlinestudio.core.StudioDirs;
import org.beamlinestudio.core.pipeline.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The durable job records: {@code <dir>/<profile>/<jobId>.json}, each replaced atomically. */
public final class JobRecords {
    private static final Logger LOG = LoggerFactory.getLogger(JobRecords.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public JobRecords(Path dir) {
        this.dir = dir;
    }

    /** {@code StudioDirs.data()/jobs}. */
    public static JobRecords standard() {
        return new JobRecords(StudioDirs.data().resolve("jobs"));
    }

    public Path dir() {
        return dir;
    }

    public void save(JobRecord r) throws IOException {
        AtomicFiles.writeString(dir.resolve(r.profile()).resolve(r.jobId() + ".json"), JSON.writeValueAsString(r));
    }

    /** The records of one profile, oldest first; unreadable ones are logged and skipped. */
    public List<JobRecord> list(String profile) {
        List<JobRecord> out = new ArrayList<>();
        Path d = dir.resolve(profile);
        if (!Files.isDirectory(d)) {
            return out;
        }
        try (Stream<Path> files = Files.list(d)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                try {
                    out.add(JSON.readValue(f.toFile(), JobRecord.class));
                } catch (IOException e) {
                    LOG.warn("skipping job record {}: {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list job records in {}: {}", d, e.getMessage());
        }
        out.sort(java.util.Comparator.comparing(JobRecord::submitted, java.util.Comparator.nullsFirst(String::compareTo)));
        return out;
    }
}
