package org.beamlinestudio.core.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.beamlinestudio.core.StudioDirs;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.demo.DemoDatasets;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.plugin.ReaderChoice;
import org.beamlinestudio.core.plugin.TechniquePlugin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code studio demo}: the main job without a display. Writes the bundled demo dataset (once),
 * runs its technique's default pipeline on it, and says where the result went.
 */
@Command(name = "demo", description = "Run the default pipeline on the bundled demo dataset and print where the result went.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "result folder (default: a new folder under the studio's results folder)")
    Path output;

    @Mixin
    ExecutionOptions execution;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        PluginRegistry registry = PluginRegistry.load();
        Path demo;
        try {
            demo = DemoDatasets.ensure(registry, StudioDirs.data().resolve("demo"));
        } catch (IOException e) {
            err.println("studio demo: cannot prepare the demo dataset: " + e.getMessage());
            return StudioCli.EXIT_RUN_FAILED;
        }
        out.println("Demo dataset: " + demo);
        ReaderChoice choice = registry.chooseReader(demo);
        if (choice.winner().isEmpty()) {
            err.println("studio demo: " + choice.explain());
            return StudioCli.EXIT_BAD_INPUT;
        }
        DatasetReader reader = choice.winner().get();
        TechniquePlugin plugin = registry.ownerOfReader(reader.id()).orElseThrow();
        Pipeline pipeline;
        try (OpenedSource source = reader.open(demo)) {
            pipeline = plugin.defaultPipeline(source).orElse(null);
        } catch (DataFileException e) {
            err.println("studio demo: " + e.getMessage());
            return StudioCli.EXIT_BAD_INPUT;
        }
        if (pipeline == null) {
            err.println("studio demo: the " + plugin.displayName() + " plugin proposes no pipeline for " + demo);
            return StudioCli.EXIT_BAD_INPUT;
        }
        Path target = output != null ? output.toAbsolutePath() : StudioDirs.results().resolve(
                plugin.id() + "-demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        pipeline = pipeline.withOutput(new Pipeline.OutputSpec(target.toString(), "tiff"));
        return PipelineExecution.run(registry, pipeline, execution.settings(), out, err,
                "Demo result written to ");
    }
}
