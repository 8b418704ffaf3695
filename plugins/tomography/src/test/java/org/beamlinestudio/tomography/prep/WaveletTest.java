package org.beamlinestudio.tomography.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Daubechies filters designed here and the periodic 2-D DWT: orthonormality and perfect reconstruction. */
class WaveletTest {

    @Test
    void db2IsTheClassicalFourTapFilter() {
        double s3 = Math.sqrt(3);
        double norm = 4 * Math.sqrt(2);
        double[] expected = {(1 + s3) / norm, (3 + s3) / norm, (3 - s3) / norm, (1 - s3) / norm};
        double[] h = Daubechies.scalingFilter(2);
        for (int k = 0; k < 4; k++) {
            assertThat(h[k]).isCloseTo(expected[k], within(1e-14));
        }
        assertThat(Daubechies.scalingFilter(1)).containsExactly(new double[] {1 / Math.sqrt(2), 1 / Math.sqrt(2)},
                within(1e-15));
    }

    @Test
    void everyDbNIsOrthonormalWithNVanishingMoments() {
        for (int n = 1; n <= 12; n++) {
            double[] h = Daubechies.scalingFilter(n);
            assertThat(h).hasSize(2 * n);
            double sum = 0;
            for (double v : h) {
                sum += v;
            }
            assertThat(sum).as("db%d sum", n).isCloseTo(Math.sqrt(2), within(1e-10));
            for (int shift = 0; shift < n; shift++) {
                double dot = 0;
                for (int k = 0; k + 2 * shift < h.length; k++) {
                    dot += h[k] * h[k + 2 * shift];
                }
                assertThat(dot).as("db%d even shift %d", n, shift).isCloseTo(shift == 0 ? 1 : 0, within(1e-9));
            }
            // Vanishing moments of the wavelet: Σ (−1)^k k^m h[k] = 0 for m < N.
            for (int m = 0; m < n; m++) {
                double moment = 0;
                double scale = 0;
                for (int k = 0; k < h.length; k++) {
                    double t = ((k & 1) == 0 ? 1 : -1) * Math.pow(k, m) * h[k];
                    moment += t;
                    scale += Math.abs(t);
                }
                assertThat(moment / scale).as("db%d moment %d", n, m).isCloseTo(0, within(1e-8));
            }
        }
    }

    @Test
    void db5EqualsPyWavelets() throws Exception {
        String out = python("import pywt; print(' '.join(repr(v) for v in pywt.Wavelet('db5').rec_lo))");
        String[] parts = out.trim().split("\\s+");
        double[] h = Daubechies.scalingFilter(5);
        assertThat(parts).hasSize(10);
        for (int k = 0; k < 10; k++) {
            assertThat(h[k]).as("tap %d", k).isCloseTo(Double.parseDouble(parts[k]), within(1e-12));
        }
    }

    @Test
    void periodicDwtReconstructsPerfectlyAndPreservesEnergy() {
        Random rnd = new Random(3);
        for (int order : new int[] {1, 2, 5, 8}) {
            PeriodicDwt2 dwt = new PeriodicDwt2(Daubechies.scalingFilter(order));
            int h = 96;
            int w = 160;
            float[] x = new float[h * w];
            double energy = 0;
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian() + (i % w) * 0.01f;
                energy += x[i] * (double) x[i];
            }
            float[] y = x.clone();
            dwt.forward(y, h, w, 5); // down to 3 × 5: shorter than the filters, still exact
            double coeffEnergy = 0;
            for (float v : y) {
                coeffEnergy += v * (double) v;
            }
            assertThat(coeffEnergy / energy).as("Parseval, db%d", order).isCloseTo(1, within(1e-5));
            dwt.inverse(y, h, w, 5);
            double maxErr = 0;
            for (int i = 0; i < x.length; i++) {
                maxErr = Math.max(maxErr, Math.abs(y[i] - x[i]));
            }
            assertThat(maxErr).as("reconstruction error, db%d", order).isLessThan(2e-5);
        }
    }

    static String python(String code) throws Exception {
        java.nio.file.Path py = java.nio.file.Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(java.nio.file.Files.isExecutable(py), "skipped: no /usr/bin/python3 for the reference");
        Process p = new ProcessBuilder(py.toString(), "-c", code).redirectErrorStream(true).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = r.lines().reduce("", (a, b) -> a + b + "\n");
        }
        p.waitFor(60, TimeUnit.SECONDS);
        Assumptions.assumeTrue(p.exitValue() == 0, "skipped: python3 reference unavailable (" + out.strip() + ")");
        return out;
    }
}
