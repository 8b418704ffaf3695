package org.beamlinestudio.ptychography.recon.opencl;

import java.util.Random;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClTestSupport;
import org.beamlinestudio.ptychography.recon.JavaPtychoKernels;
import org.beamlinestudio.ptychography.recon.PtychoKernels;
import org.beamlinestudio.ptychography.recon.PtychoKernels.Buffer;
import org.beamlinestudio.ptychography.recon.PtychoKernels.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Kernel-level iteration times, OpenCL vs Java, for the engines' per-iteration kernel sequences (DM: exit update and
 * one object/probe overlap update; ePIE: N PIE updates; ML: gradient, overlap sums, line derivatives) on
 * {@code -Dstudio.bench.positions} (516) × 128² patterns. Runs only when asked:
 * {@code ./mvnw -o -q -B -pl plugins/ptychography -am test -Dtest=OpenClPtychoKernelsBench -Dstudio.bench.kernels=true
 * -Dsurefire.failIfNoSpecifiedTests=false}. The engines' own figures come from {@code studio bench ptycho}.
 */
@EnabledIfSystemProperty(named = "studio.bench.kernels", matches = "true")
class OpenClPtychoKernelsBench {

    @Test
    void iterationTimes() {
        int n = Integer.getInteger("studio.bench.positions", 516);
        int size = 128;
        int side = (int) Math.ceil(Math.sqrt(n));
        int stepPx = 12;
        int objectSide = size + stepPx * (side - 1) + 8;
        Random rnd = new Random(3);
        float[] intensities = new float[n * size * size];
        for (int i = 0; i < intensities.length; i++) {
            intensities[i] = (float) Math.floor(50 * rnd.nextDouble());
        }
        boolean[] mask = new boolean[size * size];
        java.util.Arrays.fill(mask, true);
        Problem problem = new Problem(n, size, size, 1, objectSide, objectSide, intensities, mask);
        int[] py = new int[n];
        int[] px = new int[n];
        for (int i = 0; i < n; i++) {
            py[i] = (i / side) * stepPx + rnd.nextInt(4);
            px[i] = (i % side) * stepPx + rnd.nextInt(4);
        }
        int reps = Integer.getInteger("studio.bench.reps", 3);
        try (PtychoKernels java = new JavaPtychoKernels(problem)) {
            report("Java " + Runtime.getRuntime().availableProcessors() + " threads", java, py, px, reps);
        }
        try (OpenClContext context = OpenClContext.open(OpenClTestSupport.requireDevice());
             PtychoKernels cl = new OpenClPtychoKernels(context, false, problem,
                     Integer.getInteger("studio.bench.batch", 0))) {
            report(context.device().describe() + " " + cl, cl, py, px, reps);
        }
    }

    private static void report(String device, PtychoKernels kn, int[] py, int[] px, int reps) {
        Problem p = kn.problem();
        int n = p.count();
        kn.setPositions(py, px);
        Random rnd = new Random(5);
        float[] o = new float[2 * p.objectHeight() * p.objectWidth()];
        for (int i = 0; i < o.length; i += 2) {
            o[i] = 1;
        }
        float[] pr = new float[2 * p.height() * p.width()];
        for (int i = 0; i < pr.length; i++) {
            pr[i] = (float) rnd.nextGaussian();
        }
        Buffer obj = kn.allocate(1, p.objectHeight(), p.objectWidth(), true);
        Buffer probe = kn.allocate(1, p.height(), p.width(), true);
        kn.write(obj, o);
        kn.write(probe, pr);
        Buffer waves = kn.allocate(n, p.height(), p.width(), true);
        Buffer on = kn.allocate(1, p.objectHeight(), p.objectWidth(), true);
        Buffer od = kn.allocate(1, p.objectHeight(), p.objectWidth(), false);
        Buffer pn = kn.allocate(1, p.height(), p.width(), true);
        Buffer pd = kn.allocate(1, p.height(), p.width(), false);
        kn.exitWaves(obj, probe, waves);
        double[] errors = new double[n];
        Runnable dm = () -> {
            kn.dmExitUpdate(obj, probe, waves, 1f, 0f, errors);
            kn.accumulateObject(waves, probe, on, od);
            kn.divide(on, od, 1e-3f, obj, 0f);
            kn.accumulateProbe(waves, obj, pn, pd);
            kn.divide(pn, pd, 1e-3f, probe, 0f);
            kn.dot(obj, obj); // forces completion
        };
        Runnable epie = () -> {
            for (int i = 0; i < n; i++) {
                kn.pieUpdate(i, obj, probe, 1f, 1f, 1f, 1f, 0f);
            }
        };
        Buffer chi = waves;
        Runnable ml = () -> {
            kn.mlGradientWaves(obj, probe, chi);
            kn.accumulateObject(chi, probe, on, null);
            kn.accumulateProbe(chi, obj, pn, null);
            kn.mlLineDerivatives(obj, probe, on, pn);
        };
        if (Boolean.getBoolean("studio.bench.parts")) {
            time(device, "ml-gradient", () -> kn.mlGradientWaves(obj, probe, chi), reps, n);
            time(device, "accumulate-object", () -> {
                kn.accumulateObject(chi, probe, on, od);
                kn.dot(pn, pn);
            }, reps, n);
            time(device, "accumulate-probe", () -> {
                kn.accumulateProbe(chi, obj, pn, pd);
                kn.dot(pn, pn);
            }, reps, n);
            time(device, "ml-line", () -> kn.mlLineDerivatives(obj, probe, on, pn), reps, n);
            time(device, "fft-waves", () -> {
                kn.fft(chi, true);
                kn.dot(pn, pn);
            }, reps, n);
            time(device, "dm-exit", () -> kn.dmExitUpdate(obj, probe, waves, 1f, 0f, errors), reps, n);
        }
        time(device, "DM", dm, reps, n);
        time(device, "ePIE", epie, reps, n);
        time(device, "ML", ml, reps, n);
    }

    /** CPU time of the whole process (driver threads included): less sensitive than wall time to a busy host. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void time(String device, String engine, Runnable iteration, int reps, int n) {
        iteration.run();
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        for (int r = 0; r < reps; r++) {
            iteration.run();
        }
        double ms = (System.nanoTime() - t0) / 1e6 / reps;
        double cpu = (cpuNanos() - c0) / 1e6 / reps;
        System.out.printf("{\"bench\":\"ptycho-kernels\",\"device\":\"%s\",\"engine\":\"%s\",\"positions\":%d,"
                + "\"ms_per_iteration\":%.1f,\"it_per_s\":%.2f,\"cpu_ms_per_iteration\":%.1f}%n",
                device.replace('"', '\''), engine, n, ms, 1000 / ms, cpu);
    }
}
