package org.beamlinestudio.core.exec.slurm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.beamlinestudio.core.StudioDirs;
import org.beamlinestudio.core.exec.BatchRun;
import org.beamlinestudio.core.exec.Executor;
import org.beamlinestudio.core.exec.JobArrayExecutor;
import org.beamlinestudio.core.exec.JobHandle;
import org.beamlinestudio.core.exec.JobState;
import org.beamlinestudio.core.exec.PipelineInvalidException;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.pipeline.PipelineValidator;
import org.beamlinestudio.core.pipeline.ValidationReport;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipelines on a Slurm cluster: stages the input (unless the file system is shared), writes
 * the pipeline and a generated batch script into a job folder, submits it through a
 * {@link SlurmTransport}, follows it by polling (with backoff) and fetches (or opens in place) the
 * result. Every submitted job is recorded durably, so a restarted client follows it again.
 */
public final class SlurmExecutor implements JobArrayExecutor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlurmExecutor.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int TAIL_LINES = 20;

    private final ClusterProfile profile;
    private final SlurmTransport transport;
    private final RemoteFiles files;
    private final JobRecords records;
    private final PluginRegistry registry;
    private final Path localResults;
    private final ScheduledExecutorService poller;
    private final ExecutorService submitter;
    /** Jobs followed by this executor by Slurm id: resuming twice hands out the same handles. */
    private final Map<String, SlurmJob> followed = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param registry validates pipelines before they are sent; null to leave that to the cluster
     */
    public SlurmExecutor(ClusterProfile profile, SlurmTransport transport, RemoteFiles files, JobRecords records,
                         PluginRegistry registry) {
        this.profile = profile;
        this.transport = transport;
        this.files = files;
        this.records = records;
        this.registry = registry;
        this.localResults = profile.localWorkDir() == null || profile.localWorkDir().isBlank()
                ? StudioDirs.results().resolve("cluster").resolve(profile.name()) : Path.of(profile.localWorkDir());
        this.poller = Executors.newScheduledThreadPool(1, daemon("slurm-poll-" + profile.name()));
        this.submitter = Executors.newCachedThreadPool(daemon("slurm-submit-" + profile.name()));
    }

    /**
     * An executor for a profile with the transports it names; secrets come from {@link SessionSecrets}
     * when first needed (no network traffic here).
     */
    public static SlurmExecutor open(ClusterProfile profile, JobRecords records, PluginRegistry registry) {
        SshConnection ssh = new SshConnection(profile, () -> {
            if (profile.keyPassphrase() == null) {
                return null;
            }
            try {
                return SessionSecrets.get(SessionSecrets.passphraseKey(profile),
                        "the passphrase of SSH key " + profile.identityFile(), profile.keyPassphrase());
            } catch (SlurmException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        SlurmTransport transport = profile.usesRest() ? new RestTransport(profile, () -> {
            try {
                return SessionSecrets.get(SessionSecrets.tokenKey(profile), "the slurmrestd token for "
                        + profile.user() + " on " + profile.name(), profile.token());
            } catch (SlurmException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }) : new SshTransport(profile, ssh);
        RemoteFiles files = profile.sharedFileSystem() ? new SharedFiles() : new SftpFiles(profile, ssh);
        return new SlurmExecutor(profile, transport, files, records, registry);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public ClusterProfile profile() {
        return profile;
    }

    @Override
    public String id() {
        return "slurm:" + profile.name();
    }

    @Override
    public String displayName() {
        return "Cluster: " + profile.name();
    }

    /** Checks that the cluster answers and accepts the credentials (blocking: call off the FX thread). */
    public void ping() throws SlurmException {
        try {
            transport.ping();
        } catch (IllegalStateException e) {
            throw new SlurmException(e.getMessage(), e);
        } catch (SlurmException e) {
            forgetRejectedToken(e);
            throw e;
        }
    }

    /** A rejected token is not asked for or read again from the cache: the next call resolves a fresh one. */
    private void forgetRejectedToken(SlurmException e) {
        if (String.valueOf(e.getMessage()).contains("rejected the token")) {
            SessionSecrets.forget(SessionSecrets.tokenKey(profile));
        }
    }

    @Override
    public JobHandle submit(Pipeline pipeline) throws PipelineInvalidException {
        return submitBatch(pipeline, List.of());
    }

    /**
     * Runs one pipeline over several inputs as one Slurm job array (task i reads {@code inputs.get(i)}).
     * The result is a folder with one output per input, named {@code <input stem>_<output name>}.
     * With no inputs, runs the pipeline once on its own input.
     */
    @Override
    public SlurmJob submitBatch(Pipeline pipeline, List<Path> inputs) throws PipelineInvalidException {
        if (registry != null) {
            ValidationReport report = new PipelineValidator(registry).validate(pipeline, Optional.empty());
            if (!report.isValid()) {
                throw new PipelineInvalidException(report.problems());
            }
        }
        String outName = BatchRun.outputName(pipeline);
        String title = inputs.isEmpty()
                ? Path.of(pipeline.input().path()).getFileName() + " → " + outName
                : inputs.size() + " files → " + outName + " (job array)";
        SlurmJob job = new SlurmJob(this, "submitting-" + UUID.randomUUID().toString().substring(0, 8), title,
                profile.sharedFileSystem() ? "Submitting to " + profile.name() : "Staging the input on " + profile.name());
        submitter.submit(() -> doSubmit(job, pipeline, inputs, outName));
        return job;
    }

    private void doSubmit(SlurmJob job, Pipeline pipeline, List<Path> inputs, String outName) {
        try {
            Instant now = Instant.now();
            String jobDir = stripSlash(profile.remoteWorkDir()) + "/" + STAMP.format(now) + "-"
                    + UUID.randomUUID().toString().substring(0, 8);
            files.mkdirs(jobDir + "/results");
            boolean array = !inputs.isEmpty();
            List<Path> taskInputs = array ? inputs : List.of(Path.of(pipeline.input().path()));
            List<String> remoteResults = new ArrayList<>();
            for (int i = 0; i < taskInputs.size(); i++) {
                Path local = taskInputs.get(i).toAbsolutePath();
                String remoteInput = remoteInput(job, local, i, taskInputs.size());
                String result = jobDir + "/results/" + (array ? BatchRun.stem(local) + "_" + outName : outName);
                remoteResults.add(result);
                Pipeline.PipelineInput in = pipeline.input();
                Pipeline task = new Pipeline(pipeline.formatVersion(), pipeline.technique(),
                        new Pipeline.PipelineInput(remoteInput, in.reader(), in.dataset(), array ? -1 : in.sizeBytes(),
                                array ? "" : in.sha256First1MiB(), in.options()),
                        pipeline.stages(), new Pipeline.OutputSpec(result,
                        pipeline.output() == null ? "hdf5" : pipeline.output().format()), pipeline.software());
                files.writeString(jobDir + "/" + JobScript.pipelineFile(array ? i : -1), PipelineJson.toJson(task));
            }
            String name = "studio-" + (array ? "batch" : BatchRun.stem(taskInputs.get(0)));
            String script = JobScript.render(profile, jobDir, name, array ? taskInputs.size() : 0);
            files.writeString(jobDir + "/job.sh", script);
            if (job.cancelRequested()) {
                job.end(JobState.CANCELLED, null, null, "Cancelled before it was submitted", "");
                return;
            }
            job.message("Submitting to " + profile.name());
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            env.put("STUDIO_JOB_DIR", jobDir);
            String id = transport.submit(new SubmitRequest(script, name, jobDir,
                    jobDir + "/" + (array ? "slurm-%a.log" : JobScript.logFile(-1)),
                    array ? "0-" + (taskInputs.size() - 1) : "", profile, env));
            Path localResult = files.inPlace(array ? jobDir + "/results" : remoteResults.get(0))
                    .orElse(localResults.resolve(id).resolve(array ? "results" : outName));
            JobRecord r = new JobRecord(profile.name(), id, job.title(), jobDir, array ? taskInputs.size() : 0,
                    remoteResults, localResult.toString(), now.toString(), JobState.PENDING.name(), null, null, null);
            save(r);
            job.submitted(r);
            followed.put(id, job);
            if (job.cancelRequested()) {
                transport.cancel(id);
            }
            schedule(job, 0, basePollMillis());
        } catch (SlurmException e) {
            forgetRejectedToken(e);
            job.failedToSubmit(e.getMessage());
        } catch (IllegalStateException e) {
            job.failedToSubmit(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("submission to {} crashed", profile.name(), e);
            job.failedToSubmit("internal error while submitting to " + profile.name() + ": " + e);
        }
    }

    private String remoteInput(SlurmJob job, Path local, int i, int n) throws SlurmException {
        if (profile.sharedFileSystem()) {
            return local.toString();
        }
        if (!Files.isRegularFile(local)) {
            throw new SlurmException("cannot stage the input " + local + " on " + profile.name()
                    + ": it does not exist or is not a file");
        }
        String sha = SftpFiles.sha256(local);
        String remote = stripSlash(profile.remoteDataDir()) + "/" + sha.substring(0, 16) + "/" + local.getFileName();
        job.message("Staging " + local.getFileName() + (n > 1 ? " (" + (i + 1) + " of " + n + ")" : "") + " on "
                + profile.name());
        boolean uploaded = files.stage(local, remote);
        LOG.info("{} {} as {} on {}", uploaded ? "staged" : "already there:", local, remote, profile.name());
        return remote;
    }

    /** Re-attaches the jobs recorded for this profile: finished ones as they ended, others followed again. */
    public List<JobHandle> resume() {
        List<JobHandle> out = new ArrayList<>();
        for (JobRecord r : records.list(profile.name())) {
            SlurmJob known = followed.get(r.jobId());
            if (known != null) {
                out.add(known);
                continue;
            }
            SlurmJob job;
            try {
                job = new SlurmJob(this, r);
                followed.put(r.jobId(), job);
            } catch (RuntimeException e) {
                LOG.warn("cannot re-attach job record {} of {}: {}", r.jobId(), profile.name(), e.toString());
                continue;
            }
            out.add(job);
            if (!job.state().isFinal()) {
                schedule(job, 0, basePollMillis());
            }
        }
        return out;
    }

    void cancel(SlurmJob job) {
        submitter.submit(() -> {
            JobRecord r = job.record();
            if (r == null || job.state().isFinal()) {
                return; // not submitted yet: doSubmit sees the request
            }
            try {
                transport.cancel(r.jobId());
                job.message("Cancel requested");
                schedule(job, 200, basePollMillis());
            } catch (SlurmException | IllegalStateException e) {
                job.message("Could not cancel: " + e.getMessage());
            }
        });
    }

    private long basePollMillis() {
        return Math.max(50, Math.round(profile.pollSeconds() * 1000));
    }

    private void schedule(SlurmJob job, long delayMillis, long interval) {
        if (poller.isShutdown()) {
            return;
        }
        poller.schedule(() -> poll(job, interval), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void poll(SlurmJob job, long interval) {
        if (job.state().isFinal() && job.completion().isDone()) {
            return;
        }
        JobRecord r = job.record();
        long next = interval;
        try {
            List<SlurmTaskStatus> statuses = transport.status(r.jobId());
            int tasks = Math.max(1, r.tasks());
            List<Optional<ProgressFile.Snapshot>> snaps = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                snaps.add(files.readString(r.jobDir() + "/" + JobScript.progressFile(r.tasks() > 0 ? t : -1))
                        .flatMap(ProgressFile::parse));
            }
            JobState state = statuses.isEmpty() ? endFromFiles(r, snaps) : aggregate(statuses);
            String tail = tail(r, statuses);
            if (!state.isFinal()) {
                double fraction = fraction(snaps, r.tasks());
                String msg = message(state, r, statuses, snaps);
                boolean changed = job.update(state, fraction, msg, tail);
                if (changed) {
                    if (!state.name().equals(r.state())) {
                        save(r.with(state.name(), job.started().map(Instant::toString).orElse(null), null, null,
                                r.localResult()));
                    }
                    next = basePollMillis();
                } else {
                    next = Math.min(basePollMillis() * 8, Math.round(interval * 1.5));
                }
                schedule(job, next, next);
                return;
            }
            finish(job, r, state, statuses, snaps, tail);
        } catch (SlurmException | IllegalStateException e) {
            if (e instanceof SlurmException) {
                forgetRejectedToken((SlurmException) e);
            }
            // The cluster may be down for a minute: say so, keep trying less often.
            job.message("Cannot ask " + profile.name() + " about job " + r.jobId() + ": " + e.getMessage()
                    + " (retrying)");
            next = Math.min(basePollMillis() * 8, Math.round(interval * 2.0));
            schedule(job, next, next);
        } catch (RuntimeException e) {
            LOG.error("polling job {} on {} crashed", r.jobId(), profile.name(), e);
            schedule(job, basePollMillis() * 8, basePollMillis() * 8);
        }
    }

    /** The job's state from its tasks: running while any runs; the worst end once all ended. */
    static JobState aggregate(List<SlurmTaskStatus> statuses) {
        boolean anyRunning = false;
        boolean anyPending = false;
        JobState worst = JobState.COMPLETED;
        for (SlurmTaskStatus s : statuses) {
            JobState j = s.jobState();
            if (j == JobState.RUNNING) {
                anyRunning = true;
            } else if (j == JobState.PENDING) {
                anyPending = true;
            } else if (rank(j) > rank(worst)) {
                worst = j;
            }
        }
        if (anyRunning) {
            return JobState.RUNNING;
        }
        return anyPending ? (statuses.size() > 1 && worst != JobState.COMPLETED ? JobState.RUNNING : JobState.PENDING)
                : worst;
    }

    private static int rank(JobState s) {
        switch (s) {
            case NODE_FAIL: return 5;
            case FAILED: return 4;
            case TIMEOUT: return 3;
            case CANCELLED: return 2;
            default: return 1;
        }
    }

    /** After Slurm forgot the job (MinJobAge): how it ended, from the exit-code and progress files. */
    private JobState endFromFiles(JobRecord r, List<Optional<ProgressFile.Snapshot>> snaps) throws SlurmException {
        JobState worst = JobState.COMPLETED;
        for (int t = 0; t < snaps.size(); t++) {
            Optional<String> exit = files.readString(r.jobDir() + "/" + JobScript.exitFile(r.tasks() > 0 ? t : -1));
            JobState s;
            if (exit.isPresent()) {
                String code = exit.get().trim();
                s = "0".equals(code) ? JobState.COMPLETED : "130".equals(code) || "143".equals(code)
                        ? JobState.CANCELLED : JobState.FAILED;
            } else {
                s = snaps.get(t).map(p -> SlurmTaskStatus.map(p.state())).filter(JobState::isFinal)
                        .orElse(JobState.CANCELLED); // killed before the script could record anything
            }
            if (rank(s) > rank(worst)) {
                worst = s;
            }
        }
        return worst;
    }

    private static double fraction(List<Optional<ProgressFile.Snapshot>> snaps, int tasks) {
        if (tasks == 0) {
            return snaps.get(0).map(ProgressFile.Snapshot::fraction).orElse(-1.0);
        }
        double sum = 0;
        for (Optional<ProgressFile.Snapshot> s : snaps) {
            sum += s.map(p -> Math.max(0, p.fraction())).orElse(0.0);
        }
        return sum / snaps.size();
    }

    private String message(JobState state, JobRecord r, List<SlurmTaskStatus> statuses,
                           List<Optional<ProgressFile.Snapshot>> snaps) {
        if (state == JobState.PENDING) {
            String reason = statuses.isEmpty() ? "" : statuses.get(0).reason();
            return "Waiting in the queue of " + profile.name() + (reason.isBlank() || "None".equals(reason) ? ""
                    : " (" + reason + ")");
        }
        if (r.tasks() > 0) {
            long done = statuses.stream().filter(s -> s.jobState().isFinal()).count();
            return done + " of " + r.tasks() + " tasks done";
        }
        String node = statuses.isEmpty() ? "" : statuses.get(0).node();
        return snaps.get(0).map(ProgressFile.Snapshot::message).orElse("Starting")
                + (node.isBlank() ? "" : " (on " + node + ")");
    }

    private String tail(JobRecord r, List<SlurmTaskStatus> statuses) throws SlurmException {
        int task = -1;
        if (r.tasks() > 0) {
            task = 0;
            for (SlurmTaskStatus s : statuses) {
                if (s.jobState().isFinal() && s.jobState() != JobState.COMPLETED && s.jobId().contains("_")) {
                    task = Integer.parseInt(s.jobId().substring(s.jobId().indexOf('_') + 1));
                    break;
                }
            }
        }
        return files.readString(r.jobDir() + "/" + JobScript.logFile(task)).map(SlurmExecutor::lastLines).orElse("");
    }

    static String lastLines(String text) {
        String[] lines = text.split("\n");
        int from = Math.max(0, lines.length - TAIL_LINES);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }

    private void finish(SlurmJob job, JobRecord r, JobState state, List<SlurmTaskStatus> statuses,
                        List<Optional<ProgressFile.Snapshot>> snaps, String tail) throws SlurmException {
        Path result = null;
        String failure = null;
        String msg;
        if (state == JobState.COMPLETED) {
            for (String remote : r.remoteResults()) {
                if (!files.exists(remote)) {
                    state = JobState.FAILED;
                    failure = "Slurm job " + r.jobId() + " on " + profile.name() + " completed but its result "
                            + remote + " is missing";
                    break;
                }
            }
            if (failure == null) {
                job.message("Fetching the result from " + profile.name());
                String remote = r.tasks() > 0 ? r.jobDir() + "/results" : r.remoteResults().get(0);
                result = files.inPlace(remote).orElse(null);
                if (result == null) {
                    result = files.fetch(remote, Path.of(r.localResult()));
                }
            }
        }
        if (state == JobState.COMPLETED) {
            msg = "Written to " + result;
        } else if (state == JobState.CANCELLED) {
            msg = "Cancelled on " + profile.name() + "; no result was kept";
        } else {
            if (failure == null) {
                failure = failureText(r, state, statuses, snaps, tail);
            }
            msg = failure;
        }
        save(r.with(state.name(), job.started().map(Instant::toString).orElse(null), Instant.now().toString(),
                failure, result == null ? r.localResult() : result.toString()));
        job.end(state, result, failure, msg, tail);
    }

    private String failureText(JobRecord r, JobState state, List<SlurmTaskStatus> statuses,
                               List<Optional<ProgressFile.Snapshot>> snaps, String tail) {
        StringBuilder b = new StringBuilder("Slurm job ").append(r.jobId()).append(" on ").append(profile.name());
        SlurmTaskStatus bad = statuses.stream().filter(s -> s.jobState() == state).findFirst().orElse(null);
        String explanation = bad == null ? "" : bad.explanation();
        if (!explanation.isBlank()) {
            b.append(": ").append(explanation);
        } else {
            b.append(" ended ").append(state);
        }
        String cliError = snaps.stream().flatMap(Optional::stream).map(ProgressFile.Snapshot::error)
                .filter(e -> e != null && !e.isBlank()).findFirst().orElse(null);
        if (cliError == null) {
            cliError = tail.lines().filter(l -> l.startsWith("studio") || l.contains("error:"))
                    .reduce((a, c) -> c).orElse(null);
        }
        if (cliError != null) {
            b.append(": ").append(cliError);
        }
        return b.toString();
    }

    private void save(JobRecord r) {
        try {
            records.save(r);
        } catch (IOException e) {
            LOG.warn("cannot record job {} of {} in {}: {}", r.jobId(), profile.name(), records.dir(), e.getMessage());
        }
    }

    private static String stripSlash(String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalStateException("the cluster profile has no remote work/data folder set");
        }
        return s.replaceAll("/+$", "");
    }

    /** Stops polling (jobs keep running on the cluster and are followed again after {@link #resume()}). */
    @Override
    public void close() {
        poller.shutdownNow();
        submitter.shutdownNow();
        transport.close();
        files.close();
    }
}
