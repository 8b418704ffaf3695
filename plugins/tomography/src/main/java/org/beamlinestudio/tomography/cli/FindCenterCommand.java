package org.beamlinestudio.tomography.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.beamlinestudio.core.cli.StudioCli;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.tomography.center.CenterEstimate;
import org.beamlinestudio.tomography.center.CenterFinders;
import org.beamlinestudio.tomography.center.Sinogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code studio find-center FILE}: the centre of rotation of a scan, from one normalised row. */
@Command(name = "find-center", description = "Find the centre of rotation of a tomography scan (Vo's method or phase correlation).")
final class FindCenterCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "scan file (any layout the tomography readers know)")
    Path file;

    @Option(names = "--method", defaultValue = "vo", paramLabel = "vo|pc|half",
            description = "vo: Vo's Fourier method (robust, default); pc: phase correlation of 0° and mirrored 180° "
                    + "(quick); half: offset-axis (360°, half-acquisition) scans")
    String method;

    @Option(names = "--row", paramLabel = "R", description = "detector row to use (default: the middle row)")
    Integer row;

    @Option(names = "--reader-option", paramLabel = "KEY=VALUE", description = "a reader option, e.g. evenSpacingDegrees=180")
    Map<String, String> readerOptions = Map.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try (OpenedSource source = ScanFiles.open(PluginRegistry.load(), file, readerOptions)) {
            int r = row != null ? row : (int) (source.primary().shape()[1] / 2);
            // Refuse a scan without angles here: Sinogram.read would assume an even half turn.
            ScanFiles.angles(source);
            Sinogram sino = Sinogram.read(source, r);
            long t0 = System.nanoTime();
            CenterEstimate c = CenterFinders.byName(method.toLowerCase(Locale.ROOT), sino);
            double ms = (System.nanoTime() - t0) / 1e6;
            out.printf(Locale.ROOT, "center = %.2f px (method %s, row %d, %.0f ms)%n", c.center(), c.method(), r, ms);
            return 0;
        } catch (DataFileException | IllegalArgumentException e) {
            err.println("studio find-center: " + e.getMessage());
            return StudioCli.EXIT_BAD_INPUT;
        }
    }
}
