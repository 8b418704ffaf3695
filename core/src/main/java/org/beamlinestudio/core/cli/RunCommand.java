package org.beamlinestudio.core.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.exec.slurm.ProgressFile;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.plugin.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code studio run PIPELINE.json}: runs a saved pipeline headless, as a cluster node does. */
@Command(name = "run", description = "Run a saved pipeline (JSON) headless and print where the result went.")
final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PIPELINE.json", description = "pipeline file saved by the app or written by hand")
    Path pipelineFile;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH",
            description = "write here instead of the pipeline's own output path (must not exist)")
    Path output;

    @Option(names = "--progress-file", paramLabel = "FILE",
            description = "keep machine-readable progress (JSON, replaced atomically) in FILE, e.g. for a cluster client")
    Path progressFile;

    @Mixin
    ExecutionOptions execution;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        ProgressFile progress = progressFile == null ? null : new ProgressFile(progressFile);
        Pipeline pipeline;
        try {
            pipeline = PipelineJson.read(pipelineFile);
        } catch (DataFileException e) {
            err.println("studio run: " + e.getMessage());
            if (progress != null) {
                progress.finish("FAILED", e.getMessage(), null, e.getMessage());
            }
            return StudioCli.EXIT_BAD_INPUT;
        }
        if (output != null) {
            String format = pipeline.output() == null ? "tiff" : pipeline.output().format();
            pipeline = pipeline.withOutput(new Pipeline.OutputSpec(output.toAbsolutePath().toString(), format));
        }
        return PipelineExecution.run(PluginRegistry.load(), pipeline, execution.settings(), out, err, "Result: ",
                progress);
    }
}
