package org.beamlinestudio.tomography.stages.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.beamlinestudio.opencl.OpenClDevice;
import org.jtransforms.fft.DoubleFFT_2D;
import org.junit.jupiter.api.Test;
import org.beamlinestudio.opencl.OpenClTestSupport;

/** Paganin: the transfer function, a simulated phase object retrieved to its thickness, OpenCL = Java. */
class PaganinFilterTest {

    @Test
    void transferFunctionIsOneOverOnePlusPiLambdaZDeltaOverBetaFSquared() {
        // 12.398… keV is λ = 1 Å exactly; z = 100 mm, δ/β = 1000: π·λ·z·δ/β = π·1e-8 m².
        PaganinParameters p = new PaganinParameters(12.398419843320026, 100, 1.0, 1000, true);
        assertThat(p.wavelengthM()).isCloseTo(1e-10, within(1e-22));
        assertThat(p.alphaM2()).isCloseTo(Math.PI * 1e-8, within(1e-20));
        assertThat(p.transfer(0, 0)).isEqualTo(1.0);
        assertThat(p.transfer(1e4, 0)).isCloseTo(1 / (1 + Math.PI), within(1e-12));   // period 100 µm
        assertThat(p.transfer(3e4, 4e4)).isCloseTo(1 / (1 + Math.PI * 25), within(1e-12));
        assertThat(p.transfer(0, -1e4)).isCloseTo(1 / (1 + Math.PI), within(1e-12));
        // In pixel units with 1 µm pixels: α_px = π·1e-8 / 1e-12 = π·1e4 px².
        assertThat(p.alphaPx()).isCloseTo(Math.PI * 1e4, within(1e-6));
        assertThat(PaganinParameters.fastSize(2 * 1001)).isEqualTo(2025);
        assertThat(PaganinParameters.fastSize(512)).isEqualTo(512);
        assertThat(PaganinParameters.signedIndex(32, 64)).isEqualTo(-32);
        assertThat(PaganinParameters.signedIndex(31, 64)).isEqualTo(31);
        assertThat(PaganinParameters.signedIndex(32, 65)).isEqualTo(32);
        assertThat(PaganinParameters.signedIndex(33, 65)).isEqualTo(-32);
    }

    @Test
    void aCosineIsDampedByTheTransferFunctionAtItsFrequency() {
        // Without padding the grid is periodic: 1 + 0.1·cos(2π·5x/64 + 2π·3y/48) must come out with its
        // modulation times H(u = 5/64, v = 3/48) and its mean kept.
        PaganinParameters p = new PaganinParameters(20, 1, 1.0, 500, false);
        int rows = 48;
        int cols = 64;
        float[] in = new float[rows * cols];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                in[y * cols + x] = (float) (1 + 0.1 * Math.cos(2 * Math.PI * (5.0 * x / cols + 3.0 * y / rows)));
            }
        }
        float[] out = new float[in.length];
        new JavaPaganinFilter(p).apply(in, 1, rows, cols, out);
        double u = 5.0 / cols;
        double v = 3.0 / rows;
        double h = 1 / (1 + p.alphaPx() * (u * u + v * v));
        assertThat(h).isBetween(0.05, 0.95);
        double fu = u / 1e-6;
        double fv = v / 1e-6;
        assertThat(p.transfer(fu, fv)).isCloseTo(h, within(1e-12));
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                double expected = 1 + 0.1 * h * Math.cos(2 * Math.PI * (5.0 * x / cols + 3.0 * y / rows));
                assertThat((double) out[y * cols + x]).isCloseTo(expected, within(2e-6));
            }
        }
    }

    /**
     * A sphere of known δ, β: its exit wave is propagated by Fresnel diffraction (transfer function
     * exp(−iπλz|f|²), same FFT convention), the intensity is Paganin-filtered and
     * {@code T = −ln(filtered)/μ} must give the sphere's projected thickness.
     */
    @Test
    void simulatedSphereIsRetrievedToItsThickness() {
        double energy = 20;                 // keV
        double z = 0.2;                     // m
        double dx = 1e-6;                   // m
        double delta = 5e-7;
        double beta = 1e-9;                 // δ/β = 500
        double radius = 40e-6;              // m
        PaganinParameters p = new PaganinParameters(energy, z * 1e3, dx * 1e6, delta / beta, true);
        double lambda = p.wavelengthM();
        double k = 2 * Math.PI / lambda;
        double mu = 4 * Math.PI * beta / lambda;
        int n = 512;                       // simulation grid, far larger than the sphere
        double[] thickness = new double[n * n];
        double[] wave = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double x = (j - n / 2.0) * dx;
                double y = (i - n / 2.0) * dx;
                double r2 = radius * radius - x * x - y * y;
                double t = r2 > 0 ? 2 * Math.sqrt(r2) : 0;
                thickness[i * n + j] = t;
                double amp = Math.exp(-k * beta * t);
                double phase = -k * delta * t;
                wave[2 * (i * n + j)] = amp * Math.cos(phase);
                wave[2 * (i * n + j) + 1] = amp * Math.sin(phase);
            }
        }
        DoubleFFT_2D fft = new DoubleFFT_2D(n, n);
        fft.complexForward(wave);
        for (int i = 0; i < n; i++) {
            double fy = PaganinParameters.signedIndex(i, n) / (n * dx);
            for (int j = 0; j < n; j++) {
                double fx = PaganinParameters.signedIndex(j, n) / (n * dx);
                double chi = -Math.PI * lambda * z * (fx * fx + fy * fy);
                int q = 2 * (i * n + j);
                double re = wave[q];
                double im = wave[q + 1];
                wave[q] = re * Math.cos(chi) - im * Math.sin(chi);
                wave[q + 1] = re * Math.sin(chi) + im * Math.cos(chi);
            }
        }
        fft.complexInverse(wave, true);
        // The detector sees the central 256 × 256; the filter pads it by edge values itself.
        int m = 256;
        int off = (n - m) / 2;
        float[] intensity = new float[m * m];
        double[] truth = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                int q = (i + off) * n + (j + off);
                intensity[i * m + j] = (float) (wave[2 * q] * wave[2 * q] + wave[2 * q + 1] * wave[2 * q + 1]);
                truth[i * m + j] = thickness[q];
            }
        }
        // The phase contrast is strong: fringes far beyond the absorption contrast.
        double minI = 1;
        double maxI = 0;
        for (float v : intensity) {
            minI = Math.min(minI, v);
            maxI = Math.max(maxI, v);
        }
        assertThat(maxI - minI).isGreaterThan(5 * (1 - Math.exp(-mu * 2 * radius)));

        float[] filtered = new float[m * m];
        new JavaPaganinFilter(p).apply(intensity, 1, m, m, filtered);
        double sumSq = 0;
        double maxErr = 0;
        double tMax = 2 * radius;
        for (int q = 0; q < m * m; q++) {
            double t = -Math.log(filtered[q]) / mu;
            double err = t - truth[q];
            sumSq += err * err;
            // The rim has an infinite slope that any low-pass retrieval blurs: judge the rest.
            double r = Math.hypot(q % m - m / 2.0, q / m - m / 2.0) * dx;
            if (Math.abs(r - radius) > 4 * dx) {
                maxErr = Math.max(maxErr, Math.abs(err));
            }
        }
        double rmse = Math.sqrt(sumSq / (m * m));
        int centre = (m / 2) * m + m / 2;
        double centreT = -Math.log(filtered[centre]) / mu;
        System.out.printf("Paganin sphere: centre %.3f µm (true %.3f), RMSE %.3f µm, max error away from the rim %.3f µm%n",
                centreT * 1e6, truth[centre] * 1e6, rmse * 1e6, maxErr * 1e6);
        assertThat(centreT).isCloseTo(truth[centre], within(0.02 * tMax));
        assertThat(rmse).isLessThan(0.01 * tMax);
        assertThat(maxErr).isLessThan(0.02 * tMax);
    }

    /** Power-of-two padded sizes: FFTs, filter and inverse all on the device, against JTransforms. */
    @Test
    void openClWithDeviceFftsEqualsJava() {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        PaganinParameters p = new PaganinParameters(25, 300, 0.65, 800, true);
        Random rnd = new Random(9);
        for (int[] rc : new int[][] {{32, 64}, {16, 128}, {64, 32}}) {
            int count = 3;
            int rows = rc[0];
            int cols = rc[1];
            float[] in = new float[count * rows * cols];
            for (int i = 0; i < in.length; i++) {
                in[i] = 0.6f + 0.4f * rnd.nextFloat();
            }
            float[] java = new float[in.length];
            float[] cl = new float[in.length];
            new JavaPaganinFilter(p).apply(in, count, rows, cols, java);
            try (OpenClPaganinFilter f = new OpenClPaganinFilter(device.id(), p)) {
                f.apply(in, count, rows, cols, cl);
                assertThat(f.lastRunOnDevice()).isTrue();
            }
            double maxDiff = 0;
            for (int i = 0; i < in.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(java[i] - cl[i]));
            }
            assertThat(maxDiff).as("max |OpenCL − Java| for %d × %d", rows, cols).isLessThan(1e-5);
        }
    }

    @Test
    void pairsOfProjectionsInOneFftGiveWhatEachAloneGives() {
        PaganinParameters p = new PaganinParameters(25, 300, 0.65, 800, true);
        int rows = 21;
        int cols = 34;
        Random rnd = new Random(5);
        float[] in = new float[3 * rows * cols];
        for (int i = 0; i < in.length; i++) {
            in[i] = 0.6f + 0.4f * rnd.nextFloat();
        }
        float[] all = new float[in.length];
        JavaPaganinFilter f = new JavaPaganinFilter(p);
        f.apply(in, 3, rows, cols, all);
        for (int k = 0; k < 3; k++) {
            float[] one = java.util.Arrays.copyOfRange(in, k * rows * cols, (k + 1) * rows * cols);
            float[] res = new float[one.length];
            f.apply(one, 1, rows, cols, res);
            for (int i = 0; i < one.length; i++) {
                assertThat(all[k * rows * cols + i]).isCloseTo(res[i], within(2e-6f));
            }
        }
        // In place too.
        float[] copy = in.clone();
        f.apply(copy, 3, rows, cols, copy);
        assertThat(copy).containsExactly(all);
    }

    @Test
    void openClEqualsJava() {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        PaganinParameters p = new PaganinParameters(25, 300, 0.65, 800, true);
        int count = 3;
        int rows = 37;
        int cols = 53;
        Random rnd = new Random(7);
        float[] in = new float[count * rows * cols];
        for (int i = 0; i < in.length; i++) {
            in[i] = 0.6f + 0.4f * rnd.nextFloat();
        }
        float[] java = new float[in.length];
        float[] cl = new float[in.length];
        new JavaPaganinFilter(p).apply(in, count, rows, cols, java);
        try (OpenClPaganinFilter f = new OpenClPaganinFilter(device.id(), p)) {
            f.apply(in, count, rows, cols, cl);
            assertThat(f.deviceId()).isEqualTo(device.id());
            assertThat(f.lastRunOnDevice()).as("padded 74 × 106 → 75 × 108: host FFTs").isFalse();
        }
        double maxDiff = 0;
        for (int i = 0; i < in.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(java[i] - cl[i]));
        }
        assertThat(maxDiff).as("max |OpenCL − Java|").isLessThan(1e-5);
        // …and the spectra multiplications alone, value by value.
        float[] a = new float[2 * 40 * 30];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
        }
        float[] b = a.clone();
        JavaPaganinFilter.multiplyJava(a, 40, 30, 123.4f);
        try (OpenClPaganinFilter f = new OpenClPaganinFilter(device.id(), p)) {
            f.multiply(b, 40, 30, 123.4f);
        }
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).isCloseTo(a[i], within(2e-7f + 4 * Math.ulp(Math.abs(a[i]))));
        }
        // The factory picks the device for "auto" here.
        try (PaganinFilter auto = PaganinFilter.forDevice(device.id(), p)) {
            assertThat(auto.deviceId()).isEqualTo(device.id());
        }
    }
}
