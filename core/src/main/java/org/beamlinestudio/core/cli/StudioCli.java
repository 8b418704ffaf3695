package org.beamlinestudio.core.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The headless command line: {@code studio info FILE}, {@code studio run PIPELINE.json},
 * {@code studio devices}, {@code studio demo}, {@code studio cluster ...}. The same code runs on a cluster node.
 * Exit codes: 0 success, 1 bad input (one line on stderr), 2 usage, 3 failed run, 130 cancelled.
 */
@Command(name = "studio", mixinStandardHelpOptions = true, versionProvider = StudioVersion.class,
        description = "Beamline Studio: synchrotron data, headless.",
        subcommands = {InfoCommand.class, RunCommand.class, DevicesCommand.class, DemoCommand.class,
                ClusterCommand.class})
public final class StudioCli implements Runnable {

    /** Exit code for input that cannot be used (missing file, not HDF5, invalid pipeline). */
    public static final int EXIT_BAD_INPUT = 1;
    /** Exit code for a run that the user cancelled (as shells report SIGINT). */
    public static final int EXIT_CANCELLED = 130;
    /** Exit code for a run that started and failed. */
    public static final int EXIT_RUN_FAILED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the CLI with the given arguments and returns the exit code (does not exit the JVM). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new StudioCli());
        addPluginCommands(cl, err);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    private static void addPluginCommands(CommandLine cl, PrintWriter err) {
        CommandLine bench = new CommandLine(new BenchCommand());
        cl.addSubcommand("bench", bench);
        bench.addSubcommand("slurm", new SlurmBenchCommand());
        var it = java.util.ServiceLoader.load(CliCommandProvider.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return;
                }
                CliCommandProvider provider = it.next();
                for (Object command : provider.commands()) {
                    cl.addSubcommand(command);
                }
                for (Object command : provider.benchCommands()) {
                    bench.addSubcommand(command);
                }
            } catch (java.util.ServiceConfigurationError | RuntimeException | LinkageError e) {
                err.println("studio: a plugin's commands are unavailable: " + e.getMessage());
            }
        }
    }

    /** Runs with stdout / stderr. */
    public static int execute(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        return execute(args, out, err);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
