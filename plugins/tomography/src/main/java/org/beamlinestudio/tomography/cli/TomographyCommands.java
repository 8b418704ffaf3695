package org.beamlinestudio.tomography.cli;

import java.util.List;
import org.beamlinestudio.core.cli.CliCommandProvider;
import org.beamlinestudio.tomography.bench.BenchCenterPreviewCommand;
import org.beamlinestudio.tomography.bench.BenchTomographyCommand;

/** The tomography commands of {@code studio}: find-center, reconstruct, bench tomography and bench center-preview. */
public final class TomographyCommands implements CliCommandProvider {

    @Override
    public List<Object> commands() {
        return List.of(new FindCenterCommand(), new ReconstructCommand());
    }

    @Override
    public List<Object> benchCommands() {
        return List.of(new BenchTomographyCommand(), new BenchCenterPreviewCommand());
    }
}
