package org.beamlinestudio.viewer.perspective;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.plugin.PluginRegistry;

/** What the shell gives a perspective: threads, plugins, places to run pipelines, and ways back to the shell. */
public interface PerspectiveContext {

    /** Executor for reads and compute; never the FX thread. */
    Executor background();

    /** The loaded plugins (stage factories for pipelines, readers). */
    PluginRegistry plugins();

    /** Memory budget and device choice for local runs, from the user's settings. */
    ExecutionSettings executionSettings();

    /**
     * Where a pipeline can run, for "Run on →": this workstation first
     * ({@link org.beamlinestudio.core.exec.LocalExecutor}), then every configured cluster profile.
     */
    List<org.beamlinestudio.core.exec.Executor> executors();

    /** Hands a submitted job to the shell's Jobs panel, which follows it from then on. */
    void jobSubmitted(JobHandle job);

    /** Opens a file (e.g. a finished export) in a new tab of the shell. */
    void openFile(Path file);

    /** Shows the raw HDF5 tree of this file (the shell's metadata browser), optionally selecting a path. */
    void showTree(String selectPath);

    /**
     * A folder for this technique's user files (named pipeline presets...), under the user's config
     * directory; created on demand.
     */
    Path userDirectory(String techniqueId);

    /** A folder for working outputs (reconstructions before export), under the user's data directory. */
    Path workDirectory();
}
