package org.beamlinestudio.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import javafx.stage.Stage;
import org.beamlinestudio.core.plugin.PluginRegistry;

/** The shell as a plain file browser (no plugins), with its settings in a fresh folder, for the file-tab tests. */
final class PlainWindows {

    private PlainWindows() {
    }

    /** A window on {@code stage} opening files with {@code opener}; settings live under {@code dir}. */
    static StudioWindow open(Stage stage, Path dir, OpenedFile.Opener opener, ExecutorService io) {
        SettingsStore store = new SettingsStore(dir.resolve("config-" + System.nanoTime() + "/settings.json"));
        return new StudioWindow(stage, new StudioWindow.Context(store, opener,
                CompletableFuture.completedFuture(PluginRegistry.of(List.of())), io));
    }
}
