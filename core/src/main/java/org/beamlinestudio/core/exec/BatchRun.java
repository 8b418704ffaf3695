package org.beamlinestudio.core.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.beamlinestudio.core.pipeline.Pipeline;

/**
 * One pipeline over a list of scans: a job array where the executor runs arrays (Slurm), else one job per scan.
 * Outputs are named {@code <scan stem>_<output name>}, as the job array names them, so a batch gives the same
 * files wherever it ran.
 */
public final class BatchRun {

    private BatchRun() {
    }

    /** The pipeline for one scan: same reader, dataset and stages, that scan, its output in {@code folder}. */
    public static Pipeline forInput(Pipeline pipeline, Path input, Path folder) {
        Pipeline.PipelineInput in = pipeline.input();
        String format = pipeline.output() == null ? "hdf5" : pipeline.output().format();
        Path out = folder.resolve(stem(input) + "_" + outputName(pipeline));
        return new Pipeline(pipeline.formatVersion(), pipeline.technique(),
                new Pipeline.PipelineInput(input.toAbsolutePath().toString(), in.reader(), in.dataset(), -1, "",
                        in.options()),
                pipeline.stages(), new Pipeline.OutputSpec(out.toString(), format), pipeline.software());
    }

    /**
     * Submits the batch: one job array on a {@link JobArrayExecutor} (its results go where that executor puts
     * them), else one job per scan with outputs in {@code folder}. Returns the jobs to follow.
     *
     * @throws PipelineInvalidException when a scan's pipeline does not validate (nothing is submitted then)
     */
    public static List<JobHandle> submit(Executor executor, Pipeline pipeline, List<Path> inputs, Path folder)
            throws PipelineInvalidException {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one scan");
        }
        if (executor instanceof JobArrayExecutor array) {
            return List.of(array.submitBatch(pipeline, inputs));
        }
        List<Pipeline> perScan = new ArrayList<>();
        for (Path input : inputs) {
            perScan.add(forInput(pipeline, input, folder));
        }
        List<JobHandle> jobs = new ArrayList<>();
        for (Pipeline p : perScan) {
            jobs.add(executor.submit(p));
        }
        return jobs;
    }

    /** The output's file name, {@code result.h5} when the pipeline names none. */
    public static String outputName(Pipeline p) {
        if (p.output() != null && p.output().path() != null && !p.output().path().isBlank()) {
            return Path.of(p.output().path()).getFileName().toString();
        }
        return "result.h5";
    }

    /** A file name without its last extension. */
    public static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
