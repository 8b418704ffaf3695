package org.beamlinestudio.tomography.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.tomography.center.CenterBench;
import org.beamlinestudio.tomography.center.CenterSweep;
import org.beamlinestudio.tomography.center.Sinogram;
import org.beamlinestudio.tomography.center.SweepResult;
import org.beamlinestudio.tomography.center.preview.CenterPreviewEngine;
import org.beamlinestudio.tomography.center.preview.PreviewReduction;
import org.beamlinestudio.tomography.center.preview.PreviewSlice;
import org.beamlinestudio.tomography.phantom.ModifiedSheppLogan;
import org.beamlinestudio.tomography.recon.RampFilter;
import org.beamlinestudio.tomography.recon.ReconstructionGeometry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code studio bench center-preview}: the latencies of the Center step's previews on the analytic Shepp–Logan
 * sinogram, per device: the binned preview while the slider moves (binning chosen from the measured speed for
 * {@link CenterPreviewEngine#BINNED_BUDGET_S}), the full-resolution preview after release, and the gallery of
 * candidates. Times are the compute from request to slice (what the step waits for), median and 90th percentile.
 */
@Command(name = "center-preview", description = "Latency of the center step's binned and full previews and gallery.")
public final class BenchCenterPreviewCommand implements Callable<Integer> {

    @Option(names = "--width", defaultValue = "1024", description = "detector columns. Default: ${DEFAULT-VALUE}")
    int width;

    @Option(names = "--angles", defaultValue = "900", description = "angles over a half turn. Default: ${DEFAULT-VALUE}")
    int angles;

    @Option(names = "--device", defaultValue = "all", paramLabel = "D,...",
            description = "java, auto, an OpenCL device id, or all (plain Java and every OpenCL device). "
                    + "Default: ${DEFAULT-VALUE}")
    String devices;

    @Option(names = "--repeats", defaultValue = "15", description = "timed previews of each kind. Default: ${DEFAULT-VALUE}")
    int repeats;

    @Option(names = "--gallery", defaultValue = "21", description = "candidates in the gallery. Default: ${DEFAULT-VALUE}")
    int gallery;

    @Option(names = "--gallery-repeats", defaultValue = "5", description = "timed galleries. Default: ${DEFAULT-VALUE}")
    int galleryRepeats;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ReconstructionGeometry g = CenterBench.geometry(width, angles);
        Sinogram sino = new Sinogram(ModifiedSheppLogan.sinogram(g), angles, width, g.angles());
        double truth = g.center();
        out.printf(Locale.ROOT, "# center-preview: %d columns × %d angles, axis %.2f, %d cores%n", width, angles, truth,
                Runtime.getRuntime().availableProcessors());
        for (String device : deviceList()) {
            try (CenterPreviewEngine e = CenterPreviewEngine.forDevice(sino, device, RampFilter.RAM_LAK_TAPER)) {
                Cancellation c = new Cancellation();
                long t0 = System.nanoTime();
                PreviewReduction r = e.reductionFor(CenterPreviewEngine.BINNED_BUDGET_S, c);
                double calibrate = (System.nanoTime() - t0) / 1e6;
                String id = e.deviceId();
                e.preview(truth, r, c); // warm-up of this reduction's plan and buffers
                List<Double> binned = new ArrayList<>();
                List<String> binnings = new ArrayList<>();
                for (int i = 0; i < repeats; i++) {
                    // as the step does: the slider moves in 0.25 px steps, each request re-chooses the binning
                    // from the speed measured so far; timed from the request (choice included) to the slice
                    long s = System.nanoTime();
                    PreviewReduction ri = e.reductionFor(CenterPreviewEngine.BINNED_BUDGET_S, c);
                    e.preview(truth + 0.25 * (i + 1), ri, c);
                    binned.add((System.nanoTime() - s) / 1e6);
                    binnings.add(ri.binning() + "/" + ri.angleStride());
                }
                PreviewReduction fr = e.fullResolutionFor(CenterPreviewEngine.FULL_BUDGET_S);
                e.preview(truth, fr, c);
                List<Double> full = new ArrayList<>();
                List<Double> exact = new ArrayList<>();
                for (int i = 0; i < Math.max(3, repeats / 3); i++) {
                    fr = e.fullResolutionFor(CenterPreviewEngine.FULL_BUDGET_S);
                    full.add(e.preview(truth - 0.25 * (i + 1), fr, c).millis());
                    if (fr.angleStride() > 1 && i < 3) {
                        exact.add(e.preview(truth - 0.25 * (i + 1), PreviewReduction.FULL, c).millis());
                    }
                }
                double[] candidates = CenterSweep.candidates(truth + 0.25, gallery, 0.5);
                List<SweepResult> res = e.gallery(candidates, Progress.NONE, c);
                List<Double> galleries = new ArrayList<>();
                for (int i = 0; i < galleryRepeats; i++) {
                    long s = System.nanoTime();
                    res = e.gallery(candidates, Progress.NONE, c);
                    galleries.add((System.nanoTime() - s) / 1e6);
                }
                SweepResult best = CenterSweep.best(res, CenterPreviewEngine.GALLERY_SCORE);
                PreviewSlice sample = e.preview(truth, r, c);
                out.printf(Locale.ROOT, "%s (asked %s): calibration %.0f ms, %.2f GUPS measured, load %.1f%n", id, device,
                        calibrate, 1e-9 / e.secondsPerUpdate(),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                out.printf(Locale.ROOT, "  binned preview  bin %d, every %d angle(s), %d² px: median %.0f ms, p90 %.0f ms"
                        + " (budget %.0f ms)%n", r.binning(), r.angleStride(), sample.size(), median(binned),
                        p90(binned), CenterPreviewEngine.BINNED_BUDGET_S * 1000);
                out.printf(Locale.ROOT, "  binning per request (columns/angle stride): %s%n", String.join(" ", binnings));
                out.printf(Locale.ROOT, "  full preview    %d² px, every %d angle(s) of %d: median %.0f ms, p90 %.0f ms%n",
                        width, fr.angleStride(), angles, median(full), p90(full));
                if (!exact.isEmpty()) {
                    out.printf(Locale.ROOT, "  exact preview   %d² px, all %d angles (follows the full one): median %.0f ms%n",
                            width, angles, median(exact));
                }
                out.printf(Locale.ROOT, "  gallery         %d centers (%s): median %.0f ms, p90 %.0f ms;"
                        + " best %.2f (axis %.2f)%n", gallery, e.galleryOptions(gallery, 0.5), median(galleries),
                        p90(galleries), best.center(), truth);
                out.flush();
            }
        }
        return 0;
    }

    private List<String> deviceList() {
        if (!devices.equals("all")) {
            return Arrays.stream(devices.split(",")).map(String::trim).toList();
        }
        List<String> ids = new ArrayList<>();
        ids.add("java");
        for (ComputeDevice d : ComputeDevices.choose("auto").available()) {
            if (d.type() != ComputeDevice.Type.JAVA) {
                ids.add(d.id());
            }
        }
        return ids;
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static double p90(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a[(int) Math.ceil(0.9 * a.length) - 1];
    }
}
