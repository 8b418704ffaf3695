package org.beamlinestudio.core.data;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A data file could not be read as asked. The message always names the file, the dataset path
 * (when there is one), what was found and what was expected, so a scientist can act on it.
 */
public class DataFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String datasetPath;
    private final String found;
    private final String expected;

    public DataFileException(Path file, String datasetPath, String found, String expected) {
        this(file, datasetPath, found, expected, null);
    }

    public DataFileException(Path file, String datasetPath, String found, String expected, Throwable cause) {
        super(format(file, datasetPath, found, expected), cause);
        this.file = file;
        this.datasetPath = datasetPath;
        this.found = found;
        this.expected = expected;
    }

    private static String format(Path file, String datasetPath, String found, String expected) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "(no file)" : file.toString());
        if (datasetPath != null && !datasetPath.isEmpty()) {
            sb.append(" [").append(datasetPath).append(']');
        }
        sb.append(": ").append(found);
        if (expected != null && !expected.isEmpty()) {
            sb.append("; expected ").append(expected);
        }
        return sb.toString();
    }

    public Path file() {
        return file;
    }

    public Optional<String> datasetPath() {
        return Optional.ofNullable(datasetPath);
    }

    public String found() {
        return found;
    }

    public String expected() {
        return expected;
    }
}
