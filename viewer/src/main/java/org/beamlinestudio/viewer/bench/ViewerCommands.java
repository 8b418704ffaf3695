package org.beamlinestudio.viewer.bench;

import java.util.List;
import org.beamlinestudio.core.cli.CliCommandProvider;

/** The viewer's contribution to {@code studio}: {@code studio bench viewer}. */
public final class ViewerCommands implements CliCommandProvider {

    @Override
    public List<Object> commands() {
        return List.of();
    }

    @Override
    public List<Object> benchCommands() {
        return List.of(new BenchViewerCommand());
    }
}
