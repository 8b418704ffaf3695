package org.beamlinestudio.ptychography.cli;

import java.util.List;
import org.beamlinestudio.core.cli.CliCommandProvider;
import org.beamlinestudio.ptychography.bench.BenchPtychoCommand;

/** Contributes {@code studio bench ptycho}. */
public final class PtychoBenchCommands implements CliCommandProvider {

    @Override
    public List<Object> commands() {
        return List.of();
    }

    @Override
    public List<Object> benchCommands() {
        return List.of(new BenchPtychoCommand());
    }
}
