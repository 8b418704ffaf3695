package org.beamlinestudio.xpcs.cli;

import java.util.List;
import org.beamlinestudio.core.cli.CliCommandProvider;

/** The XPCS commands of {@code studio}: {@code xpcs correlate}, {@code bench xpcs}. */
public final class XpcsCommands implements CliCommandProvider {

    @Override
    public List<Object> commands() {
        return List.of(new XpcsCommand());
    }

    @Override
    public List<Object> benchCommands() {
        return List.of(new BenchXpcsCommand());
    }
}
