package org.beamlinestudio.catalog.local;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.plugin.TechniquePlugin;
import org.beamlinestudio.core.stage.StageFactory;

/**
 * The shared test data ({@code -Dstudio.shared.data}, else {@code ../shared/data} upwards; tests skip with a
 * message when absent) and a registry of stand-in technique plugins whose readers recognise a layout by the dataset
 * it must have, as the real plugins' probes do (catalog-client may not depend on the plugins).
 */
final class TestFiles {

    private TestFiles() {
    }

    static Path shared(String relative) {
        Path root = null;
        String prop = System.getProperty("studio.shared.data");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop))) {
            root = Path.of(prop);
        } else {
            for (Path d = Path.of("").toAbsolutePath(); d != null && root == null; d = d.getParent()) {
                Path c = d.resolveSibling("shared").resolve("data");
                if (Files.isDirectory(c)) {
                    root = c;
                }
            }
        }
        Path p = root == null ? Path.of("../shared/data", relative) : root.resolve(relative);
        assumeTrue(Files.isRegularFile(p), () -> "shared test data absent: " + p
                + " (set -Dstudio.shared.data or put ../shared/data beside the clone)");
        return p;
    }

    /** Links a shared file into a folder under a name. */
    static Path link(Path folder, String relative, String name) throws IOException {
        Path target = shared(relative).toAbsolutePath();
        Files.createDirectories(folder);
        return Files.createSymbolicLink(folder.resolve(name), target);
    }

    static PluginRegistry registry() {
        return PluginRegistry.of(List.of(
                new Technique("tomography", new LayoutReader("tomography.dx", "/exchange/data", 0.9),
                        new LayoutReader("tomography.nxtomo", "/entry/instrument/detector/image_key", 0.95)),
                new Technique("xpcs", new LayoutReader("xpcs.raw", "/entry/data/data", 0.6)),
                new Technique("ptychography", new LayoutReader("ptychography.cxi",
                        "/entry_1/instrument_1/detector_1/data", 0.9))));
    }

    /** A reader that claims files having one dataset path. */
    record LayoutReader(String id, String mustHave, double confidence) implements DatasetReader {
        @Override
        public String displayName() {
            return id;
        }

        @Override
        public ProbeResult probe(Path file) {
            try (Hdf5File f = Hdf5File.open(file)) {
                return f.node(mustHave).isPresent() ? new ProbeResult(confidence, "has " + mustHave)
                        : ProbeResult.no("no " + mustHave);
            } catch (DataFileException e) {
                return ProbeResult.no(e.getMessage());
            }
        }

        @Override
        public OpenedSource open(Path file, Map<String, ?> options) throws DataFileException {
            throw new DataFileException(file, null, "a stand-in reader", "the real plugin");
        }
    }

    /** A technique with stand-in readers. */
    record Technique(String id, DatasetReader... readerArray) implements TechniquePlugin {
        @Override
        public String displayName() {
            return id;
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public List<DatasetReader> readers() {
            return List.of(readerArray);
        }

        @Override
        public List<StageFactory> stageFactories() {
            return List.of();
        }
    }
}
