package org.beamlinestudio.journeys;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.beamlinestudio.core.cli.StudioCli;

/** One run of the {@code studio} command line in this JVM: its exit code and what it printed. */
public record CliRun(int code, String out, String err) {

    /** Runs {@code studio ARGS...} as a user would type it. */
    public static CliRun studio(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StudioCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }
}
