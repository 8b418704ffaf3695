package org.beamlinestudio.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.beamlinestudio.core.StudioDirs;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;

/**
 * What the shell gives one tab's perspective: the compute pool (separate from the I/O pool so previews
 * never starve reads), the plugins, the user's execution settings, the executors (this workstation first),
 * and the ways back into the shell (Jobs panel, new tabs, this tab's tree).
 */
final class ShellPerspectiveContext implements PerspectiveContext {

    /** The shell's side, shared by every tab. */
    record Shell(java.util.concurrent.Executor compute, PluginRegistry plugins,
                 Supplier<ExecutionSettings> executionSettings,
                 Supplier<List<org.beamlinestudio.core.exec.Executor>> executors,
                 Consumer<JobHandle> jobSubmitted, Consumer<Path> openFile) {
    }

    private final Shell shell;
    private final Consumer<String> showTree;

    /** @param showTree switches this tab to its tree, selecting a path (FX thread) */
    ShellPerspectiveContext(Shell shell, Consumer<String> showTree) {
        this.shell = shell;
        this.showTree = showTree;
    }

    @Override
    public java.util.concurrent.Executor background() {
        return shell.compute();
    }

    @Override
    public PluginRegistry plugins() {
        return shell.plugins();
    }

    @Override
    public ExecutionSettings executionSettings() {
        return shell.executionSettings().get();
    }

    @Override
    public List<org.beamlinestudio.core.exec.Executor> executors() {
        return shell.executors().get();
    }

    @Override
    public void jobSubmitted(JobHandle job) {
        shell.jobSubmitted().accept(job);
    }

    @Override
    public void openFile(Path file) {
        FxThread.run(() -> shell.openFile().accept(file));
    }

    @Override
    public void showTree(String selectPath) {
        FxThread.run(() -> showTree.accept(selectPath));
    }

    @Override
    public Path userDirectory(String techniqueId) {
        return created(StudioDirs.config().resolve(techniqueId));
    }

    @Override
    public Path workDirectory() {
        return created(StudioDirs.data().resolve("work"));
    }

    private static Path created(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
