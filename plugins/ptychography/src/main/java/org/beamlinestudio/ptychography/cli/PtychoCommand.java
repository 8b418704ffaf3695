package org.beamlinestudio.ptychography.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code studio ptycho}: reconstruct a scan, or describe a file. */
@Command(name = "ptycho", description = "Ptychography: reconstruct a scan, describe a file.",
        subcommands = {ReconstructPtychoCommand.class, InfoPtychoCommand.class})
public final class PtychoCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
