package org.beamlinestudio.core.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.exec.JobState;
import org.beamlinestudio.core.exec.PipelineInvalidException;
import org.beamlinestudio.core.exec.slurm.ClusterProfile;
import org.beamlinestudio.core.exec.slurm.ClusterProfiles;
import org.beamlinestudio.core.exec.slurm.JobRecord;
import org.beamlinestudio.core.exec.slurm.JobRecords;
import org.beamlinestudio.core.exec.slurm.SlurmException;
import org.beamlinestudio.core.exec.slurm.SlurmExecutor;
import org.beamlinestudio.core.exec.slurm.SlurmJob;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.plugin.PluginRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code studio cluster ...}: cluster profiles, submitting pipelines (single or as a job array),
 * listing, following, cancelling and fetching Slurm jobs. Jobs are recorded like the app's, so the
 * app and the CLI follow the same jobs.
 */
@Command(name = "cluster", description = "Run pipelines on a Slurm cluster: profiles, submit, jobs, cancel, fetch.",
        subcommands = {ClusterCommand.Profiles.class, ClusterCommand.Add.class, ClusterCommand.Remove.class,
                ClusterCommand.Ping.class, ClusterCommand.Submit.class, ClusterCommand.Jobs.class,
                ClusterCommand.Cancel.class, ClusterCommand.Fetch.class})
final class ClusterCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every job command shares. */
    static class ProfileOption {
        @Option(names = {"-p", "--profile"}, required = true, paramLabel = "NAME", description = "cluster profile name")
        String profile;
    }

    /**
     * A command about one profile's cluster: opens its executor for {@link #call(SlurmExecutor, PrintWriter,
     * PrintWriter)} and reports a {@link SlurmException} (unknown profile, cluster refused) as
     * "studio cluster NAME: why".
     */
    abstract static class ProfileCommand implements Callable<Integer> {
        @CommandLine.Mixin
        ProfileOption profile;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        private final int slurmFailureExit;

        ProfileCommand(int slurmFailureExit) {
            this.slurmFailureExit = slurmFailureExit;
        }

        @Override
        public final Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            try (SlurmExecutor ex = executor(profile(profile.profile))) {
                return call(ex, spec.commandLine().getOut(), err);
            } catch (SlurmException e) {
                err.println(failurePrefix() + e.getMessage());
                return slurmFailureExit;
            }
        }

        /** "studio cluster NAME: ", what this command's error lines start with. */
        final String failurePrefix() {
            return "studio cluster " + spec.name() + ": ";
        }

        abstract int call(SlurmExecutor ex, PrintWriter out, PrintWriter err) throws Exception;
    }

    static ClusterProfile profile(String name) throws SlurmException {
        return ClusterProfiles.standard().require(name);
    }

    static SlurmExecutor executor(ClusterProfile p) {
        return SlurmExecutor.open(p, JobRecords.standard(), PluginRegistry.load());
    }

    /** Follows a job to its end, printing state changes; returns the exit code for its final state. */
    static int follow(JobHandle job, PrintWriter out, PrintWriter err) throws InterruptedException {
        String[] last = {""};
        job.addListener(j -> {
            String line = "[" + j.state() + (j.progress() >= 0 ? String.format(" %3.0f%%", j.progress() * 100) : "")
                    + "] " + j.message();
            synchronized (last) {
                if (!line.equals(last[0])) {
                    last[0] = line;
                    err.println(line);
                    err.flush();
                }
            }
        });
        JobState end;
        try {
            end = job.completion().get();
        } catch (java.util.concurrent.ExecutionException e) {
            err.println("studio cluster: " + e.getCause());
            return StudioCli.EXIT_RUN_FAILED;
        }
        if (end == JobState.COMPLETED) {
            out.println("Result: " + job.result().map(Path::toString).orElse("?"));
            return 0;
        }
        err.println("studio cluster: job " + job.id() + " " + end + ": " + job.failure().orElse(job.message()));
        if (!job.logTail().isBlank()) {
            err.println("--- last lines of the job's log ---");
            err.println(job.logTail());
        }
        return end == JobState.CANCELLED ? StudioCli.EXIT_CANCELLED : StudioCli.EXIT_RUN_FAILED;
    }

    @Command(name = "profiles", description = "List the cluster profiles.")
    static final class Profiles implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ClusterProfiles store = ClusterProfiles.standard();
            List<ClusterProfile> all = store.list();
            if (all.isEmpty()) {
                out.println("No cluster profiles in " + store.dir() + " (add one with `studio cluster add FILE.json`).");
            }
            for (ClusterProfile p : all) {
                out.printf("%-16s %s  partition=%s  %s%n", p.name(), p.describe(),
                        p.partition() == null ? "(default)" : p.partition(),
                        p.sharedFileSystem() ? "shared file system" : "staged to " + p.remoteDataDir());
            }
            return 0;
        }
    }

    @Command(name = "add", description = "Add (or replace) a profile from a JSON file; secrets are never stored.")
    static final class Add implements Callable<Integer> {
        @Parameters(paramLabel = "PROFILE.json")
        Path file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                ClusterProfile p = ClusterProfiles.read(file);
                Path saved = ClusterProfiles.standard().save(p);
                spec.commandLine().getOut().println("Saved " + p.describe() + " as " + saved);
                return 0;
            } catch (IOException e) {
                spec.commandLine().getErr().println("studio cluster add: " + file + ": " + e.getMessage());
                return StudioCli.EXIT_BAD_INPUT;
            }
        }
    }

    @Command(name = "remove", description = "Remove a profile (its jobs' records stay).")
    static final class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            boolean gone = ClusterProfiles.standard().delete(name);
            spec.commandLine().getOut().println(gone ? "Removed " + name : "No profile named " + name);
            return gone ? 0 : StudioCli.EXIT_BAD_INPUT;
        }
    }

    @Command(name = "ping", description = "Check that the cluster answers and accepts the credentials.")
    static final class Ping extends ProfileCommand {
        Ping() {
            super(StudioCli.EXIT_RUN_FAILED);
        }

        @Override
        int call(SlurmExecutor ex, PrintWriter out, PrintWriter err) throws SlurmException {
            long t0 = System.nanoTime();
            ex.ping();
            out.printf("%s answers (%d ms)%n", ex.profile().describe(), (System.nanoTime() - t0) / 1_000_000);
            return 0;
        }
    }

    @Command(name = "submit", description = "Submit a pipeline; with --inputs, one job array task per input file.")
    static final class Submit extends ProfileCommand {
        @Parameters(index = "0", paramLabel = "PIPELINE.json")
        Path pipelineFile;

        @Option(names = "--inputs", arity = "1..*", paramLabel = "FILE",
                description = "run the pipeline over these inputs (or every .h5/.nxs in a folder) as a job array")
        List<Path> inputs = new ArrayList<>();

        @Option(names = "--wait", description = "follow the job to its end and fetch the result")
        boolean waitForEnd;

        Submit() {
            super(StudioCli.EXIT_BAD_INPUT);
        }

        @Override
        int call(SlurmExecutor ex, PrintWriter out, PrintWriter err) throws Exception {
            try {
                Pipeline p = PipelineJson.read(pipelineFile);
                SlurmJob job = ex.submitBatch(p, expand(inputs));
                // Submission runs in the background: wait until Slurm gave it an id (or refused it).
                while (job.slurmJobId().isEmpty() && !job.state().isFinal()) {
                    Thread.sleep(20);
                }
                if (job.state() == JobState.FAILED) {
                    err.println(failurePrefix() + job.failure().orElse(job.message()));
                    return StudioCli.EXIT_RUN_FAILED;
                }
                out.println("Submitted Slurm job " + job.id() + " to " + ex.profile().name() + " (" + job.title() + ")");
                out.flush();
                return waitForEnd ? follow(job, out, err) : 0;
            } catch (DataFileException e) {
                err.println(failurePrefix() + e.getMessage());
                return StudioCli.EXIT_BAD_INPUT;
            } catch (PipelineInvalidException e) {
                err.println(failurePrefix() + "the pipeline is not valid: " + String.join("; ", e.problems()));
                return StudioCli.EXIT_BAD_INPUT;
            }
        }

        private static List<Path> expand(List<Path> given) throws IOException {
            List<Path> out = new ArrayList<>();
            for (Path g : given) {
                if (Files.isDirectory(g)) {
                    try (var files = Files.list(g)) {
                        files.filter(f -> f.toString().endsWith(".h5") || f.toString().endsWith(".nxs")
                                || f.toString().endsWith(".hdf5")).sorted().forEach(out::add);
                    }
                } else {
                    out.add(g);
                }
            }
            return out;
        }
    }

    @Command(name = "jobs", description = "List the jobs submitted from this machine (last known state).")
    static final class Jobs implements Callable<Integer> {
        @Option(names = {"-p", "--profile"}, paramLabel = "NAME", description = "only this profile's jobs")
        String profile;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            JobRecords records = JobRecords.standard();
            for (ClusterProfile p : ClusterProfiles.standard().list()) {
                if (profile != null && !profile.equals(p.name())) {
                    continue;
                }
                for (JobRecord r : records.list(p.name())) {
                    out.printf("%-10s %-8s %-10s %s  %s%n", r.jobId(), p.name(), r.state(), r.submitted(),
                            r.title() + (r.failure() == null ? "" : "  — " + r.failure()));
                }
            }
            return 0;
        }
    }

    /** Re-attaches a recorded job by id. */
    static JobHandle attach(SlurmExecutor ex, String jobId) throws SlurmException {
        return ex.resume().stream().filter(j -> j.id().equals(jobId)).findFirst()
                .orElseThrow(() -> new SlurmException("no job " + jobId + " recorded for " + ex.profile().name()
                        + " (see `studio cluster jobs`)"));
    }

    @Command(name = "cancel", description = "Cancel a job.")
    static final class Cancel extends ProfileCommand {
        @Parameters(paramLabel = "JOBID")
        String jobId;

        Cancel() {
            super(StudioCli.EXIT_BAD_INPUT);
        }

        @Override
        int call(SlurmExecutor ex, PrintWriter out, PrintWriter err) throws Exception {
            JobHandle job = attach(ex, jobId);
            if (job.state().isFinal()) {
                out.println("Job " + jobId + " already ended: " + job.state());
                return 0;
            }
            job.cancel();
            JobState end = job.completion().get(120, TimeUnit.SECONDS);
            out.println("Job " + jobId + ": " + end);
            return end == JobState.CANCELLED ? 0 : StudioCli.EXIT_RUN_FAILED;
        }
    }

    @Command(name = "fetch", description = "Follow a job to its end and fetch (or locate) its result.")
    static final class Fetch extends ProfileCommand {
        @Parameters(paramLabel = "JOBID")
        String jobId;

        Fetch() {
            super(StudioCli.EXIT_BAD_INPUT);
        }

        @Override
        int call(SlurmExecutor ex, PrintWriter out, PrintWriter err) throws Exception {
            return follow(attach(ex, jobId), out, err);
        }
    }
}
