package org.beamlinestudio.core.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.JobState;
import org.beamlinestudio.core.exec.PipelineRunner;
import org.beamlinestudio.core.exec.slurm.ClusterProfile;
import org.beamlinestudio.core.exec.slurm.SlurmExecutor;
import org.beamlinestudio.core.exec.slurm.SlurmJob;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code studio bench slurm --profile P PIPELINE.json}: submission-to-running latency and the
 * overhead of a remote run over a local run of the same pipeline, one JSON line per repeat.
 */
@Command(name = "slurm", description = "Latency (submit → RUNNING) and overhead of a cluster run vs. a local run.")
final class SlurmBenchCommand implements Callable<Integer> {

    @Option(names = {"-p", "--profile"}, required = true, paramLabel = "NAME")
    String profile;

    @Parameters(paramLabel = "PIPELINE.json")
    Path pipelineFile;

    @Option(names = "--repeat", defaultValue = "3", description = "runs of each kind (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--device", defaultValue = "java", description = "device of the local run (default ${DEFAULT-VALUE})")
    String device;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ClusterProfile p = ClusterCommand.profile(profile);
        Pipeline pipeline = PipelineJson.read(pipelineFile);
        PluginRegistry registry = PluginRegistry.load();
        Path scratch = Files.createTempDirectory("studio-bench-slurm");
        try (SlurmExecutor ex = SlurmExecutor.open(p, new org.beamlinestudio.core.exec.slurm.JobRecords(
                scratch.resolve("jobs")), registry)) {
            for (int i = 0; i < repeat; i++) {
                Path local = scratch.resolve("local-" + i + "-" + Path.of(pipeline.output().path()).getFileName());
                long t0 = System.nanoTime();
                new PipelineRunner(registry, ExecutionSettings.defaults().withCompute(device))
                        .run(pipeline.withOutput(new Pipeline.OutputSpec(local.toString(), pipeline.output().format())),
                                Progress.NONE, new Cancellation());
                long localMs = (System.nanoTime() - t0) / 1_000_000;

                long s0 = System.nanoTime();
                long[] runningAt = {-1};
                SlurmJob job = ex.submitBatch(pipeline, List.of());
                job.addListener(j -> {
                    if (j.state() == JobState.RUNNING && runningAt[0] < 0) {
                        runningAt[0] = System.nanoTime();
                    }
                });
                JobState end = job.completion().get(30, TimeUnit.MINUTES);
                long remoteMs = (System.nanoTime() - s0) / 1_000_000;
                long latencyMs = runningAt[0] < 0 ? -1 : (runningAt[0] - s0) / 1_000_000;
                out.printf("{\"bench\":\"slurm\",\"profile\":\"%s\",\"transport\":\"%s\",\"state\":\"%s\","
                                + "\"submit_to_running_ms\":%d,\"remote_total_ms\":%d,\"local_ms\":%d,\"overhead_ms\":%d}%n",
                        p.name(), p.transport(), end, latencyMs, remoteMs, localMs, remoteMs - localMs);
                out.flush();
            }
        }
        return 0;
    }
}
