package org.beamlinestudio.tomography.stages.phase;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Timing of the Paganin filter on Java and on the chosen OpenCL device (best of 3). Runs only with
 * {@code -Dstudio.bench=true}; asserts nothing about time (the machines are shared and noisy).
 */
class PaganinBenchmarkTest {

    @Test
    void timeFilter() {
        Assumptions.assumeTrue(Boolean.getBoolean("studio.bench"), "benchmark: run with -Dstudio.bench=true");
        int size = Integer.getInteger("studio.bench.size", 1024);
        int count = Integer.getInteger("studio.bench.count", 8);
        PaganinParameters p = new PaganinParameters(25, 300, 0.65, 800, true);
        float[] in = new float[count * size * size];
        Random rnd = new Random(1);
        for (int i = 0; i < in.length; i++) {
            in[i] = 0.6f + 0.4f * rnd.nextFloat();
        }
        float[] out = new float[in.length];
        String cl = org.beamlinestudio.opencl.OpenClDevices.chooseDevice("auto").chosen().id();
        for (String device : new String[] {"java", cl}) {
            try (PaganinFilter f = PaganinFilter.forDevice(device, p)) {
                f.apply(in, count, size, size, out); // warm-up: plans, kernel build
                double best = Double.MAX_VALUE;
                for (int rep = 0; rep < 3; rep++) {
                    long t0 = System.nanoTime();
                    f.apply(in, count, size, size, out);
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                }
                System.out.printf("Paganin %s (%s): %d projections %d×%d padded to %d²: best %.3f s, %.1f ms/projection%n",
                        device, f.deviceId(), count, size, size, p.paddedSize(size), best, 1e3 * best / count);
            }
        }
    }
}
