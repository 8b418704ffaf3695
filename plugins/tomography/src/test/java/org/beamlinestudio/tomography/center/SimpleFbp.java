package org.beamlinestudio.tomography.center;

import java.util.stream.IntStream;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.tomography.recon.ReconstructionGeometry;
import org.beamlinestudio.tomography.recon.Reconstructor;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * A plain, correct filtered back-projection for TESTS only (the product's is recon.FbpReconstructor): the
 * discrete ramp of Kak &amp; Slaney (h(0) = 1/4, h(odd n) = −1/(π n)²) applied by zero-padded FFT, linear
 * interpolation, π/angles weighting. Optionally a {@link MultiCenterReconstructor} that filters once.
 */
class SimpleFbp implements Reconstructor {

    int filterCalls;

    /** A test FBP, filtering once per sweep when {@code multi}. */
    static SimpleFbp create(boolean multi) {
        return multi ? new Multi() : new SimpleFbp();
    }

    /** The variant with the filter-once capability. */
    static final class Multi extends SimpleFbp implements MultiCenterReconstructor {
        @Override
        public float[] reconstructCenters(float[] sinogram, ReconstructionGeometry g, double[] centers,
                                          Progress progress, Cancellation cancel) throws Cancellation.CancelledException {
            return centers(sinogram, g, centers, cancel);
        }
    }

    @Override
    public float[] reconstruct(float[] sinograms, int slices, ReconstructionGeometry g, Progress progress,
                               Cancellation cancel) throws Cancellation.CancelledException {
        int n = g.size();
        float[] out = new float[slices * n * n];
        for (int s = 0; s < slices; s++) {
            cancel.check();
            float[] one = java.util.Arrays.copyOfRange(sinograms, s * g.nAngles() * g.columns(),
                    (s + 1) * g.nAngles() * g.columns());
            float[] f = filter(one, g.nAngles(), g.columns());
            backProject(f, g, g.center(), out, s * n * n);
        }
        return out;
    }

    float[] centers(float[] sinogram, ReconstructionGeometry g, double[] centers, Cancellation cancel)
            throws Cancellation.CancelledException {
        int n = g.size();
        float[] f = filter(sinogram, g.nAngles(), g.columns());
        float[] out = new float[centers.length * n * n];
        for (int i = 0; i < centers.length; i++) {
            cancel.check();
            backProject(f, g, centers[i], out, i * n * n);
        }
        return out;
    }

    float[] filter(float[] sino, int na, int nc) {
        filterCalls++;
        int w = Integer.highestOneBit(Math.max(64, 2 * nc - 1)) * 2;
        float[] h = new float[w];
        for (int k = 0; k < w; k++) {
            int d = k <= w / 2 ? k : k - w;
            h[k] = d == 0 ? 0.25f : (d % 2 == 0 ? 0f : (float) (-1.0 / (Math.PI * Math.PI * d * d)));
        }
        FloatFFT_1D fft = new FloatFFT_1D(w);
        fft.realForward(h);
        float[] out = new float[na * nc];
        IntStream.range(0, na).parallel().forEach(r -> {
            float[] row = new float[w];
            System.arraycopy(sino, r * nc, row, 0, nc);
            fft.realForward(row);
            row[0] *= h[0];
            row[1] *= h[1];
            for (int k = 1; k < w / 2; k++) {
                float re = row[2 * k] * h[2 * k] - row[2 * k + 1] * h[2 * k + 1];
                float im = row[2 * k] * h[2 * k + 1] + row[2 * k + 1] * h[2 * k];
                row[2 * k] = re;
                row[2 * k + 1] = im;
            }
            fft.realInverse(row, true);
            System.arraycopy(row, 0, out, r * nc, nc);
        });
        return out;
    }

    static void backProject(float[] f, ReconstructionGeometry g, double center, float[] out, int offset) {
        int n = g.size();
        int na = g.nAngles();
        int nc = g.columns();
        float[] cos = new float[na];
        float[] sin = new float[na];
        for (int a = 0; a < na; a++) {
            cos[a] = (float) Math.cos(g.angles()[a]);
            sin[a] = (float) Math.sin(g.angles()[a]);
        }
        float scale = (float) (Math.PI / na);
        IntStream.range(0, n).parallel().forEach(i -> {
            float y = n / 2f - i;
            float[] acc = new float[n];
            for (int a = 0; a < na; a++) {
                float c = cos[a];
                float s0 = (float) (center + (0 - n / 2f) * c + y * sin[a]);
                int base = a * nc;
                for (int k = 0; k < n; k++) {
                    float t = s0 + k * c;
                    int j = (int) Math.floor(t);
                    if (j >= 0 && j + 1 < nc) {
                        float fr = t - j;
                        acc[k] += f[base + j] + fr * (f[base + j + 1] - f[base + j]);
                    }
                }
            }
            for (int k = 0; k < n; k++) {
                out[offset + i * n + k] = acc[k] * scale;
            }
        });
    }

    @Override
    public String deviceId() {
        return "java";
    }
}
