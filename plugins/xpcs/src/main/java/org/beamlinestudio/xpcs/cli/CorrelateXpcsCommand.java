package org.beamlinestudio.xpcs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.beamlinestudio.core.cli.ConsoleProgress;
import org.beamlinestudio.core.cli.StudioCli;
import org.beamlinestudio.core.cli.StudioVersion;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.xpcs.analysis.XpcsAnalysis;
import org.beamlinestudio.xpcs.corr.MultiTauCorrelator;
import org.beamlinestudio.xpcs.corr.MultiTauResult;
import org.beamlinestudio.xpcs.fit.G2FitResult;
import org.beamlinestudio.xpcs.fit.G2Model;
import org.beamlinestudio.xpcs.fit.PowerLawResult;
import org.beamlinestudio.xpcs.io.Aps8idiReader;
import org.beamlinestudio.xpcs.io.FrameSource;
import org.beamlinestudio.xpcs.io.XpcsSource;
import org.beamlinestudio.xpcs.qmap.QMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code studio xpcs correlate RAW}: multi-tau correlation of an APS 8-ID-I raw file, a g2 fit per ring and the
 * τc(q) power law, written to an APS NeXus result file and printed as a table.
 */
@Command(name = "correlate", description = "Multi-tau correlate RAW, fit g2 per ring and τc(q), write the result.")
public final class CorrelateXpcsCommand implements Callable<Integer> {

    /** Fit models by their command-line names. */
    private static final Map<String, G2Model> MODELS = XpcsAnalysis.MODELS;

    @Parameters(index = "0", paramLabel = "RAW", description = "the raw frames (/entry/data/data)")
    Path raw;

    @Option(names = "--qmap", paramLabel = "FILE", description = "the q-map (default: qmap.h5 beside RAW or one up)")
    Path qmap;

    @Option(names = "--metadata", paramLabel = "FILE", description = "the metadata (default: RAW's *_metadata.hdf)")
    Path metadata;

    @Option(names = "--model", defaultValue = "single", paramLabel = "single|stretched|double",
            description = "g2 model. Default: ${DEFAULT-VALUE}")
    String model;

    @Option(names = "--fix-baseline", description = "hold the g2 baseline at 1")
    boolean fixBaseline;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|java|ID",
            description = "compute device. Default: ${DEFAULT-VALUE}")
    String device;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.h5",
            description = "result file (default: <stem>_results.hdf beside RAW); never overwritten")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        G2Model g2Model = MODELS.get(model.toLowerCase(Locale.ROOT));
        if (g2Model == null) {
            return bad(err, "--model " + model + ": expected single, stretched or double");
        }
        if (!Files.isRegularFile(raw)) {
            return bad(err, raw + ": no such file (RAW)");
        }
        if (qmap != null && !Files.isRegularFile(qmap)) {
            return bad(err, qmap + ": no such q-map file (--qmap)");
        }
        if (metadata != null && !Files.isRegularFile(metadata)) {
            return bad(err, metadata + ": no such metadata file (--metadata)");
        }
        Path target = output != null ? output : defaultOutput(raw);
        if (Files.exists(target)) {
            return bad(err, target + ": already exists; not overwritten (choose another with -o)");
        }
        Map<String, Object> readerOptions = new LinkedHashMap<>();
        if (qmap != null) {
            readerOptions.put(Aps8idiReader.QMAP_FILE, qmap.toString());
        }
        if (metadata != null) {
            readerOptions.put(Aps8idiReader.METADATA_FILE, metadata.toString());
        }
        try (XpcsSource src = new Aps8idiReader().openXpcs(raw, readerOptions)) {
            if (src.qmap().isEmpty()) {
                return bad(err, raw + ": no q-map found beside it or one folder up; give one with --qmap");
            }
            QMap q = src.qmap().get();
            double frameTime = src.metadata().frameTimeS();
            MultiTauResult result;
            try {
                result = correlate(src, q, frameTime, err);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("studio xpcs correlate: cancelled");
                return StudioCli.EXIT_CANCELLED;
            } catch (DataFileException | RuntimeException e) {
                return failed(err, "correlation of " + raw + " failed: " + e.getMessage());
            }
            double[] qs = q.dynamicQ();
            XpcsAnalysis.Fits all = XpcsAnalysis.fit(result, qs, XpcsAnalysis.fitOptions(g2Model, fixBaseline));
            List<G2FitResult> fits = all.perBin();
            PowerLawResult law = all.powerLaw();
            String lawProblem = all.powerLawProblem();
            try {
                XpcsAnalysis.writeNew(target, result, q, all, provenance(src, frameTime), src);
            } catch (java.io.IOException | RuntimeException e) {
                return failed(err, "writing " + target + " failed: " + e.getMessage());
            }
            printTable(out, qs, fits, law, lawProblem);
            out.println("wrote " + target);
            out.flush();
            return 0;
        } catch (DataFileException e) {
            return bad(err, e.getMessage());
        }
    }

    private MultiTauResult correlate(XpcsSource src, QMap q, double frameTime, PrintWriter err)
            throws DataFileException, InterruptedException {
        ConsoleProgress progress = new ConsoleProgress(err);
        try (FrameSource frames = src.frameSource()) {
            int n = frames.frames();
            OpenClContext ctx = XpcsAnalysis.openDevice(device, w -> err.println("studio xpcs correlate: " + w));
            try {
                String on = ctx == null ? "Java" : ctx.device().id();
                return XpcsAnalysis.correlate(frames, q, frameTime, ctx, done -> progress.update((double) done / n,
                        "multi-tau on " + on + ", frame " + done + "/" + n));
            } finally {
                if (ctx != null) {
                    ctx.close();
                }
            }
        }
    }

    private String provenance(XpcsSource src, double frameTime) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode p = json.createObjectNode();
        p.put("input", raw.toAbsolutePath().toString());
        p.put("qmap", src.qmapFile().map(f -> f.toAbsolutePath().toString()).orElse(null));
        p.put("metadata", src.metadataFile() == null ? null : src.metadataFile().toAbsolutePath().toString());
        p.put("frame_time_s", frameTime);
        ObjectNode o = p.putObject("options");
        o.put("model", model);
        o.put("fix_baseline", fixBaseline);
        o.put("device", device);
        MultiTauCorrelator.Options mt = MultiTauCorrelator.Options.defaults();
        o.put("delays_per_level", mt.delaysPerLevel());
        o.put("normalize_frames", mt.normalizeFrames());
        ObjectNode sw = p.putObject("software");
        sw.put("name", "Beamline Studio");
        sw.put("version", StudioVersion.version());
        sw.put("command", "studio xpcs correlate");
        p.put("created", Instant.now().toString());
        return p.toString();
    }

    private static void printTable(PrintWriter out, double[] qs, List<G2FitResult> fits, PowerLawResult law,
                                   String lawProblem) {
        out.printf(Locale.ROOT, "%4s  %11s  %12s  %11s  %7s  %8s  %6s  %s%n",
                "ring", "q (1/Å)", "τc (s)", "± err (s)", "β", "baseline", "χ²ᵣ", "note");
        for (int i = 0; i < fits.size(); i++) {
            G2FitResult f = fits.get(i);
            out.printf(Locale.ROOT, "%4d  %11.4e  %12.5e  %11.2e  %7.4f  %8.4f  %6.2f  %s%n", i + 1, qs[i], f.tau(),
                    f.tauError(), f.beta(), f.baseline(), f.reducedChiSquare(),
                    f.success() ? f.message() : "FAILED: " + f.message());
        }
        if (law == null) {
            out.println("power law τc = A·q^-p: not fitted (" + lawProblem + ")");
            return;
        }
        out.printf(Locale.ROOT, "power law τc = A·q^-p: p = %.4f ± %.4f (%d rings, χ²ᵣ %.2f)%n", law.exponent(),
                law.exponentError(), law.points(), law.reducedChiSquare());
        if (law.diffusive()) {
            out.printf(Locale.ROOT, "D = %.5g ± %.2g Å²/s = %.5g µm²/s%n", law.diffusionA2PerS(),
                    law.diffusionErrorA2PerS(), law.diffusionUm2PerS());
        } else {
            out.println("D: not diffusive (p not consistent with 2)");
        }
    }

    static Path defaultOutput(Path raw) {
        String name = raw.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return raw.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "_results.hdf");
    }

    private static int bad(PrintWriter err, String message) {
        err.println("studio xpcs correlate: " + message);
        err.flush();
        return StudioCli.EXIT_BAD_INPUT;
    }

    private static int failed(PrintWriter err, String message) {
        err.println("studio xpcs correlate: " + message);
        err.flush();
        return StudioCli.EXIT_RUN_FAILED;
    }
}
