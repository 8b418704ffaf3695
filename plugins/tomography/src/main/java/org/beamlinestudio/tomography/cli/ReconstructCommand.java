package org.beamlinestudio.tomography.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.beamlinestudio.core.cli.StudioCli;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.PipelineInvalidException;
import org.beamlinestudio.core.exec.PipelineRunner;
import org.beamlinestudio.core.pipeline.InputFingerprint;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.tomography.center.CenterEstimate;
import org.beamlinestudio.tomography.center.CenterFinders;
import org.beamlinestudio.tomography.center.Sinogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code studio reconstruct FILE}: normalise → −log → reconstruct → write, as one pipeline through
 * the same runner the app and the cluster use; the pipeline is saved in the output's provenance.
 */
@Command(name = "reconstruct", description = "Reconstruct a tomography scan (whole volume or a slice range) headless.")
final class ReconstructCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "scan file (any layout the tomography readers know)")
    Path file;

    @Option(names = "--center", defaultValue = "auto", paramLabel = "auto|X",
            description = "centre of rotation in detector columns, or auto (Vo's method on the middle row). Default: ${DEFAULT-VALUE}")
    String center;

    @Option(names = "--algorithm", defaultValue = "fbp", paramLabel = "fbp|fourier|sirt|cgls",
            description = "fbp (filtered back-projection), fourier (gridding), sirt, cgls. Default: ${DEFAULT-VALUE}")
    String algorithm;

    @Option(names = "--filter", paramLabel = "NAME",
            description = "ramp filter for fbp/fourier: ram-lak, shepp-logan, cosine, hamming, hann, parzen")
    String filter;

    @Option(names = "--iterations", paramLabel = "N", description = "iterations for sirt/cgls")
    Integer iterations;

    @Option(names = "--slices", paramLabel = "A:B", description = "detector rows A (inclusive) to B (exclusive); default all")
    String slices;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "gpu|cpu|java|auto|ID",
            description = "where to compute. Default: ${DEFAULT-VALUE}")
    String device;

    @Option(names = "--chunk-mb", paramLabel = "MB", description = "memory for one chunk in flight")
    Integer chunkMb;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR|FILE.h5",
            description = "a new folder (float32 TIFF per slice + pipeline.json) or a new .h5 file")
    Path out;

    @Option(names = "--reader-option", paramLabel = "KEY=VALUE", description = "a reader option, e.g. flatsFile=flats.h5")
    Map<String, String> readerOptions = Map.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var outWriter = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        PluginRegistry registry = PluginRegistry.load();
        Pipeline pipeline;
        String preference;
        try {
            preference = DeviceOption.preference(device);
            pipeline = pipeline(registry, outWriter);
        } catch (DataFileException | IllegalArgumentException e) {
            err.println("studio reconstruct: " + e.getMessage());
            return StudioCli.EXIT_BAD_INPUT;
        }
        ExecutionSettings settings = ExecutionSettings.defaults().withCompute(preference);
        if (chunkMb != null) {
            settings = settings.withChunkBytes(chunkMb * (1L << 20));
        }
        try {
            Path result = new PipelineRunner(registry, settings).run(pipeline, new org.beamlinestudio.core.cli.ConsoleProgress(err),
                    new Cancellation());
            outWriter.println("Result: " + result);
            return 0;
        } catch (PipelineInvalidException e) {
            err.println("studio reconstruct: " + String.join("; ", e.problems()));
            return StudioCli.EXIT_BAD_INPUT;
        } catch (PipelineRunner.RunException e) {
            err.println("studio reconstruct: " + e.getMessage());
            return StudioCli.EXIT_RUN_FAILED;
        } catch (Cancellation.CancelledException e) {
            err.println("studio reconstruct: cancelled; no output was left behind");
            return StudioCli.EXIT_CANCELLED;
        }
    }

    private Pipeline pipeline(PluginRegistry registry, java.io.PrintWriter outWriter) throws DataFileException {
        DatasetReader reader = ScanFiles.reader(registry, file);
        double centre;
        boolean hasFlats;
        try (OpenedSource source = reader.open(file, readerOptions)) {
            hasFlats = source.array("flats").isPresent();
            if (center.equalsIgnoreCase("auto")) {
                int row = (int) (source.primary().shape()[1] / 2);
                // Refuse a scan without angles here: Sinogram.read would assume an even half turn.
                ScanFiles.angles(source);
                CenterEstimate c = CenterFinders.byName("vo", Sinogram.read(source, row));
                centre = c.center();
                outWriter.printf(Locale.ROOT, "Centre of rotation: %.2f px (Vo's method, row %d)%n", centre, row);
            } else {
                try {
                    centre = Double.parseDouble(center);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--center must be auto or a number of columns, found '"
                            + center + "'");
                }
            }
        }
        String stage = switch (algorithm.toLowerCase(Locale.ROOT)) {
            case "fbp" -> "tomography.fbp";
            case "fourier" -> "tomography.fourier";
            case "sirt" -> "tomography.sirt";
            case "cgls" -> "tomography.cgls";
            default -> throw new IllegalArgumentException("--algorithm must be fbp, fourier, sirt or cgls, found '"
                    + algorithm + "'");
        };
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("centerOfRotation", centre);
        if (filter != null) {
            params.put("filter", filter);
        }
        if (iterations != null) {
            params.put("iterations", iterations);
        }
        List<Pipeline.StageSpec> stages = new ArrayList<>();
        stages.add(new Pipeline.StageSpec("tomography.normalize", hasFlats, Map.of()));
        stages.add(new Pipeline.StageSpec("tomography.minuslog", true, Map.of()));
        if (slices != null) {
            stages.add(new Pipeline.StageSpec(RowRange.STAGE, true, RowRange.params(slices)));
        }
        stages.add(new Pipeline.StageSpec(stage, true, params));
        String format = out.getFileName().toString().matches("(?i).*\\.(h5|hdf5|nxs)$") ? "hdf5" : "tiff";
        try {
            Pipeline.PipelineInput input = InputFingerprint.of(file, reader.id(), "");
            input = new Pipeline.PipelineInput(input.path(), input.reader(), input.dataset(), input.sizeBytes(),
                    input.sha256First1MiB(), new LinkedHashMap<>(readerOptions));
            return new Pipeline(PipelineJson.FORMAT_VERSION, "tomography", input, stages,
                    new Pipeline.OutputSpec(out.toAbsolutePath().toString(), format), null);
        } catch (java.io.IOException e) {
            throw new DataFileException(file, null, "cannot be read (" + e.getMessage() + ")", "a readable file");
        }
    }
}
