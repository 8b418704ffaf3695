package org.beamlinestudio.xpcs.analysis;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.DeviceChoice;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClDevices;
import org.beamlinestudio.xpcs.corr.MultiTauCorrelator;
import org.beamlinestudio.xpcs.corr.MultiTauResult;
import org.beamlinestudio.xpcs.corr.TwoTimeCorrelator;
import org.beamlinestudio.xpcs.corr.TwoTimeResult;
import org.beamlinestudio.xpcs.fit.G2FitOptions;
import org.beamlinestudio.xpcs.fit.G2FitResult;
import org.beamlinestudio.xpcs.fit.G2Fitter;
import org.beamlinestudio.xpcs.fit.G2Model;
import org.beamlinestudio.xpcs.fit.PowerLawFit;
import org.beamlinestudio.xpcs.fit.PowerLawResult;
import org.beamlinestudio.xpcs.io.FrameSource;
import org.beamlinestudio.xpcs.qmap.QMap;
import org.beamlinestudio.core.hdf5.H5Values;
import org.beamlinestudio.xpcs.io.XpcsSource;
import org.beamlinestudio.xpcs.results.ResultScalars;
import org.beamlinestudio.xpcs.results.XpcsResultWriter;

/**
 * The XPCS analysis chain without any UI: multi-tau correlation, g2 fits per q-bin, the τc(q) power law, the
 * mean image, two-time maps and the result file. The {@code studio xpcs correlate} command and the perspective
 * both call it, so they give the same numbers.
 */
public final class XpcsAnalysis {

    /** Fit models by their short names (command line, settings). */
    public static final Map<String, G2Model> MODELS = Map.of("single", G2Model.SINGLE_EXPONENTIAL,
            "stretched", G2Model.STRETCHED, "double", G2Model.DOUBLE_EXPONENTIAL);

    /**
     * The g2 fits of every q-bin and the power law through their τc.
     *
     * @param powerLaw        null when it could not be fitted
     * @param powerLawProblem why not (empty when fitted)
     */
    public record Fits(List<G2FitResult> perBin, PowerLawResult powerLaw, String powerLawProblem) {
    }

    private XpcsAnalysis() {
    }

    /** Multi-tau correlation of every frame; {@code context} null means plain Java. Interrupt to cancel. */
    public static MultiTauResult correlate(FrameSource frames, QMap qmap, double frameTimeS, OpenClContext context,
                                           IntConsumer progress) throws DataFileException, InterruptedException {
        return new MultiTauCorrelator(qmap, frameTimeS, MultiTauCorrelator.Options.defaults(), context)
                .correlate(frames, progress);
    }

    /**
     * The OpenCL context for a device preference ({@code auto}, {@code java}, a device id), or null for plain Java;
     * a device that cannot open falls back to Java and {@code warn} says why. For {@code auto} a CPU OpenCL device
     * is passed over: the plain-Java correlator is the faster of the two on CPUs ({@code studio bench xpcs}:
     * 1475 vs 943 frames/s from memory on 2 cores), so auto means a GPU when there is one, else Java.
     */
    public static OpenClContext openDevice(String preference, Consumer<String> warn) {
        DeviceChoice choice = OpenClDevices.chooseDevice(preference);
        ComputeDevice chosen = choice.chosen();
        if (chosen.type() == ComputeDevice.Type.JAVA
                || ("auto".equals(preference) && chosen.type() != ComputeDevice.Type.GPU)) {
            return null;
        }
        try {
            return OpenClContext.open(chosen.id());
        } catch (RuntimeException | LinkageError e) {
            warn.accept(chosen.id() + " unusable (" + e.getMessage() + "); using Java");
            return null;
        }
    }

    /** Fit options for a model, with the baseline held at 1 when asked. */
    public static G2FitOptions fitOptions(G2Model model, boolean fixBaseline) {
        G2FitOptions o = G2FitOptions.of(model);
        return fixBaseline ? o.fix("baseline", 1.0) : o;
    }

    /** Fits g2 of every q-bin against the delays in seconds, then τc(q) as a power law (exponent free). */
    public static Fits fit(MultiTauResult result, double[] q, G2FitOptions options) {
        List<G2FitResult> fits = new G2Fitter().fitAll(result, options);
        try {
            return new Fits(fits, PowerLawFit.fit(q, fits, Double.NaN), "");
        } catch (IllegalArgumentException e) {
            return new Fits(fits, null, e.getMessage());
        }
    }

    /** Per-bin fit values as named arrays ({@code q}, each parameter and {@code _err}, χ²ᵣ, success, power law). */
    public static Map<String, double[]> fitArrays(double[] q, Fits fits) {
        List<G2FitResult> perBin = fits.perBin();
        Map<String, double[]> m = new LinkedHashMap<>();
        int n = perBin.size();
        m.put("q", q.clone());
        if (n == 0) {
            return m;
        }
        for (String name : perBin.get(0).names()) {
            double[] v = new double[n];
            double[] e = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = perBin.get(i).value(name);
                e[i] = perBin.get(i).error(name);
            }
            m.put(name, v);
            m.put(name + "_err", e);
        }
        double[] chi2 = new double[n];
        double[] ok = new double[n];
        for (int i = 0; i < n; i++) {
            chi2[i] = perBin.get(i).reducedChiSquare();
            ok[i] = perBin.get(i).success() ? 1 : 0;
        }
        m.put("chi2_reduced", chi2);
        m.put("success", ok);
        PowerLawResult law = fits.powerLaw();
        if (law != null) {
            m.put("power_law_amplitude", new double[] {law.amplitude(), law.amplitudeError()});
            m.put("power_law_exponent", new double[] {law.exponent(), law.exponentError()});
            m.put("diffusion_A2_per_s", new double[] {law.diffusionA2PerS(), law.diffusionErrorA2PerS()});
        }
        return m;
    }

    /**
     * Writes a new result file (APS NeXus layout, atomically).
     *
     * @throws FileAlreadyExistsException when {@code target} exists: results are never overwritten
     */
    public static void writeNew(Path target, MultiTauResult result, QMap qmap, Fits fits, String provenance,
                                XpcsSource source) throws IOException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "already exists; not overwritten");
        }
        XpcsResultWriter.write(target, result, qmap, fitArrays(qmap.dynamicQ(), fits), provenance,
                source.file().toAbsolutePath().toString(), scalarsOf(source));
    }

    /**
     * The facility layout's scalars for a result of {@code source}: the beam centre from its q-map file (NaN when
     * it has none), its acquisition metadata, and now as the start time.
     */
    public static ResultScalars scalarsOf(XpcsSource source) {
        double bx = Double.NaN;
        double by = Double.NaN;
        if (source.qmapFile().isPresent()) {
            try (H5Values v = H5Values.open(source.qmapFile().get())) {
                bx = v.optionalNumber("/qmap/beam_center_x").orElse(Double.NaN);
                by = v.optionalNumber("/qmap/beam_center_y").orElse(Double.NaN);
            } catch (DataFileException e) {
                // The q-map was read when the source opened; a beam centre that cannot be read is left out.
            }
        }
        return new ResultScalars(bx, by, source.metadata(), java.time.OffsetDateTime.now().toString());
    }

    /** The mean of the first {@code maxFrames} frames (all when fewer), read a few at a time. Interrupt to cancel. */
    public static float[] meanImage(FrameSource frames, int maxFrames) throws DataFileException,
            InterruptedException {
        int n = Math.max(1, Math.min(maxFrames, frames.frames()));
        int hw = frames.height() * frames.width();
        double[] sum = new double[hw];
        int batch = Math.max(1, (1 << 22) / Math.max(1, hw));
        for (int f = 0; f < n; f += batch) {
            int count = Math.min(batch, n - f);
            float[] block = frames.read(f, count);
            for (int k = 0; k < count; k++) {
                int base = k * hw;
                for (int i = 0; i < hw; i++) {
                    sum[i] += block[base + i];
                }
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("mean image of " + frames.describe() + " cancelled");
            }
        }
        float[] mean = new float[hw];
        for (int i = 0; i < hw; i++) {
            mean[i] = (float) (sum[i] / n);
        }
        return mean;
    }

    /** Two-time correlation of one dynamic bin (numbered from 1) over a frame range, plain Java. */
    public static TwoTimeResult twoTime(FrameSource frames, QMap qmap, double frameTimeS, int bin, int first,
                                        int count, int binFrames) throws DataFileException {
        if (bin < 1 || bin > qmap.dynamicCount()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "q-bin %d: expected 1…%d", bin,
                    qmap.dynamicCount()));
        }
        return new TwoTimeCorrelator(qmap, frameTimeS).correlate(frames, first, count, binFrames, new int[] {bin});
    }
}
