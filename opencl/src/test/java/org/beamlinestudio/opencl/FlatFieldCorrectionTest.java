package org.beamlinestudio.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The OpenCL kernel against its plain-Java twin.
 *
 * <p>Tolerance: 3 ulp of the Java value, plus {@link Float#MIN_NORMAL}. Both sides do the same float
 * subtractions (exact IEEE operations in OpenCL C too) and the same comparison; only the division
 * may differ, since OpenCL 1.2 (§7.4) allows single-precision {@code x / y} to be off by 2.5 ulp
 * unless built with {@code -cl-fp32-correctly-rounded-divide-sqrt}; devices may also flush
 * denormal results to zero, hence the absolute {@code MIN_NORMAL}. NaN and ±Inf must match exactly.
 */
class FlatFieldCorrectionTest {

    private static final float MIN = FlatFieldCorrection.MIN_DENOMINATOR;

    @Test
    void javaComputesTheDocumentedFormula() {
        float[] raw = {150, 150, 150, 150, 0, 150};
        float[] flat = {1100, 100, 90, Float.NaN, 1100, 100.5f};
        float[] dark = {100, 100, 100, 100, 100, 100};
        float[] out = new JavaFlatFieldCorrection().apply(raw, 1, 6, flat, dark);
        assertThat(out[0]).isEqualTo(0.05f);             // (150-100)/(1100-100)
        assertThat(out[1]).isEqualTo(50f / MIN);          // dead pixel, flat == dark: floored, finite
        assertThat(out[1]).isEqualTo(5.0e7f);
        assertThat(out[2]).isEqualTo(50f / MIN);          // flat < dark: floored too
        assertThat(out[3]).isNaN();                       // NaN flat propagates
        assertThat(out[4]).isEqualTo(-0.1f);              // zero counts below the dark level
        assertThat(out[5]).isEqualTo(100f);               // small but above the floor: untouched
        assertThat(raw).containsExactly(150, 150, 150, 150, 0, 150); // input unchanged
    }

    @Test
    void javaWorksInPlaceAndOnEmptyStacks() {
        float[] raw = {110, 120, 130, 140};
        JavaFlatFieldCorrection java = new JavaFlatFieldCorrection();
        java.apply(raw, 2, 2, new float[] {200, 300}, new float[] {100, 100}, raw);
        assertThat(raw).containsExactly(0.1f, 0.1f, 0.3f, 0.2f);
        assertThat(java.apply(new float[0], 0, 5, new float[5], new float[5])).isEmpty();
    }

    @Test
    void badShapesAreRefusedWithTheNumbers() {
        JavaFlatFieldCorrection java = new JavaFlatFieldCorrection();
        assertThatThrownBy(() -> java.apply(new float[10], 3, 4, new float[4], new float[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("raw stack has 10 floats, expected images × pixelsPerImage = 3 × 4 = 12");
        assertThatThrownBy(() -> java.apply(new float[12], 3, 4, new float[3], new float[4]))
                .hasMessage("flat image has 3 floats, expected pixelsPerImage = 4");
        assertThatThrownBy(() -> java.apply(new float[12], 3, 4, new float[4], new float[5]))
                .hasMessage("dark image has 5 floats, expected pixelsPerImage = 4");
        assertThatThrownBy(() -> java.apply(new float[12], 3, 4, new float[4], new float[4], new float[11]))
                .hasMessage("output has 11 floats, expected 12 like the raw stack");
    }

    @Test
    void openClEqualsJavaOnALargeStack() {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        compareOnDevice(device, 64, 512 * 512, 1, OpenClFlatFieldCorrection.DEFAULT_MAX_CHUNK_BYTES);
    }

    @Test
    void openClEqualsJavaOnAnOddSize() {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        compareOnDevice(device, 3, 7 * 13, 2, OpenClFlatFieldCorrection.DEFAULT_MAX_CHUNK_BYTES);
    }

    @Test
    void openClSplitsStacksLargerThanAChunkIntoImagesAndImagesIntoPixelRanges() {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        // 256-float chunks: 91-pixel images go 2 per chunk, 5 images in 3 chunks.
        assertThat(compareOnDevice(device, 5, 7 * 13, 3, 256 * Float.BYTES)).isEqualTo(3);
        // 64-float chunks: each 91-pixel image is split in 64 + 27 pixels, 2 runs per image.
        assertThat(compareOnDevice(device, 5, 7 * 13, 4, 64 * Float.BYTES)).isEqualTo(10);
        // A chunk limit below one work-group's padding still works (clamped up to 64 floats).
        assertThat(compareOnDevice(device, 2, 1000, 5, 1)).isEqualTo(2 * 16);
    }

    @Test
    void openClWorksInPlace() {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        Stack s = Stack.random(4, 33 * 17, new Random(6));
        float[] expected = new JavaFlatFieldCorrection().apply(s.raw, s.images, s.pixels, s.flat, s.dark);
        try (OpenClContext context = OpenClContext.open(device);
             OpenClFlatFieldCorrection openCl = new OpenClFlatFieldCorrection(context)) {
            openCl.apply(s.raw, s.images, s.pixels, s.flat, s.dark, s.raw);
        }
        assertClose(s.raw, expected);
    }

    @Test
    void theFactoryUsesTheChosenOpenClDevice() {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        Stack s = Stack.random(3, 64 * 64, new Random(7));
        try (FlatFieldCorrection auto = FlatFieldCorrection.forDevice("auto")) {
            assertThat(auto.deviceId()).isEqualTo(device.id());
            assertClose(auto.apply(s.raw, s.images, s.pixels, s.flat, s.dark),
                    new JavaFlatFieldCorrection().apply(s.raw, s.images, s.pixels, s.flat, s.dark));
        }
        try (FlatFieldCorrection byId = FlatFieldCorrection.forDevice(device.id())) {
            assertThat(byId.deviceId()).isEqualTo(device.id());
        }
    }

    @Test
    void theFactoryFallsBackToJavaWhenOpenClIsDisabledAndStillComputesCorrectly() {
        Stack s = Stack.random(3, 7 * 13, new Random(8));
        float[] expected = new float[s.raw.length];
        for (int i = 0; i < s.images; i++) {
            for (int p = 0; p < s.pixels; p++) {
                float den = s.flat[p] - s.dark[p];
                expected[i * s.pixels + p] = (s.raw[i * s.pixels + p] - s.dark[p]) / (den < MIN ? MIN : den);
            }
        }
        OpenClTestSupport.withOpenClDisabled(() -> {
            try (FlatFieldCorrection ffc = FlatFieldCorrection.forDevice("auto")) {
                assertThat(ffc).isInstanceOf(JavaFlatFieldCorrection.class);
                assertThat(ffc.deviceId()).isEqualTo("java");
                assertThat(ffc.apply(s.raw, s.images, s.pixels, s.flat, s.dark)).containsExactly(expected);
            }
            try (FlatFieldCorrection ffc = FlatFieldCorrection.forDevice("opencl:0:0")) {
                assertThat(ffc.deviceId()).isEqualTo("java");
            }
        });
    }

    @Test
    void theFactoryHonoursJava() {
        try (FlatFieldCorrection ffc = FlatFieldCorrection.forDevice("java")) {
            assertThat(ffc).isInstanceOf(JavaFlatFieldCorrection.class);
        }
    }

    @Test
    void aFailingDeviceRunFallsBackToJavaForGood() {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        Stack s = Stack.random(2, 50, new Random(9));
        float[] expected = new JavaFlatFieldCorrection().apply(s.raw, s.images, s.pixels, s.flat, s.dark);
        OpenClContext context = OpenClContext.open(device);
        FlatFieldCorrections.Fallback ffc = new FlatFieldCorrections.Fallback(new OpenClFlatFieldCorrection(context, true,
                OpenClFlatFieldCorrection.DEFAULT_MAX_CHUNK_BYTES));
        assertThat(ffc.deviceId()).isEqualTo(device.id());
        context.close(); // the device "fails": every call on the closed context throws
        assertThat(ffc.apply(s.raw, s.images, s.pixels, s.flat, s.dark)).containsExactly(expected);
        assertThat(ffc.deviceId()).isEqualTo("java");
        assertThat(ffc.openCl()).isNull();
        ffc.close();
    }

    /** Runs both twins on a random stack with edge values; returns how many kernel runs it took. */
    private static int compareOnDevice(OpenClDevice device, int images, int pixels, long seed, long maxChunkBytes) {
        Stack s = Stack.random(images, pixels, new Random(seed));
        float[] rawCopy = s.raw.clone();
        long t0 = System.nanoTime();
        float[] expected = new JavaFlatFieldCorrection().apply(s.raw, images, pixels, s.flat, s.dark);
        long javaNanos = System.nanoTime() - t0;
        try (OpenClContext context = OpenClContext.open(device);
             OpenClFlatFieldCorrection openCl = new OpenClFlatFieldCorrection(context, false, maxChunkBytes)) {
            assertThat(openCl.deviceId()).isEqualTo(device.id());
            long t1 = System.nanoTime();
            float[] actual = openCl.apply(s.raw, images, pixels, s.flat, s.dark);
            long openClNanos = System.nanoTime() - t1;
            assertThat(s.raw).isEqualTo(rawCopy);
            assertClose(actual, expected);
            long kernelNanos = openCl.lastTimings().stream().mapToLong(KernelTiming::nanoseconds).sum();
            assertThat(openCl.lastTimings()).allSatisfy(t -> assertThat(t.kernelName()).isEqualTo("flat_field_correct"));
            // A note, not an assertion: timings on a shared 2-core CI machine mean little.
            System.out.printf("flat-field %d x %d: Java %.1f ms, OpenCL %.1f ms (kernels %.1f ms in %d runs) on %s%n",
                    images, pixels, javaNanos / 1e6, openClNanos / 1e6, kernelNanos / 1e6, openCl.lastTimings().size(),
                    device.describe());
            return openCl.lastTimings().size();
        }
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        int exact = 0;
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            boolean ok;
            if (Float.isNaN(e) || Float.isInfinite(e)) {
                ok = Float.compare(a, e) == 0;
            } else {
                ok = Math.abs(a - e) <= 3 * Math.ulp(e) + Float.MIN_NORMAL;
            }
            if (!ok) {
                fail("element " + i + ": OpenCL " + a + " vs Java " + e + " (" + Math.abs(a - e) / Math.ulp(e) + " ulp)");
            }
            if (Float.compare(a, e) == 0) {
                exact++;
            }
        }
        System.out.printf("  %d of %d elements bit-identical%n", exact, expected.length);
    }

    /** A synthetic projection stack with the awkward pixels real detectors have. */
    private record Stack(float[] raw, int images, int pixels, float[] flat, float[] dark) {

        static Stack random(int images, int pixels, Random random) {
            float[] dark = new float[pixels];
            float[] flat = new float[pixels];
            for (int p = 0; p < pixels; p++) {
                dark[p] = 90 + 20 * random.nextFloat();
                flat[p] = dark[p] + 100 + 60000 * random.nextFloat();
                int kind = random.nextInt(100);
                if (kind < 5) {
                    flat[p] = dark[p];                     // dead pixel
                } else if (kind < 7) {
                    flat[p] = dark[p] - random.nextFloat();  // noisy: flat below dark
                } else if (kind < 8) {
                    dark[p] = 0;                           // zero dark
                } else if (kind < 9) {
                    flat[p] = dark[p] + 1e-7f * dark[p];   // tiny positive denominator, under the floor
                }
            }
            float[] raw = new float[images * pixels];
            for (int i = 0; i < raw.length; i++) {
                int kind = random.nextInt(1000);
                if (kind < 20) {
                    raw[i] = 0;                            // zero counts
                } else if (kind < 25) {
                    raw[i] = 1e30f * random.nextFloat();   // huge (a hot pixel or a bad frame)
                } else if (kind < 27) {
                    raw[i] = Float.MAX_VALUE;              // overflows to Inf over a floored denominator
                } else {
                    raw[i] = 65535 * random.nextFloat();   // 16-bit detector counts
                }
            }
            return new Stack(raw, images, pixels, flat, dark);
        }
    }
}
