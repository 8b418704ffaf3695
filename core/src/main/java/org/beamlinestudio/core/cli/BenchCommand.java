package org.beamlinestudio.core.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code studio bench NAME}: the performance benchmarks techniques contribute, printed in the same
 * JSON-lines format as the peer benchmarks in {@code ../shared/bench/} so the figures can be put
 * side by side (and compared as ratios taken in one run).
 */
@Command(name = "bench", description = "Benchmarks (e.g. `studio bench tomography`), in the peer benchmarks' format.")
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (spec.subcommands().isEmpty()) {
            spec.commandLine().getErr().println("studio bench: no technique plugin with benchmarks is installed");
        } else {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }
}
