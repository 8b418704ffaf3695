package org.beamlinestudio.opencl.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.beamlinestudio.core.JvmFacts;
import org.beamlinestudio.core.render.Camera;
import org.beamlinestudio.core.render.ClipBox;
import org.beamlinestudio.core.render.InteractiveQuality;
import org.beamlinestudio.core.render.JavaVolumeRenderer;
import org.beamlinestudio.core.render.RenderMode;
import org.beamlinestudio.core.render.RenderRequest;
import org.beamlinestudio.core.render.TransferFunction;
import org.beamlinestudio.core.render.VolumeGrid;
import org.beamlinestudio.core.render.VolumeLevels;
import org.beamlinestudio.core.render.VolumeRenderer;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.opencl.OpenClDevice;
import org.beamlinestudio.opencl.OpenClDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code studio bench volume}: the volume view's renderer without a display, on a synthetic N³
 * volume: frames/s while rotating (coarse level, half-size image, as the view does) and the
 * full-quality time at rest, per device and mode. Targets for 512³ on 2 cores: ≥ 10 frames/s
 * moving, ≤ 1 s at rest. One JSON line per run. On a shared machine wall times depend on the
 * others' load: {@code *_cpu_per_wall} (CPU seconds per wall second, at most the core count) says
 * how much of the machine the run had, and the CPU cost per frame / per rest render does not depend
 * on it (divide by the cores for the time on an idle machine).
 */
@Command(name = "volume", description = "Benchmark volume ray casting: frames/s while rotating, time at rest.")
public final class BenchVolumeCommand implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "512", description = "volume side in voxels. Default: ${DEFAULT-VALUE}")
    int size;

    @Option(names = "--image", defaultValue = "512", description = "image side in pixels at rest. Default: ${DEFAULT-VALUE}")
    int image;

    @Option(names = "--frames", defaultValue = "30", description = "rotation frames timed. Default: ${DEFAULT-VALUE}")
    int frames;

    @Option(names = "--rests", defaultValue = "3", description = "full-quality renders timed. Default: ${DEFAULT-VALUE}")
    int rests;

    @Option(names = "--modes", defaultValue = "mip,dvr,shaded", description = "mip, dvr, shaded. Default: ${DEFAULT-VALUE}")
    String modes;

    @Option(names = "--devices", defaultValue = "java,opencl",
            description = "java, opencl (the first OpenCL device) or an OpenCL device id. Default: ${DEFAULT-VALUE}")
    String devices;

    @Option(names = "--threads", defaultValue = "0", description = "Java threads (0: all cores)")
    int threads;

    @Option(names = "--high", defaultValue = "1000",
            description = "top of the transfer window (the phantom's values are 0 … 1000; the view's percentile "
                    + "window ends near 840, where MIP rays through the bright spheres saturate). Default: ${DEFAULT-VALUE}")
    double high;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        VolumeGrid full = phantom(size);
        VolumeLevels levels = VolumeLevels.of(full);
        err.printf(Locale.ROOT, "# generated a %d³ phantom (%.0f MB) in %.1fs%n", size, full.voxels() * 4 / 1e6,
                (System.nanoTime() - t0) / 1e9);
        int status = 0;
        for (String device : devices.split(",")) {
            VolumeRenderer renderer;
            try {
                renderer = open(device.trim());
            } catch (RuntimeException | LinkageError e) {
                err.println("# " + device + ": " + e.getMessage());
                status = 1;
                continue;
            }
            try (VolumeRenderer r = renderer) {
                int rest = InteractiveQuality.restingLevel(levels, Long.MAX_VALUE, r);
                int moving = InteractiveQuality.movingLevel(levels, rest);
                VolumeGrid fine = levels.level(rest, new Cancellation(), null);
                long tl = System.nanoTime();
                VolumeGrid coarse = levels.level(moving, new Cancellation(), null);
                double levelSeconds = (System.nanoTime() - tl) / 1e9;
                for (String m : modes.split(",")) {
                    RenderMode mode = RenderMode.valueOf(m.trim().toUpperCase(Locale.ROOT));
                    TransferFunction tf = TransferFunction.of(0, high, mode.composites()
                            ? TransferFunction.Preset.BRIGHT : TransferFunction.Preset.LINEAR);
                    RenderRequest base = new RenderRequest(fine, new Camera(20, 15, 1, 0, 0), ClipBox.ALL, mode, tf,
                            image, image, InteractiveQuality.STEP_VOXELS);
                    // Warm-up: JIT, kernel build, uploads of both levels.
                    r.render(InteractiveQuality.moving(base, coarse), new Cancellation());
                    r.render(base, new Cancellation());
                    long start = System.nanoTime();
                    long cpuStart = JvmFacts.processCpuNanos();
                    for (int f = 0; f < frames; f++) {
                        RenderRequest turn = new RenderRequest(fine, base.camera().rotatedBy(3 * f, 1.5 * f), base.clip(),
                                mode, tf, image, image, InteractiveQuality.STEP_VOXELS);
                        r.render(InteractiveQuality.moving(turn, coarse), new Cancellation());
                    }
                    double movingWall = (System.nanoTime() - start) / 1e9;
                    double fps = frames / movingWall;
                    // CPU seconds per wall second: below the core count when other work shares the machine.
                    double movingCpuSeconds = (JvmFacts.processCpuNanos() - cpuStart) / 1e9;
                    double movingCpuLoad = movingCpuSeconds / movingWall;
                    double[] restSeconds = new double[rests];
                    long restStart = System.nanoTime();
                    long restCpu = JvmFacts.processCpuNanos();
                    for (int i = 0; i < rests; i++) {
                        RenderRequest at = new RenderRequest(fine, base.camera().rotatedBy(7 * i, 0), base.clip(), mode,
                                tf, image, image, InteractiveQuality.STEP_VOXELS);
                        long s = System.nanoTime();
                        r.render(at, new Cancellation());
                        restSeconds[i] = (System.nanoTime() - s) / 1e9;
                    }
                    double restCpuSeconds = (JvmFacts.processCpuNanos() - restCpu) / 1e9;
                    double restCpuLoad = restCpuSeconds / ((System.nanoTime() - restStart) / 1e9);
                    Arrays.sort(restSeconds);
                    double median = restSeconds[rests / 2];
                    out.printf(Locale.ROOT, "{\"bench\":\"volume\",\"device\":\"%s\",\"name\":\"%s\",\"mode\":\"%s\",\"window_high\":%.0f,"
                                    + "\"volume\":%d,\"image\":%d,\"moving_level\":%d,\"moving_shape\":%d,"
                                    + "\"moving_image\":%d,\"moving_fps\":%.1f,\"rest_level\":%d,\"rest_seconds\":%.3f,"
                                    + "\"coarse_level_build_seconds\":%.2f,\"cores\":%d,\"fps_target_met\":%b,"
                                    + "\"rest_target_met\":%b,\"moving_cpu_per_wall\":%.2f,\"rest_cpu_per_wall\":%.2f,"
                                    + "\"moving_cpu_ms_per_frame\":%.1f,\"rest_cpu_seconds\":%.3f}%n",
                            r.deviceId(), r.deviceName().replace("\"", "'"), mode, high, size, image, moving,
                            levels.levelShape(moving)[0], InteractiveQuality.moving(base, coarse).width(), fps, rest,
                            median, levelSeconds, Runtime.getRuntime().availableProcessors(), fps >= 10, median <= 1, movingCpuLoad, restCpuLoad,
                            movingCpuSeconds * 1000 / frames, restCpuSeconds / rests);
                    out.flush();
                }
            }
        }
        return status;
    }

    private VolumeRenderer open(String device) {
        if (device.equals("java")) {
            return threads > 0 ? new JavaVolumeRenderer(threads) : new JavaVolumeRenderer();
        }
        List<OpenClDevice> found = new ArrayList<>(OpenClDevices.devices());
        if (found.isEmpty()) {
            throw new IllegalStateException("no OpenCL device: " + OpenClDevices.chooseDevice("auto").reason());
        }
        String id = device.equals("opencl") ? found.get(0).id() : device;
        return OpenClVolumeRenderer.open(id);
    }

    /**
     * A tomogram-like phantom: a cylinder of dim material (~200) holding bright spheres (~800) and a
     * few pores, with noise; values 0 … 1000, air 0.
     */
    static VolumeGrid phantom(int n) {
        float[] v = new float[n * n * n];
        double c = n / 2.0;
        double radius = n * 0.42;
        java.util.Random rnd = new java.util.Random(3);
        double[][] balls = new double[12][];
        for (int b = 0; b < balls.length; b++) {
            double r = n * (0.04 + 0.06 * rnd.nextDouble());
            double ang = rnd.nextDouble() * 2 * Math.PI;
            double dist = rnd.nextDouble() * (radius - r);
            balls[b] = new double[] {n * 0.15 + rnd.nextDouble() * n * 0.7, c + dist * Math.sin(ang),
                c + dist * Math.cos(ang), r, b % 4 == 3 ? 0 : 800};
        }
        java.util.stream.IntStream.range(0, n).parallel().forEach(z -> {
            java.util.SplittableRandom noise = new java.util.SplittableRandom(z);
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double dy = y - c;
                    double dx = x - c;
                    float val = 0;
                    if (dx * dx + dy * dy < radius * radius && z > n * 0.05 && z < n * 0.95) {
                        val = 200;
                        for (double[] b : balls) {
                            double d2 = Math.pow(z - b[0], 2) + Math.pow(y - b[1], 2) + Math.pow(x - b[2], 2);
                            if (d2 < b[3] * b[3]) {
                                val = (float) b[4];
                            }
                        }
                    }
                    v[(z * n + y) * n + x] = val + (float) (noise.nextDouble() * 40);
                }
            }
        });
        return VolumeGrid.of(v, n, n, n);
    }
}
