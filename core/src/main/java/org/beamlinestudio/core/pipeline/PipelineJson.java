package org.beamlinestudio.core.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.beamlinestudio.core.data.DataFileException;

/**
 * Reads and writes pipelines as versioned JSON. The document carries a {@code format} marker and a
 * {@code formatVersion}; a file from a newer format is refused with a message saying so, and
 * unknown fields are ignored so that older builds read files that only add fields.
 */
public final class PipelineJson {

    /** Marker that identifies a pipeline document. */
    public static final String FORMAT = "beamline-studio-pipeline";
    /** The format version this build writes and the highest it reads. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private PipelineJson() {
    }

    /** The mapper configured for pipeline documents (shared, thread-safe). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The pipeline as a JSON document, {@code format} first. */
    public static String toJson(Pipeline pipeline) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.setAll((ObjectNode) MAPPER.valueToTree(pipeline));
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a pipeline record failed to serialise", e);
        }
    }

    /**
     * Parses a pipeline document.
     *
     * @param origin the file it came from, for messages (may be null)
     * @throws DataFileException when it is not JSON, not a pipeline, or from a newer format
     */
    public static Pipeline fromJson(String json, Path origin) throws DataFileException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DataFileException(origin, null, "not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")", "a pipeline JSON document");
        }
        if (root == null || !root.isObject()) {
            throw new DataFileException(origin, null, "the document is empty or not a JSON object",
                    "a pipeline JSON object");
        }
        String format = root.path("format").asText("");
        if (!FORMAT.equals(format)) {
            throw new DataFileException(origin, null,
                    format.isEmpty() ? "no \"format\" field" : "\"format\": \"" + format + "\"",
                    "\"format\": \"" + FORMAT + "\"");
        }
        int version = root.path("formatVersion").asInt(-1);
        if (version < 1) {
            throw new DataFileException(origin, null, "no valid \"formatVersion\"", "a positive integer");
        }
        if (version > FORMAT_VERSION) {
            throw new DataFileException(origin, null, "formatVersion " + version
                    + " (written by a newer Beamline Studio)", "formatVersion ≤ " + FORMAT_VERSION
                    + "; update Beamline Studio to run it");
        }
        try {
            return MAPPER.treeToValue(root, Pipeline.class);
        } catch (JsonProcessingException e) {
            throw new DataFileException(origin, null, "a field has the wrong shape: " + e.getOriginalMessage(),
                    "a pipeline as Beamline Studio writes it");
        }
    }

    /** Reads a pipeline file; a relative input path is resolved against the file's folder. */
    public static Pipeline read(Path file) throws DataFileException {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new DataFileException(file, null, "cannot be read (" + e + ")", "a readable pipeline file");
        }
        Pipeline p = fromJson(json, file);
        if (p.input() != null && p.input().path() != null) {
            Path in = Path.of(p.input().path());
            if (!in.isAbsolute() && file.toAbsolutePath().getParent() != null) {
                Path resolved = file.toAbsolutePath().getParent().resolve(in).normalize();
                p = new Pipeline(p.formatVersion(), p.technique(),
                        new Pipeline.PipelineInput(resolved.toString(), p.input().reader(), p.input().dataset(),
                                p.input().sizeBytes(), p.input().sha256First1MiB(), p.input().options()),
                        p.stages(), p.output(), p.software());
            }
        }
        return p;
    }

    /** Writes a pipeline file atomically (temp file, then rename). */
    public static void write(Pipeline pipeline, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(pipeline));
    }
}
