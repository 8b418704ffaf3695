package org.beamlinestudio.xpcs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code studio xpcs}: the XPCS commands (correlate). */
@Command(name = "xpcs", description = "XPCS: correlate raw frames and fit g2.",
        subcommands = {CorrelateXpcsCommand.class})
public final class XpcsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
