package org.beamlinestudio.catalog.cli;

import java.util.List;
import org.beamlinestudio.core.cli.CliCommandProvider;

/** The catalog's commands of {@code studio}: {@code bench catalog}. */
public final class CatalogBenchCommands implements CliCommandProvider {

    @Override
    public List<Object> commands() {
        return List.of();
    }

    @Override
    public List<Object> benchCommands() {
        return List.of(new BenchCatalogCommand());
    }
}
