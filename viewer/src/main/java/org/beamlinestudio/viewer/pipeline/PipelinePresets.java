package org.beamlinestudio.viewer.pipeline;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;

/** Named pipelines kept as {@code <folder>/<name>.json}, written atomically; names are safe file names. */
public final class PipelinePresets {

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._-]{1,64}");

    private final Path folder;

    /** Presets in {@code folder} (created on the first save). */
    public PipelinePresets(Path folder) {
        this.folder = folder;
    }

    /** The folder the presets live in. */
    public Path folder() {
        return folder;
    }

    /** Whether {@code name} can name a preset: letters, digits, spaces, '.', '_', '-', not starting with '.'. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.startsWith(".");
    }

    /** The file of preset {@code name}. */
    public Path file(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a preset name: use letters, digits, spaces, "
                    + "'.', '_' or '-'");
        }
        return folder.resolve(name + ".json");
    }

    /** Names of the saved presets, sorted ignoring case. */
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                names.add(n.substring(0, n.length() - ".json".length()));
            }
        }
        names.sort(String.CASE_INSENSITIVE_ORDER);
        return names;
    }

    /** Saves {@code pipeline} as preset {@code name}, replacing one of that name. */
    public Path save(String name, Pipeline pipeline) throws IOException {
        Path f = file(name);
        PipelineJson.write(pipeline, f);
        return f;
    }

    /** Deletes preset {@code name}; nothing when there is none. */
    public void delete(String name) throws IOException {
        Files.deleteIfExists(file(name));
    }
}
