package org.beamlinestudio.opencl.fft;

import java.util.Arrays;
import java.util.Random;
import org.beamlinestudio.opencl.DeviceBuffer;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClTestSupport;
import org.jtransforms.fft.FloatFFT_2D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times the batched OpenCL FFT against JTransforms (all cores) on a ptychography-sized batch: forward then inverse of
 * {@code -Dstudio.bench.fields} (516) fields of {@code -Dstudio.bench.size} (128)². Runs only when asked:
 * {@code ./mvnw -o -q -B -pl opencl -am test -Dtest=OpenClFft2dBench -Dstudio.bench.fft=true
 * -Dsurefire.failIfNoSpecifiedTests=false}; prints one JSON line per device.
 */
@EnabledIfSystemProperty(named = "studio.bench.fft", matches = "true")
class OpenClFft2dBench {

    @Test
    void forwardAndInverseOfABatch() {
        int n = Integer.getInteger("studio.bench.size", 128);
        int fields = Integer.getInteger("studio.bench.fields", 516);
        int reps = Integer.getInteger("studio.bench.reps", 10);
        float[] data = new float[fields * 2 * n * n];
        Random rnd = new Random(1);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        try (OpenClContext context = OpenClContext.open(OpenClTestSupport.requireDevice());
             OpenClFft2d fft = new OpenClFft2d(context, n, n);
             DeviceBuffer buffer = context.upload(data)) {
            fft.forward(buffer, 0, fields);
            fft.inverse(buffer, 0, fields);
            context.finish();
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            for (int r = 0; r < reps; r++) {
                fft.forward(buffer, 0, fields);
                fft.inverse(buffer, 0, fields);
            }
            context.finish();
            double ms = (System.nanoTime() - t0) / 1e6 / reps;
            double cpu = (cpuNanos() - c0) / 1e6 / reps;
            System.out.printf("{\"bench\":\"fft2d\",\"device\":\"%s\",\"size\":%d,\"fields\":%d,"
                    + "\"forward_plus_inverse_ms\":%.1f,\"cpu_ms\":%.1f}%n", context.device().describe(), n, fields,
                    ms, cpu);
        }
        FloatFFT_2D jt = new FloatFFT_2D(n, n);
        int per = 2 * n * n;
        float[] one = Arrays.copyOf(data, per);
        for (int f = 0; f < fields; f++) {
            jt.complexForward(one);
            jt.complexInverse(one, true);
        }
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        for (int r = 0; r < reps; r++) {
            for (int f = 0; f < fields; f++) {
                System.arraycopy(data, f * per, one, 0, per);
                jt.complexForward(one);
                jt.complexInverse(one, true);
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6 / reps;
        double cpu = (cpuNanos() - c0) / 1e6 / reps;
        System.out.printf("{\"bench\":\"fft2d\",\"device\":\"JTransforms %d threads\",\"size\":%d,\"fields\":%d,"
                + "\"forward_plus_inverse_ms\":%.1f,\"cpu_ms\":%.1f}%n", Runtime.getRuntime().availableProcessors(),
                n, fields, ms, cpu);
    }

    /** CPU time of the whole process (the driver's threads included): less sensitive than wall time to a busy host. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
