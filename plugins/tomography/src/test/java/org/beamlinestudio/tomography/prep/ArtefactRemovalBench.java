package org.beamlinestudio.tomography.prep;

import java.util.function.Supplier;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClDevices;
import org.beamlinestudio.tomography.phantom.ModifiedSheppLogan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Milliseconds per 2048 × 1500 sinogram for each method (best of several runs); prints, never asserts.
 * Run: {@code mvn -q -o -pl plugins/tomography -am test -Dtest=ArtefactRemovalBench -Dstudio.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "studio.bench", matches = "true")
class ArtefactRemovalBench {

    private static final int COLS = 2048;
    private static final int ANGLES = 1500;

    @Test
    void millisecondsPerSinogram() {
        float[] sino = ModifiedSheppLogan.sinogram(COLS, ANGLES);
        ArtefactSinograms.addZingers(sino, 500, 3000f, 1);
        int repeats = Integer.getInteger("studio.bench.repeats", 4);
        time("outliers (Java, 3 angles)", repeats, () -> {
            float[] out = new float[sino.length];
            new JavaOutlierRemoval(OutlierSettings.difference(0.1 * 1000)).apply(sino, ANGLES, 1, COLS, out);
            return out;
        });
        if (!OpenClDevices.devices().isEmpty()) {
            try (OpenClContext ctx = OpenClContext.open(OpenClDevices.devices().get(0))) {
                OpenClOutlierRemoval cl = new OpenClOutlierRemoval(ctx, OutlierSettings.difference(100));
                time("outliers (OpenCL " + ctx.device().describe() + ", incl. transfers)", repeats, () -> {
                    float[] out = new float[sino.length];
                    cl.apply(sino, ANGLES, 1, COLS, out);
                    return out;
                });
                System.out.printf("  kernel alone: %.1f ms%n", cl.lastTiming().millis());
                OpenClSortingStripeRemoval sorting = new OpenClSortingStripeRemoval(ctx);
                time("stripes.sorting (OpenCL, size 21, incl. transfers)", repeats,
                        () -> sorting.correct(sino, ANGLES, 1, COLS, 21));
            }
        }
        time("stripes.sorting (size 21)", repeats, () -> SortingStripeRemoval.correct(sino, ANGLES, COLS, 21));
        time("stripes.filtering (sigma 3, size 21)", repeats,
                () -> FilteringStripeRemoval.correct(sino, ANGLES, COLS, 3, 21, true));
        int level = FourierWaveletStripeRemoval.automaticLevel(ANGLES, COLS, 5);
        time("stripes.fw (db5, level " + level + ", sigma 2)", repeats,
                () -> FourierWaveletStripeRemoval.correct(sino, ANGLES, COLS, level, 2, 5));
    }

    private static void time(String what, int repeats, Supplier<float[]> run) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            float[] out = run.get();
            best = Math.min(best, System.nanoTime() - t0);
            if (out.length != COLS * ANGLES) {
                throw new AssertionError();
            }
        }
        System.out.printf("%-60s %8.1f ms per %d x %d sinogram (best of %d, %d cores)%n", what, best / 1e6, COLS,
                ANGLES, repeats, Runtime.getRuntime().availableProcessors());
    }
}
