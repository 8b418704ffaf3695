package org.beamlinestudio.core.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.PipelineInvalidException;
import org.beamlinestudio.core.exec.PipelineRunner;
import org.beamlinestudio.core.exec.slurm.ProgressFile;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;

/**
 * Runs a pipeline in the foreground for the CLI: progress on stderr, the result path on stdout,
 * Ctrl-C cancels and waits for the partial output to be removed.
 */
final class PipelineExecution {

    private PipelineExecution() {
    }

    private static void finish(ProgressFile file, String state, String message, Path result, String error) {
        if (file != null) {
            file.finish(state, message, result, error);
        }
    }

    /** Runs and returns the exit code. */
    static int run(PluginRegistry registry, Pipeline pipeline, ExecutionSettings settings, PrintWriter out,
                   PrintWriter err, String resultLabel) {
        return run(registry, pipeline, settings, out, err, resultLabel, null);
    }

    /** Runs, also keeping {@code progressFile} (may be null) up to date, and returns the exit code. */
    static int run(PluginRegistry registry, Pipeline pipeline, ExecutionSettings settings, PrintWriter out,
                   PrintWriter err, String resultLabel, ProgressFile progressFile) {
        ConsoleProgress console = new ConsoleProgress(err);
        Progress progress = progressFile == null ? console : (fraction, message) -> {
            console.update(fraction, message);
            progressFile.update(fraction, message);
        };
        // The wait gives the runner time to delete its temporary output, and this method time to report, before
        // the JVM goes.
        try (CancelOnInterrupt interrupt = new CancelOnInterrupt("studio-cancel-on-interrupt", 20)) {
            return run(registry, pipeline, settings, out, err, resultLabel, progressFile, progress,
                    interrupt.cancellation());
        }
    }

    private static int run(PluginRegistry registry, Pipeline pipeline, ExecutionSettings settings, PrintWriter out,
                           PrintWriter err, String resultLabel, ProgressFile progressFile, Progress progress,
                           Cancellation cancel) {
        try {
            Path result = new PipelineRunner(registry, settings).run(pipeline, progress, cancel);
            out.println(resultLabel + result);
            out.flush();
            finish(progressFile, "COMPLETED", "Written to " + result, result, null);
            return 0;
        } catch (PipelineInvalidException e) {
            String msg = "the pipeline is not valid: " + String.join("; ", e.problems());
            err.println("studio run: " + msg);
            finish(progressFile, "FAILED", msg, null, msg);
            return StudioCli.EXIT_BAD_INPUT;
        } catch (PipelineRunner.RunException e) {
            err.println("studio run: " + e.getMessage());
            finish(progressFile, "FAILED", e.getMessage(), null, e.getMessage());
            return StudioCli.EXIT_RUN_FAILED;
        } catch (Cancellation.CancelledException e) {
            err.println("studio run: cancelled; no output was left behind");
            finish(progressFile, "CANCELLED", "cancelled; no output was left behind", null, null);
            return StudioCli.EXIT_CANCELLED;
        }
    }
}
