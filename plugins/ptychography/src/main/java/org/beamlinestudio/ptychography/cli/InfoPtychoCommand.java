package org.beamlinestudio.ptychography.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.beamlinestudio.core.cli.StudioCli;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.ptychography.io.PtychoOpening;
import org.beamlinestudio.ptychography.io.PtychoSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code studio ptycho info FILE}: what each reader sees in the file, and the scan the chosen one opens. */
@Command(name = "info", description = "Describe a ptychography file: readers' confidence, patterns, geometry, scan.")
public final class InfoPtychoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "CXI, .ptyd or HDF5 file")
    Path file;

    @Mixin
    SourceOptions source = new SourceOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("studio ptycho info: " + file + ": no such file");
            err.flush();
            return StudioCli.EXIT_BAD_INPUT;
        }
        out.println(file);
        for (PtychoOpening.Probed p : PtychoOpening.probe(file)) {
            out.printf(Locale.ROOT, "  reader %-22s confidence %.2f  %s%n", p.reader().id(),
                    p.result().confidence(), p.result().reason());
        }
        try (PtychoSource src = PtychoOpening.open(file, source.readerName(), source.readerOptions())) {
            out.println("opened by " + src.readerId() + ", patterns at " + src.datasetPath());
            for (Map.Entry<String, String> e : src.keyMetadata().entrySet()) {
                out.printf(Locale.ROOT, "  %-16s %s%n", e.getKey(), e.getValue());
            }
            out.flush();
            return 0;
        } catch (DataFileException | IllegalArgumentException e) {
            out.flush();
            err.println("studio ptycho info: " + e.getMessage());
            err.flush();
            return StudioCli.EXIT_BAD_INPUT;
        }
    }
}
