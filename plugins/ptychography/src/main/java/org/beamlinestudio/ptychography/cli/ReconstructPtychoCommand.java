package org.beamlinestudio.ptychography.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.beamlinestudio.core.cli.CancelOnInterrupt;
import org.beamlinestudio.core.cli.ConsoleProgress;
import org.beamlinestudio.core.cli.StudioCli;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.compute.DeviceChoice;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.ptychography.io.DarkFrameReader;
import org.beamlinestudio.ptychography.io.EnginePlanText;
import org.beamlinestudio.ptychography.io.PtychoOpening;
import org.beamlinestudio.ptychography.io.PtychoScanLoader;
import org.beamlinestudio.ptychography.io.PtychoSource;
import org.beamlinestudio.ptychography.prep.PatternPreprocessing;
import org.beamlinestudio.ptychography.recon.EngineStep;
import org.beamlinestudio.ptychography.recon.ProbeInit;
import org.beamlinestudio.ptychography.recon.PtychoReconstructor;
import org.beamlinestudio.ptychography.recon.PtychoResult;
import org.beamlinestudio.ptychography.recon.ReconstructionOptions;
import org.beamlinestudio.ptychography.results.PtychoResultWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code studio ptycho reconstruct FILE --engines "100 DM, 100 ML" --out result.h5}: reads the scan, preprocesses
 * the patterns, runs the engine sequence on the chosen device and writes the result (HDF5, atomically). Ctrl-C
 * stops the run after the current iteration and still writes what it has reached (marked as stopped early): hours
 * of reconstruction are not thrown away because someone needed the machine.
 */
@Command(name = "reconstruct", description = "Reconstruct a ptychography scan and write the result as HDF5.")
public final class ReconstructPtychoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "CXI, .ptyd or HDF5 file")
    Path file;

    @Option(names = "--engines", defaultValue = EnginePlanText.DEFAULT, paramLabel = "PLAN",
            description = "engine sequence, e.g. \"100 DM(beta=0.9), 100 ML\". Default: ${DEFAULT-VALUE}")
    String engines;

    @Option(names = {"-o", "--out"}, paramLabel = "RESULT.h5",
            description = "result file (default: <stem>_ptycho.h5 beside FILE)")
    Path output;

    @Option(names = "--overwrite", description = "replace an existing result file")
    boolean overwrite;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|java|ID",
            description = "compute device. Default: ${DEFAULT-VALUE}")
    String device;

    @Option(names = "--modes", defaultValue = "1", description = "probe modes. Default: ${DEFAULT-VALUE}")
    int modes;

    @Option(names = "--probe-init", defaultValue = "file", paramLabel = "file|aperture|mean",
            description = "first probe guess. Default: ${DEFAULT-VALUE}")
    String probeInit;

    @Option(names = "--aperture", defaultValue = "0", paramLabel = "M",
            description = "aperture diameter for --probe-init aperture (0 = a third of the field)")
    double aperture;

    @Option(names = "--propagation", defaultValue = "0", paramLabel = "M",
            description = "Fresnel propagation from the aperture to the sample")
    double propagation;

    @Option(names = "--refine-positions-from", defaultValue = "0", paramLabel = "ITER",
            description = "refine positions from this iteration (0 = never)")
    int refineFrom;

    @Option(names = "--max-shift", defaultValue = "5", paramLabel = "PX",
            description = "largest position correction, object pixels. Default: ${DEFAULT-VALUE}")
    double maxShift;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the visiting order. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--crop", defaultValue = "0", paramLabel = "PX",
            description = "crop window (power of two; 0 = largest that fits)")
    int crop;

    @Option(names = "--bin", defaultValue = "1", description = "binning factor (power of two)")
    int bin;

    @Option(names = "--saturation", paramLabel = "COUNTS", description = "mask pixels reaching this value")
    Double saturation;

    @Option(names = "--hot-factor", defaultValue = "50",
            description = "median test factor for hot pixels (0 = off). Default: ${DEFAULT-VALUE}")
    double hotFactor;

    @Option(names = "--no-centre", description = "do not move the mean pattern's centre of mass to the middle")
    boolean noCentre;

    @Option(names = "--dark", paramLabel = "FILE[:/DATASET]",
            description = "dark frame(s) to subtract: one frame, or a stack that is averaged (the dataset is found "
                    + "when not named: the one called *dark*, or the only one shaped like the patterns)")
    String dark;

    @Option(names = "--zero-frequency", defaultValue = "auto", paramLabel = "auto|middle|corners",
            description = "where the stored patterns have zero frequency. Default: ${DEFAULT-VALUE}")
    String zeroFrequency;

    @Mixin
    SourceOptions source = new SourceOptions();

    @Spec
    CommandSpec spec;

    /** How long an interrupt waits for the result so far to be written before the JVM goes. */
    private static final long WRITE_ON_INTERRUPT_SECONDS = 120;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (CancelOnInterrupt interrupt = new CancelOnInterrupt("studio-ptycho-stop-on-interrupt",
                WRITE_ON_INTERRUPT_SECONDS)) {
            return reconstruct(out, err, interrupt.cancellation());
        }
    }

    private int reconstruct(PrintWriter out, PrintWriter err, Cancellation cancel) {
        if (!Files.isRegularFile(file)) {
            return bad(err, file + ": no such file (FILE)");
        }
        List<EngineStep> plan;
        ReconstructionOptions options;
        PatternPreprocessing prep;
        try {
            plan = EnginePlanText.parse(engines);
            options = ReconstructionOptions.defaults().withProbeModes(modes)
                    .withProbeInit(probeInit(probeInit), aperture, propagation)
                    .withPositionRefinement(refineFrom, maxShift).withSeed(seed);
            prep = PatternPreprocessing.defaults().withCrop(crop, bin).withHotPixelFactor(hotFactor)
                    .withCentre(!noCentre).withSaturationLevel(saturation == null ? Double.POSITIVE_INFINITY
                            : saturation)
                    .withZeroFrequency(PatternPreprocessing.ZeroFrequency.valueOf(
                            zeroFrequency.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return bad(err, e.getMessage());
        }
        Path target = output != null ? output : file.toAbsolutePath().resolveSibling(stem(file) + "_ptycho.h5");
        if (Files.exists(target) && !overwrite) {
            return bad(err, target + ": already exists; not overwritten (--overwrite, or another --out)");
        }
        DeviceChoice choice = ComputeDevices.choose(device);
        ComputeDevice dev = choice.chosen();
        err.println("studio ptycho reconstruct: device " + dev.id() + " (" + choice.reason() + ")");
        ConsoleProgress progress = new ConsoleProgress(err);
        PtychoScanLoader.Loaded loaded;
        String readerId;
        try (PtychoSource src = PtychoOpening.open(file, source.readerName(), source.readerOptions())) {
            readerId = src.readerId();
            if (dark != null) {
                DarkFrameReader.Dark d = DarkFrameReader.read(DarkFrameReader.Source.parse(dark), src.height(),
                        src.width(), cancel);
                err.println("studio ptycho reconstruct: dark frame " + d.describe());
                prep = prep.withDark(d.frame(), d.describe());
            }
            loaded = PtychoScanLoader.load(src, prep, progress, cancel);
        } catch (DataFileException | IllegalArgumentException e) {
            return bad(err, e.getMessage());
        } catch (Cancellation.CancelledException e) {
            err.println("studio ptycho reconstruct: interrupted while reading " + file + "; nothing written");
            err.flush();
            return StudioCli.EXIT_CANCELLED;
        }
        err.printf(Locale.ROOT, "studio ptycho reconstruct: %d patterns of %d × %d, object pixel %.4g nm%n",
                loaded.scan().count(), loaded.scan().height(), loaded.scan().width(),
                loaded.scan().objectPixelSize()[0] * 1e9);
        PtychoResult result;
        int total = EnginePlanText.totalIterations(plan);
        long start = System.nanoTime();
        try {
            PtychoReconstructor rec;
            try {
                rec = PtychoReconstructor.create(loaded.scan(), plan, options, dev);
            } catch (IllegalArgumentException e) {
                if (dev.type() == ComputeDevice.Type.JAVA || !"auto".equalsIgnoreCase(device)) {
                    throw e;
                }
                // "auto" promises a device that works: an OpenCL device without ptychography kernels is not one.
                err.println("studio ptycho reconstruct: " + dev.id() + " cannot run the engines (" + e.getMessage()
                        + "); using plain Java");
                dev = ComputeDevices.javaDevice();
                rec = PtychoReconstructor.create(loaded.scan(), plan, options, dev);
            }
            result = rec.run(r -> {
                double secs = (System.nanoTime() - start) / 1e9;
                progress.update((double) r.iteration() / total, String.format(Locale.ROOT,
                        "%s iteration %d/%d, Fourier error %.4g, %.2f it/s", r.engine().label(), r.iteration(),
                        total, r.fourierError(), r.iteration() / Math.max(secs, 1e-9)));
            }, cancel);
        } catch (IllegalArgumentException e) {
            return bad(err, e.getMessage());
        } catch (RuntimeException e) {
            return failed(err, "reconstruction of " + file + " failed: " + e.getMessage());
        }
        if (cancel.isCancelled() && result.state().history().isEmpty()) {
            err.println("studio ptycho reconstruct: interrupted before the first iteration finished; nothing written");
            err.flush();
            return StudioCli.EXIT_CANCELLED;
        }
        try {
            PtychoResultWriter.write(target, result, readerId, prep.describe(loaded.plan()));
        } catch (IOException | RuntimeException e) {
            return failed(err, "writing " + target + " failed: " + e.getMessage());
        }
        double secs = (System.nanoTime() - start) / 1e9;
        var hist = result.state().history();
        if (cancel.isCancelled()) {
            err.printf(Locale.ROOT, "studio ptycho reconstruct: interrupted after %d of %d iterations; the result so "
                    + "far (marked as stopped early) is in %s%n", hist.size(), total, target);
            err.flush();
            out.println("wrote " + target);
            out.flush();
            return StudioCli.EXIT_CANCELLED;
        }
        if (!hist.isEmpty()) {
            out.printf(Locale.ROOT, "Fourier error %.4g -> %.4g over %d iterations (%.2f it/s on %s)%n",
                    hist.get(0).fourierError(), hist.get(hist.size() - 1).fourierError(), hist.size(),
                    hist.size() / secs, dev.id());
        }
        out.println("wrote " + target);
        out.flush();
        return 0;
    }

    static ProbeInit probeInit(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "file": return ProbeInit.FROM_FILE;
            case "aperture": return ProbeInit.APERTURE;
            case "mean": return ProbeInit.MEAN_PATTERN;
            default: throw new IllegalArgumentException("--probe-init " + s + ": expected file, aperture or mean");
        }
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static int bad(PrintWriter err, String message) {
        err.println("studio ptycho reconstruct: " + message);
        err.flush();
        return StudioCli.EXIT_BAD_INPUT;
    }

    private static int failed(PrintWriter err, String message) {
        err.println("studio ptycho reconstruct: " + message);
        err.flush();
        return StudioCli.EXIT_RUN_FAILED;
    }
}
