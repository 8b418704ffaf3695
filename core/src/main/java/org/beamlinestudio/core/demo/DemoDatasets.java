package org.beamlinestudio.core.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.plugin.PluginRegistry.LoadedPlugin;

/**
 * The bundled demo dataset: made by a technique plugin's own code (a phantom with known answers),
 * written once into the user's data folder and reused after.
 */
public final class DemoDatasets {

    private DemoDatasets() {
    }

    /**
     * The demo file of the first plugin that offers one, written into {@code folder} if it is not
     * there yet (atomically: a half-written demo is never left under its final name).
     *
     * @throws IOException when writing fails, or no loaded plugin offers a demo
     */
    public static Path ensure(PluginRegistry registry, Path folder) throws IOException {
        for (LoadedPlugin lp : registry.loaded()) {
            Optional<String> name = lp.plugin().demoDatasetFileName();
            if (name.isEmpty()) {
                continue;
            }
            Path target = folder.resolve(name.get());
            if (Files.isRegularFile(target) && Files.size(target) > 0) {
                return target;
            }
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, "." + name.get(), ".partial");
            try {
                lp.plugin().writeDemoDataset(tmp);
                Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        }
        throw new IOException("no loaded technique plugin offers a demo dataset (loaded: "
                + registry.loaded().stream().map(l -> l.plugin().id()).toList() + ")");
    }
}
