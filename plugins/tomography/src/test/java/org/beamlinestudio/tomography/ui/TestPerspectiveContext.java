package org.beamlinestudio.tomography.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.viewer.perspective.PerspectiveContext;

/** The shell's services for step tests: a given executor and registry, plain-Java compute, folders in a temp dir. */
record TestPerspectiveContext(Executor background, PluginRegistry plugins, Path dir) implements PerspectiveContext {

    @Override
    public ExecutionSettings executionSettings() {
        return ExecutionSettings.defaults().withCompute("java");
    }

    @Override
    public List<org.beamlinestudio.core.exec.Executor> executors() {
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
        return dir.resolve("user").resolve(techniqueId);
    }

    @Override
    public Path workDirectory() {
        return dir.resolve("work");
    }
}
