package org.beamlinestudio.tomography.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.Executor;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;

/** A shell stand-in for one step under test: a real background pool, the real plugins, and no-op shell hooks. */
final class CenterTestContext implements PerspectiveContext {

    final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "center-test-background");
        t.setDaemon(true);
        return t;
    });
    private final ExecutionSettings settings;
    private final Path dir;

    CenterTestContext(ExecutionSettings settings, Path dir) {
        this.settings = settings;
        this.dir = dir;
    }

    @Override
    public java.util.concurrent.Executor background() {
        return pool;
    }

    @Override
    public PluginRegistry plugins() {
        return PluginRegistry.load();
    }

    @Override
    public ExecutionSettings executionSettings() {
        return settings;
    }

    @Override
    public List<Executor> executors() {
        return List.of();
    }

    @Override
    public void jobSubmitted(JobHandle job) {
    }

    @Override
    public void openFile(Path file) {
    }

    @Override
    public void showTree(String selectPath) {
    }

    @Override
    public Path userDirectory(String techniqueId) {
        return dir.resolve("config").resolve(techniqueId);
    }

    @Override
    public Path workDirectory() {
        return dir.resolve("work");
    }
}
