package org.beamlinestudio.ptychography.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.compute.ComputeDevices;
import org.beamlinestudio.core.compute.DeviceChoice;
import org.beamlinestudio.ptychography.data.PtychoScan;
import org.beamlinestudio.ptychography.recon.EngineKind;
import org.beamlinestudio.ptychography.recon.JavaPtychoKernels;
import org.beamlinestudio.ptychography.sim.PtychoSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code studio bench ptycho}: iterations/s of ePIE, rPIE, DM and ML on simulated scans (161, 200 and 516 positions
 * of 128², the last a stand-in for the Siemens star) and optionally a CXI file, per device, next to ptypy's figures
 * on a 2-core machine (DM 6.2 and ePIE 4.5 it/s at 161 × 128², DM 1.85 it/s at 516 × 128²). One JSON line per run.
 */
@Command(name = "ptycho", description = "Benchmark the ptychography engines (iterations/s) per device.")
public final class BenchPtychoCommand implements Callable<Integer> {

    @Option(names = "--positions", defaultValue = "161,200,516",
            description = "simulated scans, positions each (comma-separated). Default: ${DEFAULT-VALUE}")
    String positions;

    @Option(names = "--size", defaultValue = "128", description = "pattern side. Default: ${DEFAULT-VALUE}")
    int size;

    @Option(names = "--engines", defaultValue = "ePIE,rPIE,DM,ML", description = "Default: ${DEFAULT-VALUE}")
    String engines;

    @Option(names = "--iterations", defaultValue = "50", description = "timed iterations. Default: ${DEFAULT-VALUE}")
    int iterations;

    // Steady state: on 2 cores the JIT compiler competes with the 2 compute threads, and C2 has finished the
    // Java kernels only after 20-30 iterations (DM at 161 x 128²: 62 it/s timed after 10, 80 after 30, 90 after 60).
    @Option(names = "--warmup", defaultValue = "30",
            description = "untimed first iterations. Default: ${DEFAULT-VALUE}")
    int warmup;

    @Option(names = "--device", defaultValue = "java",
            description = "java, opencl (the best OpenCL device), all, or a device id. Default: ${DEFAULT-VALUE}")
    String device;

    @Option(names = "--cxi", paramLabel = "FILE", description = "also time a CXI file (e.g. the Siemens star)")
    Path cxi;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ComputeDevice> devices = devices(device, err);
        err.println("# Java kernels: " + JavaPtychoKernels.fftDescription());
        List<EngineKind> kinds = new ArrayList<>();
        for (String e : engines.split(",")) {
            kinds.add(EngineKind.parse(e));
        }
        List<PtychoScan> scans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (!positions.isBlank()) {
            for (String p : positions.split(",")) {
                int n = Integer.parseInt(p.trim());
                long t0 = System.nanoTime();
                scans.add(PtychoSimulator.simulate(PtychoSimulator.Spec.of(n, size)).scan());
                names.add("sim" + n + "x" + size);
                err.printf(Locale.ROOT, "# simulated %d x %d² in %.1fs%n", n, size, (System.nanoTime() - t0) / 1e9);
            }
        }
        if (cxi != null) {
            scans.add(CxiScans.load(cxi));
            names.add(cxi.getFileName().toString());
        }
        for (int s = 0; s < scans.size(); s++) {
            PtychoScan scan = scans.get(s);
            for (ComputeDevice d : devices) {
                for (EngineKind k : kinds) {
                    PtychoBench.Measurement m;
                    try {
                        m = PtychoBench.time(scan, k, d, warmup, iterations);
                    } catch (IllegalArgumentException e) {
                        err.println("# " + d.id() + ": " + e.getMessage());
                        break;
                    }
                    double ptypy = PtychoBench.ptypyItersPerSecond(k, scan.count());
                    out.printf(Locale.ROOT, "{\"data\":\"%s\",\"positions\":%d,\"size\":%d,\"engine\":\"%s\","
                                    + "\"device\":\"%s\",\"iterations\":%d,\"seconds\":%.3f,\"iters_per_s\":%.2f,"
                                    + "\"cpu_s\":%.2f,\"iters_per_cpu_s\":%.2f,\"ptypy_iters_per_s\":%s,\"ratio\":%s,\"fourier_error\":[%.5f,%.5f],"
                                    + "\"cores\":%d,\"load1\":%.2f}%n",
                            names.get(s), scan.count(), scan.height(), k.label(), d.id(), iterations, m.wallSeconds(),
                            m.itersPerSecond(), m.cpuSeconds(), iterations / m.cpuSeconds(), Double.isNaN(ptypy) ? "null" : ptypy,
                            Double.isNaN(ptypy) ? "null" : String.format(Locale.ROOT, "%.2f",
                                    m.itersPerSecond() / ptypy), m.firstError(), m.lastError(),
                            Runtime.getRuntime().availableProcessors(),
                            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                    out.flush();
                }
            }
        }
        return 0;
    }

    static List<ComputeDevice> devices(String which, PrintWriter err) {
        if (which.equals("java")) {
            return List.of(ComputeDevices.javaDevice());
        }
        DeviceChoice choice = ComputeDevices.choose("auto");
        List<ComputeDevice> opencl = new ArrayList<>();
        for (ComputeDevice d : choice.available()) {
            if (d.type() != ComputeDevice.Type.JAVA) {
                opencl.add(d);
            }
        }
        for (String p : choice.problems()) {
            err.println("# " + p);
        }
        if (which.equals("opencl")) {
            if (opencl.isEmpty()) {
                err.println("# no OpenCL device: " + choice.reason());
            }
            return opencl.isEmpty() ? List.of() : List.of(opencl.get(0));
        }
        if (which.equals("all")) {
            List<ComputeDevice> all = new ArrayList<>(opencl);
            all.add(ComputeDevices.javaDevice());
            return all;
        }
        for (ComputeDevice d : choice.available()) {
            if (d.id().equals(which)) {
                return List.of(d);
            }
        }
        throw new IllegalArgumentException("No device '" + which + "'; found "
                + choice.available().stream().map(ComputeDevice::id).toList());
    }
}
