package org.beamlinestudio.opencl.fft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.beamlinestudio.opencl.DeviceBuffer;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClTestSupport;
import org.jtransforms.fft.FloatFFT_2D;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The batched OpenCL FFT against JTransforms (its twin) on the same random input.
 *
 * <p>Tolerance: a float FFT's error grows like ε·log₂n relative to the data's RMS (ε = 6e-8); both sides round
 * differently (twiddles, butterfly order), so each element may differ by a few times that. We allow 2e-6 of the
 * output's RMS per element (about 3 ε log₂n at n = 1024) and 5e-7 in RMS over the batch. A wrong twiddle, sign,
 * permutation or scale gives errors of order 1.
 */
class OpenClFft2dTest {

    private static OpenClContext context;

    @BeforeAll
    static void open() {
        context = OpenClContext.open(OpenClTestSupport.requireDevice());
    }

    @AfterAll
    static void close() {
        if (context != null) {
            context.close();
        }
    }

    @ParameterizedTest(name = "{0} x {1}, {2} fields, {3}")
    @CsvSource({"32, 32, 3, forward", "128, 128, 7, forward", "128, 128, 7, inverse", "64, 256, 2, forward",
        "256, 32, 2, inverse", "1024, 1024, 1, forward", "512, 512, 1, inverse"})
    void equalsJTransformsOnRandomFields(int height, int width, int fields, String direction) {
        boolean inverse = direction.equals("inverse");
        float[] input = random(fields * 2 * height * width, height * 31L + width + fields);
        float[] expected = input.clone();
        FloatFFT_2D reference = new FloatFFT_2D(height, width);
        int per = 2 * height * width;
        for (int f = 0; f < fields; f++) {
            float[] one = Arrays.copyOfRange(expected, f * per, (f + 1) * per);
            if (inverse) {
                reference.complexInverse(one, true);
            } else {
                reference.complexForward(one);
            }
            System.arraycopy(one, 0, expected, f * per, per);
        }

        float[] actual = new float[input.length];
        try (OpenClFft2d fft = new OpenClFft2d(context, height, width);
             DeviceBuffer buffer = context.upload(input)) {
            if (inverse) {
                fft.inverse(buffer, 0, fields);
            } else {
                fft.forward(buffer, 0, fields);
            }
            context.read(buffer, actual, 0, actual.length);
        }
        assertClose(actual, expected);
    }

    @Test
    void aSingleFrequencyBecomesOneSpikeWithTheForwardSignConvention() {
        int n = 64;
        int ky = 3;
        int kx = 5;
        float[] field = new float[2 * n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double phase = 2 * Math.PI * (ky * y + kx * x) / n;
                field[2 * (y * n + x)] = (float) Math.cos(phase);
                field[2 * (y * n + x) + 1] = (float) Math.sin(phase);
            }
        }
        float[] out = new float[field.length];
        try (OpenClFft2d fft = new OpenClFft2d(context, n, n); DeviceBuffer buffer = context.upload(field)) {
            fft.forward(buffer, 0, 1);
            context.read(buffer, out, 0, out.length);
        }
        // e^{+2πi k·r/n} transforms to n² at k under e^{-2πi} forward kernels, zero elsewhere.
        int spike = 2 * (ky * n + kx);
        assertThat(out[spike]).isCloseTo(n * n, org.assertj.core.api.Assertions.within(0.05f));
        assertThat(out[spike + 1]).isCloseTo(0f, org.assertj.core.api.Assertions.within(0.05f));
        out[spike] = 0;
        for (float v : out) {
            assertThat(Math.abs(v)).isLessThan(0.05f);
        }
    }

    @Test
    void transformsOnlyTheFieldsAskedForAndRoundTrips() {
        int n = 128;
        int per = 2 * n * n;
        float[] input = random(4 * per, 99);
        float[] out = new float[input.length];
        try (OpenClFft2d fft = new OpenClFft2d(context, n, n); DeviceBuffer buffer = context.upload(input)) {
            fft.forward(buffer, 1, 2);
            context.read(buffer, out, 0, out.length);
            assertThat(Arrays.copyOfRange(out, 0, per)).containsExactly(Arrays.copyOfRange(input, 0, per));
            assertThat(Arrays.copyOfRange(out, 3 * per, 4 * per))
                    .containsExactly(Arrays.copyOfRange(input, 3 * per, 4 * per));
            assertThat(out[per]).isNotEqualTo(input[per]);
            fft.inverse(buffer, 1, 2);
            context.read(buffer, out, 0, out.length);
        }
        assertClose(out, input);
    }

    @Test
    void theAdjointIsTheUnscaledInverse() {
        int h = 64;
        int w = 32;
        float[] input = random(2 * h * w, 5);
        float[] expected = input.clone();
        new FloatFFT_2D(h, w).complexInverse(expected, false);
        float[] out = new float[input.length];
        try (OpenClFft2d fft = new OpenClFft2d(context, h, w); DeviceBuffer buffer = context.upload(input)) {
            fft.adjoint(buffer, 0, 1);
            context.read(buffer, out, 0, out.length);
        }
        assertClose(out, expected);
    }

    @Test
    void rejectsSizesItCannotDoAndRangesOutsideTheBuffer() {
        assertThatThrownBy(() -> new OpenClFft2d(context, 100, 128)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> new OpenClFft2d(context, 16, 16)).hasMessageContaining("from 32 to 1024");
        try (OpenClFft2d fft = new OpenClFft2d(context, 32, 32); DeviceBuffer small = context.allocateFloats(2 * 32 * 32)) {
            assertThatThrownBy(() -> fft.forward(small, 1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    private static float[] random(int length, long seed) {
        Random rnd = new Random(seed);
        float[] a = new float[length];
        for (int i = 0; i < length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }

    private static void assertClose(float[] actual, float[] expected) {
        double sumSq = 0;
        for (float v : expected) {
            sumSq += (double) v * v;
        }
        double rms = Math.sqrt(sumSq / expected.length);
        double diffSq = 0;
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            diffSq += d * d;
            maxDiff = Math.max(maxDiff, d);
        }
        double rmsDiff = Math.sqrt(diffSq / expected.length);
        assertThat(maxDiff / rms).as("largest difference relative to the RMS %s", rms).isLessThan(2e-6);
        assertThat(rmsDiff / rms).as("RMS difference relative to the RMS %s", rms).isLessThan(5e-7);
    }
}
