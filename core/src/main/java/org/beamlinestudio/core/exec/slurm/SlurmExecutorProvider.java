package org.beamlinestudio.core.exec.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.beamlinestudio.core.exec.Executor;
import org.beamlinestudio.core.exec.ExecutorProvider;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.plugin.PluginRegistry;

/** One {@link SlurmExecutor} per saved cluster profile; re-attaches recorded jobs at start-up. */
public final class SlurmExecutorProvider implements ExecutorProvider {

    private final ClusterProfiles profiles;
    private final JobRecords records;
    private final Map<ClusterProfile, SlurmExecutor> executors = new ConcurrentHashMap<>();
    private volatile PluginRegistry registry;

    /** The user's profiles and job records (what {@link java.util.ServiceLoader} creates). */
    public SlurmExecutorProvider() {
        this(ClusterProfiles.standard(), JobRecords.standard());
    }

    public SlurmExecutorProvider(ClusterProfiles profiles, JobRecords records) {
        this.profiles = profiles;
        this.records = records;
    }

    @Override
    public List<Executor> executors() {
        List<Executor> out = new ArrayList<>();
        for (ClusterProfile p : profiles.list()) {
            out.add(executor(p));
        }
        return out;
    }

    /** The executor of a profile (one per distinct profile content: an edited profile gets a fresh one). */
    public SlurmExecutor executor(ClusterProfile p) {
        return executors.computeIfAbsent(p, k -> SlurmExecutor.open(k, records, registry()));
    }

    private PluginRegistry registry() {
        PluginRegistry r = registry;
        if (r == null) {
            r = PluginRegistry.load();
            registry = r;
        }
        return r;
    }

    @Override
    public List<JobHandle> resumeJobs() {
        List<JobHandle> out = new ArrayList<>();
        for (ClusterProfile p : profiles.list()) {
            out.addAll(executor(p).resume());
        }
        return out;
    }
}
