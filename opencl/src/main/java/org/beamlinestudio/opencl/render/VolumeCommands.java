package org.beamlinestudio.opencl.render;

import java.util.List;
import org.beamlinestudio.core.cli.CliCommandProvider;

/** Adds {@code studio bench volume}. */
public final class VolumeCommands implements CliCommandProvider {

    @Override
    public List<Object> commands() {
        return List.of();
    }

    @Override
    public List<Object> benchCommands() {
        return List.of(new BenchVolumeCommand());
    }
}
