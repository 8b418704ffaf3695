package org.beamlinestudio.tomography.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.beamlinestudio.core.JvmFacts;
import org.beamlinestudio.core.StudioDirs;
import org.beamlinestudio.core.cli.ConsoleProgress;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.pipeline.AtomicFiles;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.tomography.center.CenterEstimate;
import org.beamlinestudio.tomography.center.CenterFinders;
import org.beamlinestudio.tomography.center.CenterSweep;
import org.beamlinestudio.tomography.center.SweepResult;
import org.beamlinestudio.tomography.center.SweepScore;
import org.beamlinestudio.tomography.phantom.ModifiedSheppLogan;
import org.beamlinestudio.tomography.phantom.ReconstructionQuality;
import org.beamlinestudio.tomography.recon.ReconstructionGeometry;
import org.beamlinestudio.tomography.recon.Reconstructor;
import org.beamlinestudio.tomography.recon.Reconstructors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code studio bench tomography}: our reconstructors and centre finders on the peer benchmark's
 * analytic phantom, one JSON line per (method, size) with the keys {@code peer_bench.py} prints
 * (peer, N, angles, per_slice_s, cpu_s_per_slice, GUPS, rmse, rmse_aligned, ls_scale, shift, ssim,
 * load1…), plus the device, the mean intensity ratio and the peak heap — so both outputs go in one
 * table and the ratios come from one run on one machine.
 */
@Command(name = "tomography", description = "Benchmark reconstruction and centre finding against the peers' phantom.")
public final class BenchTomographyCommand implements Callable<Integer> {

    @Option(names = "--sizes", defaultValue = "512x512,1024x1024,2048x1500", paramLabel = "NxA,...",
            description = "image size × angles, comma-separated. Default: ${DEFAULT-VALUE}")
    String sizes;

    @Option(names = "--algorithms", defaultValue = "fbp,fourier", paramLabel = "A,...",
            description = "fbp, fourier, sirt, cgls. Default: ${DEFAULT-VALUE}")
    String algorithms;

    @Option(names = "--devices", defaultValue = "all", paramLabel = "D,...",
            description = "java, cpu, gpu, a device id, or all (every device found). Default: ${DEFAULT-VALUE}")
    String devices;

    @Option(names = "--filter", paramLabel = "NAME",
            description = "ramp filter for fbp and fourier (default: each algorithm's own: ram-lak-taper for fbp, "
                    + "ram-lak for fourier); ram-lak gives the peers' filter")
    String filter;

    @Option(names = "--repeats", defaultValue = "3", description = "timed repeats after one warm-up. Default: ${DEFAULT-VALUE}")
    int repeats;

    @Option(names = "--centers", defaultValue = "true", negatable = true,
            description = "also time Vo's centre finder and a 41-candidate sweep at the largest size")
    boolean centers;

    @Option(names = "--json", paramLabel = "FILE", description = "also write all results here, as peer_bench.py does")
    Path json;

    @Option(names = "--scale-gb", paramLabel = "GiB",
            description = "instead: reconstruct a whole generated scan of this size and report time and peak heap "
                    + "(run with a small heap, e.g. STUDIO_JAVA_OPTS=-Xmx2g)")
    Double scaleGb;

    @Option(names = "--scratch", paramLabel = "DIR", description = "where the scale benchmark writes (default: the studio's data folder)")
    Path scratch;

    @Spec
    CommandSpec spec;

    private final ObjectMapper json0 = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (scaleGb != null) {
            return scale(out, err);
        }
        ArrayNode all = json0.createArrayNode();
        int largest = 0;
        for (String size : sizes.split(",")) {
            String[] nA = size.trim().split("x");
            int n = Integer.parseInt(nA[0]);
            int nAngles = Integer.parseInt(nA[1]);
            largest = Math.max(largest, n);
            long t0 = System.nanoTime();
            double[] truth = ModifiedSheppLogan.image(n, 4);
            float[] sino = ModifiedSheppLogan.sinogram(n, nAngles);
            ReconstructionGeometry g = ReconstructionGeometry.halfTurn(nAngles, n);
            err.printf(Locale.ROOT, "# N=%d angles=%d: phantom+sinogram %.1fs%n", n, nAngles, (System.nanoTime() - t0) / 1e9);
            for (String algorithm : algorithms.split(",")) {
                for (String device : deviceList()) {
                    ObjectNode r = reconstruction(algorithm.trim(), device, n, nAngles, g, sino, truth, err);
                    if (r != null) {
                        all.add(r);
                        out.println(json0.writeValueAsString(r));
                        out.flush();
                    }
                }
            }
        }
        if (centers) {
            for (ObjectNode r : centreFinding(largest, err)) {
                all.add(r);
                out.println(json0.writeValueAsString(r));
                out.flush();
            }
        }
        if (json != null) {
            ObjectNode doc = json0.createObjectNode();
            doc.set("results", all);
            doc.put("cpu", Runtime.getRuntime().availableProcessors());
            AtomicFiles.writeString(json, json0.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        }
        return 0;
    }

    private List<String> deviceList() {
        if (!devices.equals("all")) {
            return Arrays.stream(devices.split(",")).map(String::trim).toList();
        }
        return ComputeDevices.choose("auto").available().stream().map(ComputeDevice::id).toList();
    }

    private ObjectNode reconstruction(String algorithm, String device, int n, int nAngles, ReconstructionGeometry g,
                                      float[] sino, double[] truth, PrintWriter err) throws Exception {
        String preference = device.equals("cpu") || device.equals("gpu") ? deviceOfType(device) : device;
        double load0 = load();
        long s0 = System.nanoTime();
        Reconstructor r;
        try {
            r = Reconstructors.create(algorithm, preference, filter == null ? Map.of() : Map.of("filter", filter));
        } catch (IllegalArgumentException e) {
            err.println("# " + algorithm + " on " + device + ": " + e.getMessage());
            return null;
        }
        try (r) {
            double setup = (System.nanoTime() - s0) / 1e9;
            HeapPeak heap = HeapPeak.start();
            float[] rec = r.reconstruct(sino, 1, g, Progress.NONE, new Cancellation());
            List<Double> times = new ArrayList<>();
            List<Double> cpus = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                long c = JvmFacts.processCpuNanos();
                long t = System.nanoTime();
                rec = r.reconstruct(sino, 1, g, Progress.NONE, new Cancellation());
                times.add((System.nanoTime() - t) / 1e9);
                cpus.add((JvmFacts.processCpuNanos() - c) / 1e9);
            }
            long peak = heap.stop();
            ReconstructionQuality q = ReconstructionQuality.of(rec, truth, n);
            double median = median(times);
            ObjectNode o = json0.createObjectNode();
            o.put("peer", "beamline-studio-" + algorithm + "-" + r.deviceId());
            o.put("N", n);
            o.put("angles", nAngles);
            o.put("setup_s", round(setup));
            ArrayNode ts = o.putArray("times_s");
            times.forEach(t -> ts.add(round(t)));
            o.put("per_slice_s", round(median));
            o.put("per_slice_min_s", round(times.stream().mapToDouble(Double::doubleValue).min().orElse(0)));
            o.put("cpu_s_per_slice", round(median(cpus)));
            o.put("GUPS", round((double) n * n * nAngles / median / 1e9));
            o.put("load1_before", round(load0));
            o.put("load1_after", round(load()));
            o.put("orientation", "id");
            o.put("rmse", round(q.rmse()));
            o.put("rmse_aligned", round(q.rmseAligned()));
            o.put("ls_scale", round(q.scale()));
            o.putArray("shift").add(q.shiftY()).add(q.shiftX());
            o.put("ssim", round(q.ssim()));
            o.put("mean_ratio", round(q.meanRatio()));
            o.put("device", r.deviceId());
            o.put("filter", filter == null ? "default" : filter);
            o.put("peak_heap_mb", peak >> 20);
            return o;
        }
    }

    private List<ObjectNode> centreFinding(int n, PrintWriter err) throws Exception {
        int nAngles = n >= 2048 ? 1500 : n;
        double trueCentre = n / 2.0 + 0.25;
        ReconstructionGeometry g = ReconstructionGeometry.halfTurn(nAngles, n).withCenter(trueCentre);
        float[] sino = ModifiedSheppLogan.sinogram(g);
        List<ObjectNode> rows = new ArrayList<>();
        CenterEstimate vo = CenterFinders.vo(sino, nAngles, n, g.angles());
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            vo = CenterFinders.vo(sino, nAngles, n, g.angles());
            times.add((System.nanoTime() - t) / 1e9);
        }
        rows.add(centreRow("beamline-studio-vo-center", n, nAngles, times, vo.center(), trueCentre));
        String sweepDevice = ComputeDevices.choose("auto").chosen().id();
        try (Reconstructor r = Reconstructors.create("fbp", sweepDevice, Map.of())) {
            double[] candidates = CenterSweep.candidates(vo.center(), 41, 0.5);
            CenterSweep.run(sino, g, candidates, r, Progress.NONE, new Cancellation());
            List<Double> sweepTimes = new ArrayList<>();
            List<SweepResult> res = null;
            for (int i = 0; i < repeats; i++) {
                long t = System.nanoTime();
                res = CenterSweep.run(sino, g, candidates, r, Progress.NONE, new Cancellation());
                sweepTimes.add((System.nanoTime() - t) / 1e9);
            }
            SweepResult best = CenterSweep.best(res, SweepScore.ENTROPY);
            ObjectNode o = centreRow("beamline-studio-sweep41-" + r.deviceId(), n, nAngles, sweepTimes, best.center(),
                    trueCentre);
            rows.add(o);
        } catch (IllegalArgumentException e) {
            err.println("# sweep: " + e.getMessage());
        }
        return rows;
    }

    private ObjectNode centreRow(String name, int n, int nAngles, List<Double> times, double found, double truth) {
        ObjectNode o = json0.createObjectNode();
        o.put("peer", name);
        o.put("N", n);
        o.put("angles", nAngles);
        ArrayNode ts = o.putArray("times_s");
        times.forEach(t -> ts.add(round(t)));
        o.put("per_call_s", round(median(times)));
        o.put("found_center", found);
        o.put("true_center", truth);
        o.put("error_px", round(found - truth));
        return o;
    }

    private int scale(PrintWriter out, PrintWriter err) throws Exception {
        Path dir = scratch != null ? scratch : StudioDirs.data().resolve("bench");
        err.printf(Locale.ROOT, "# scale: generating %.1f GiB of projections in %s (once)%n", scaleGb, dir);
        Path scan = ScaleBenchmark.scan(dir, scaleGb, new ConsoleProgress(err));
        String algorithm = algorithms.split(",")[0].trim();
        String device = devices.equals("all") ? "auto" : devices.split(",")[0].trim();
        ScaleBenchmark.Result r = ScaleBenchmark.run(PluginRegistry.load(), scan, dir, "tomography." + algorithm,
                device.equals("cpu") || device.equals("gpu") ? deviceOfType(device) : device, new ConsoleProgress(err));
        ObjectNode o = json0.createObjectNode();
        o.put("benchmark", "scale");
        o.put("input", r.input().toString());
        o.put("input_gib", round(r.inputBytes() / (double) (1L << 30)));
        o.put("output", r.output().toString());
        o.put("output_gib", round(r.outputBytes() / (double) (1L << 30)));
        o.put("slices", r.slices());
        o.put("seconds", round(r.seconds()));
        o.put("slices_per_s", round(r.slices() / r.seconds()));
        o.put("peak_heap_mib", r.peakHeapBytes() >> 20);
        o.put("max_heap_mib", r.maxHeapBytes() >> 20);
        o.put("chunk_mib", r.chunkBytes() >> 20);
        o.put("algorithm", r.algorithm());
        o.put("device", r.device());
        out.println(json0.writeValueAsString(o));
        java.nio.file.Files.deleteIfExists(r.output());
        return 0;
    }

    private static String deviceOfType(String kind) {
        ComputeDevice.Type type = kind.equals("gpu") ? ComputeDevice.Type.GPU : ComputeDevice.Type.CPU;
        return ComputeDevices.choose("auto").available().stream().filter(d -> d.type() == type).map(ComputeDevice::id)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no " + kind + " OpenCL device here"));
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /** The most heap in use while it runs, sampled every 20 ms. */
    private static final class HeapPeak {
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;

        private HeapPeak() {
            Runtime rt = Runtime.getRuntime();
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-heap-sampler");
            thread.setDaemon(true);
        }

        static HeapPeak start() {
            HeapPeak h = new HeapPeak();
            h.thread.start();
            return h;
        }

        long stop() {
            thread.interrupt();
            return peak.get();
        }
    }
}
