package org.beamlinestudio.core.exec.slurm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.beamlinestudio.core.StudioDirs;
import org.beamlinestudio.core.pipeline.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The saved cluster profiles: one JSON file each in {@code <config>/clusters/}, written atomically. */
public final class ClusterProfiles {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterProfiles.class);
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public ClusterProfiles(Path dir) {
        this.dir = dir;
    }

    /** The user's profiles ({@code StudioDirs.config()/clusters}). */
    public static ClusterProfiles standard() {
        return new ClusterProfiles(StudioDirs.config().resolve("clusters"));
    }

    public Path dir() {
        return dir;
    }

    /** All readable profiles by name; a broken file is logged and skipped. */
    public List<ClusterProfile> list() {
        List<ClusterProfile> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    out.add(read(f));
                } catch (IOException e) {
                    LOG.warn("skipping cluster profile {}: {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list cluster profiles in {}: {}", dir, e.getMessage());
        }
        return out;
    }

    public Optional<ClusterProfile> find(String name) {
        return list().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The profile or an error listing the ones there are. */
    public ClusterProfile require(String name) throws SlurmException {
        return find(name).orElseThrow(() -> new SlurmException("no cluster profile named '" + name + "' in " + dir
                + " (there are: " + String.join(", ", list().stream().map(ClusterProfile::name).toList()) + ")"));
    }

    /** Writes (or replaces) the profile as {@code <name>.json}. */
    public Path save(ClusterProfile profile) throws IOException {
        if (profile.name() == null || !profile.name().matches("[A-Za-z0-9._-]+")) {
            throw new IOException("a cluster profile name must be letters, digits, '.', '_' or '-': '"
                    + profile.name() + "'");
        }
        Path f = dir.resolve(profile.name() + ".json");
        AtomicFiles.writeString(f, toJson(profile));
        return f;
    }

    public boolean delete(String name) throws IOException {
        return Files.deleteIfExists(dir.resolve(name + ".json"));
    }

    public static String toJson(ClusterProfile profile) throws IOException {
        return MAPPER.writeValueAsString(profile) + "\n";
    }

    public static ClusterProfile read(Path file) throws IOException {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.readTree(file.toFile());
        if (!tree.hasNonNull("name")) {
            // A hand-written profile may leave its name to the file name.
            tree.put("name", file.getFileName().toString().replaceFirst("\\.json$", ""));
        }
        return MAPPER.treeToValue(tree, ClusterProfile.class);
    }
}
