package org.beamlinestudio.viewer.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.exec.LocalExecutor;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;

/**
 * A shell stand-in for perspective tests: the plugins on the class path, a local executor, a temporary work folder,
 * and a record of the calls back to the shell. Shared by the plugins' UI tests through the viewer's test-jar.
 */
public final class TestPerspectiveContext implements PerspectiveContext, AutoCloseable {
    public final PluginRegistry registry = PluginRegistry.load();
    /** Small chunks (e.g. one sinogram row each) so runs stream many chunks, as real scans do. */
    public final ExecutionSettings settings = ExecutionSettings.defaults().withCompute("java").withChunkBytes(1 << 16);
    public final LocalExecutor local = new LocalExecutor(registry, settings);
    public final ExecutorService background = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "test-background");
        t.setDaemon(true);
        return t;
    });
    public final List<JobHandle> jobs = new CopyOnWriteArrayList<>();
    public final List<Path> opened = new CopyOnWriteArrayList<>();
    public final List<String> trees = new CopyOnWriteArrayList<>();
    public final Path work;

    /** A context whose work folder is {@code work}. */
    public TestPerspectiveContext(Path work) {
        this.work = work;
    }

    @Override
    public Executor background() {
        return background;
    }

    @Override
    public PluginRegistry plugins() {
        return registry;
    }

    @Override
    public ExecutionSettings executionSettings() {
        return settings;
    }

    @Override
    public List<org.beamlinestudio.core.exec.Executor> executors() {
        return List.of(local);
    }

    @Override
    public void jobSubmitted(JobHandle job) {
        jobs.add(job);
    }

    @Override
    public void openFile(Path file) {
        opened.add(file);
    }

    @Override
    public void showTree(String selectPath) {
        trees.add(selectPath);
    }

    @Override
    public Path userDirectory(String techniqueId) {
        return work.resolve("user").resolve(techniqueId);
    }

    @Override
    public Path workDirectory() {
        return work;
    }

    @Override
    public void close() {
        background.shutdownNow();
        local.close();
    }
}
