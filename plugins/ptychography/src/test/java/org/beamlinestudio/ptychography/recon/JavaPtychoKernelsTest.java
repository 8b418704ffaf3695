package org.beamlinestudio.ptychography.recon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.beamlinestudio.ptychography.recon.PtychoKernels.Buffer;
import org.beamlinestudio.ptychography.sim.PtychoSimulator;
import org.beamlinestudio.ptychography.sim.Simulation;
import org.jtransforms.fft.FloatFFT_2D;
import org.junit.jupiter.api.Test;

/** The Java kernels' maths: the oracle the OpenCL twin is compared with, so it must be right itself. */
class JavaPtychoKernelsTest {

    @Test
    void fftMatchesJTransformsAndInverts() {
        Random r = new Random(3);
        float[] a = new float[2 * 32 * 64];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        float[] b = a.clone();
        Fft2 f = new Fft2(32, 64);
        float[] col = new float[f.scratchLength()];
        f.forward(a, 0, col);
        new FloatFFT_2D(32, 64).complexForward(b);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-3f));
        }
        f.inverse(a, 0, col, true);
        new FloatFFT_2D(32, 64).complexInverse(b, true);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-4f));
        }
    }

    @Test
    void splitFftMatchesJTransformsInTheTransposedLayout() {
        int h = 32;
        int w = 64;
        Random r = new Random(4);
        float[][] re = new float[h][w];
        float[][] im = new float[h][w];
        float[] b = new float[2 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                re[y][x] = (float) r.nextGaussian();
                im[y][x] = (float) r.nextGaussian();
                b[2 * (y * w + x)] = re[y][x];
                b[2 * (y * w + x) + 1] = im[y][x];
            }
        }
        new FloatFFT_2D(h, w).complexForward(b);
        new SplitFft(h).transform(re, im, w, false);
        float[][] tr = new float[w][h];
        float[][] ti = new float[w][h];
        SplitFft.transpose(re, im, tr, ti, h, w);
        new SplitFft(w).transform(tr, ti, h, false);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertThat(tr[x][y]).isCloseTo(b[2 * (y * w + x)], org.assertj.core.data.Offset.offset(1e-3f));
                assertThat(ti[x][y]).isCloseTo(b[2 * (y * w + x) + 1], org.assertj.core.data.Offset.offset(1e-3f));
            }
        }
    }

    @Test
    void fusedStagesGiveTheRadix2TransformBitForBitAndTheDft() {
        Random r = new Random(11);
        // 1, 2: no stage pair; 8, 32, 128: an odd number of stages (one radix-2 stage after the pairs); 4, 16, 64: even
        for (int n : new int[] {1, 2, 4, 8, 16, 32, 64, 128}) {
            int len = 5;
            float[][] re = new float[n][len];
            float[][] im = new float[n][len];
            for (int i = 0; i < n; i++) {
                for (int x = 0; x < len; x++) {
                    re[i][x] = (float) r.nextGaussian();
                    im[i][x] = (float) r.nextGaussian();
                }
            }
            for (boolean inverse : new boolean[] {false, true}) {
                float[][] fr = copy(re);
                float[][] fi = copy(im);
                float[][] pr = copy(re);
                float[][] pi = copy(im);
                new SplitFft(n, true).transform(fr, fi, len, inverse);
                new SplitFft(n, false).transform(pr, pi, len, inverse);
                double sign = inverse ? 1 : -1;
                for (int q = 0; q < n; q++) {
                    for (int x = 0; x < len; x++) {
                        assertThat(Float.floatToRawIntBits(fr[q][x])).as("n %d row %d re", n, q)
                                .isEqualTo(Float.floatToRawIntBits(pr[q][x]));
                        assertThat(Float.floatToRawIntBits(fi[q][x])).as("n %d row %d im", n, q)
                                .isEqualTo(Float.floatToRawIntBits(pi[q][x]));
                        double sr = 0;
                        double si = 0;
                        for (int i = 0; i < n; i++) {
                            double a = sign * 2 * Math.PI * ((long) q * i % n) / n;
                            sr += re[i][x] * Math.cos(a) - im[i][x] * Math.sin(a);
                            si += re[i][x] * Math.sin(a) + im[i][x] * Math.cos(a);
                        }
                        double tol = 1e-5 * n + 1e-5;
                        assertThat((double) fr[q][x]).as("n %d inverse %s bin %d", n, inverse, q).isCloseTo(sr,
                                org.assertj.core.data.Offset.offset(tol));
                        assertThat((double) fi[q][x]).isCloseTo(si, org.assertj.core.data.Offset.offset(tol));
                    }
                }
            }
        }
    }

    private static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    @Test
    void pairedTransposeEqualsTheSingleOneForEightRowBlocksAndOthers() {
        Random r = new Random(5);
        for (int[] shape : new int[][] {{8, 3}, {16, 64}, {4, 8}, {2, 2}, {1, 4}}) {
            int rows = shape[0];
            int cols = shape[1];
            float[][] re = new float[rows][cols];
            float[][] im = new float[rows][cols];
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    re[y][x] = (float) r.nextGaussian();
                    im[y][x] = (float) r.nextGaussian();
                }
            }
            float[][] pr = new float[cols][rows];
            float[][] pi = new float[cols][rows];
            SplitFft.transpose(re, im, pr, pi, rows, cols);
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    assertThat(pr[x][y]).as("re %d x %d at (%d, %d)", rows, cols, y, x).isEqualTo(re[y][x]);
                    assertThat(pi[x][y]).as("im %d x %d at (%d, %d)", rows, cols, y, x).isEqualTo(im[y][x]);
                }
            }
        }
    }

    static Simulation sim = PtychoSimulator.simulate(PtychoSimulator.Spec.of(30, 32));

    static PtychoKernels kernels(int threads, int modes, ObjectFrame f) {
        PtychoKernels k = new JavaPtychoKernels(new PtychoKernels.Problem(30, 32, 32, modes, f.height(), f.width(),
                sim.scan().intensities(), sim.scan().mask()), threads);
        int[] y = new int[30];
        int[] x = new int[30];
        for (int i = 0; i < 30; i++) {
            y[i] = (int) Math.round(f.row(sim.scan().positionY()[i]));
            x[i] = (int) Math.round(f.column(sim.scan().positionX()[i]));
        }
        k.setPositions(y, x);
        return k;
    }

    static float[] random(int n, long seed, float scale) {
        Random r = new Random(seed);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = scale * (float) r.nextGaussian();
        }
        return d;
    }

    @Test
    void mlDerivativesMatchFiniteDifferencesOfTheLikelihood() {
        ObjectFrame f = ObjectFrame.of(sim.scan(), 8);
        PtychoKernels k = kernels(2, 2, f);
        Buffer o = k.allocate(1, f.height(), f.width(), true);
        Buffer p = k.allocate(2, 32, 32, true);
        Buffer ho = k.allocate(1, f.height(), f.width(), true);
        Buffer hp = k.allocate(2, 32, 32, true);
        Buffer chi = k.allocate(60, 32, 32, true);
        float[] od = random((int) o.floats(), 1, 0.1f);
        for (int i = 0; i < od.length; i += 2) {
            od[i] += 1;
        }
        k.write(o, od);
        float[] truthProbe = sim.probe().data();
        float[] pd = random((int) p.floats(), 2, 1f);
        System.arraycopy(truthProbe, 0, pd, 0, truthProbe.length);
        k.write(p, pd);
        k.write(ho, random((int) ho.floats(), 3, 0.01f));
        k.write(hp, random((int) hp.floats(), 4, 0.1f));
        double l0 = k.mlGradientWaves(o, p, chi)[0];
        double[] d = k.mlLineDerivatives(o, p, ho, hp);
        double t = 1e-2;
        double[] lt = new double[2];
        for (int s = 0; s < 2; s++) {
            Buffer o2 = k.allocate(1, f.height(), f.width(), true);
            Buffer p2 = k.allocate(2, 32, 32, true);
            k.copy(o, o2);
            k.copy(p, p2);
            k.scaleAdd(o2, 1f, ho, (float) (s == 0 ? t : -t));
            k.scaleAdd(p2, 1f, hp, (float) (s == 0 ? t : -t));
            lt[s] = k.mlGradientWaves(o2, p2, chi)[0];
        }
        double first = (lt[0] - lt[1]) / (2 * t);
        double second = (lt[0] - 2 * l0 + lt[1]) / (t * t);
        assertThat(d[0]).isCloseTo(first, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(d[1]).isCloseTo(second, org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(d[2]).isPositive();
        // and the gradient waves give the same first derivative: L'(0) = 2 Re <g, h>
        Buffer go = k.allocate(1, f.height(), f.width(), true);
        Buffer gp = k.allocate(2, 32, 32, true);
        k.mlGradientWaves(o, p, chi);
        k.accumulateObject(chi, p, go, null);
        k.accumulateProbe(chi, o, gp, null);
        assertThat(2 * (k.dot(go, ho) + k.dot(gp, hp))).isCloseTo(d[0],
                org.assertj.core.data.Percentage.withPercentage(0.5));
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        ObjectFrame f = ObjectFrame.of(sim.scan(), 8);
        float[][] out = new float[2][];
        double[][] err = new double[2][30];
        for (int t = 0; t < 2; t++) {
            PtychoKernels k = kernels(t == 0 ? 1 : 3, 2, f);
            Buffer o = k.allocate(1, f.height(), f.width(), true);
            Buffer p = k.allocate(2, 32, 32, true);
            Buffer ex = k.allocate(60, 32, 32, true);
            Buffer num = k.allocate(1, f.height(), f.width(), true);
            Buffer den = k.allocate(1, f.height(), f.width(), false);
            float[] od = random((int) o.floats(), 1, 0.1f);
            k.write(o, od);
            k.write(p, random((int) p.floats(), 2, 1f));
            k.exitWaves(o, p, ex);
            k.dmExitUpdate(o, p, ex, 1f, 0.01f, err[t]);
            k.accumulateObject(ex, p, num, den);
            k.divide(num, den, 0.1f, o, 1.2f);
            out[t] = new float[(int) o.floats()];
            k.read(o, out[t]);
            k.close();
        }
        assertThat(out[1]).isEqualTo(out[0]);
        assertThat(err[1]).isEqualTo(err[0]);
    }

    @Test
    void mixModesWithTheOrthogonalisingMatrixMakesOrthogonalModes() {
        float[] probe = random(2 * 3 * 16 * 16, 5, 1f);
        float[] u = ProbeModes.orthogonalisingMix(probe, 3, 256);
        ObjectFrame f = ObjectFrame.of(sim.scan(), 8);
        PtychoKernels k = new JavaPtychoKernels(new PtychoKernels.Problem(1, 16, 16, 3, 16, 16, new float[256],
                new boolean[256]), 1);
        Buffer p = k.allocate(3, 16, 16, true);
        k.write(p, probe);
        k.mixModes(p, u);
        float[] out = new float[probe.length];
        k.read(p, out);
        double total0 = 0;
        double total1 = 0;
        for (int i = 0; i < probe.length; i++) {
            total0 += probe[i] * probe[i];
            total1 += out[i] * out[i];
        }
        assertThat(total1).isCloseTo(total0, org.assertj.core.data.Percentage.withPercentage(0.01));
        double[] pw = new double[3];
        for (int a = 0; a < 3; a++) {
            for (int b = a; b < 3; b++) {
                double re = 0;
                double im = 0;
                for (int q = 0; q < 256; q++) {
                    int i = 2 * (a * 256 + q);
                    int j = 2 * (b * 256 + q);
                    re += out[i] * out[j] + out[i + 1] * out[j + 1];
                    im += out[i] * out[j + 1] - out[i + 1] * out[j];
                }
                if (a == b) {
                    pw[a] = re;
                } else {
                    assertThat(Math.hypot(re, im)).isLessThan(1e-3 * total0);
                }
            }
        }
        assertThat(pw[0]).isGreaterThan(pw[1]);
        assertThat(pw[1]).isGreaterThan(pw[2]);
    }
}
