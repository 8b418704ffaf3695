package org.beamlinestudio.ptychography.cli;

import java.util.List;
import org.beamlinestudio.core.cli.CliCommandProvider;

/** The ptychography commands of {@code studio}: {@code ptycho reconstruct}, {@code ptycho info}. */
public final class PtychoCommands implements CliCommandProvider {

    @Override
    public List<Object> commands() {
        return List.of(new PtychoCommand());
    }

    @Override
    public List<Object> benchCommands() {
        return List.of();
    }
}
