package org.beamlinestudio.ptychography.recon.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClDevice;
import org.beamlinestudio.opencl.OpenClTestSupport;
import org.beamlinestudio.ptychography.recon.JavaPtychoKernels;
import org.beamlinestudio.ptychography.recon.PtychoKernels;
import org.beamlinestudio.ptychography.recon.PtychoKernels.Buffer;
import org.beamlinestudio.ptychography.recon.PtychoKernels.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenCL kernels against their Java twin on the same random problem: every operation, and whole iterations of
 * the engines' kernel sequences (ePIE, rPIE, DM, ML's gradient and line search) several times over, so that
 * differences which grow from iteration to iteration show.
 *
 * <p>Tolerance: both sides do the same float operations in the same order, except the FFT (different butterfly
 * order and twiddle rounding: ~1e-7 of the data's RMS per transform) and the error/likelihood sums (double, other
 * order). Fields are compared by the RMS of the difference relative to the RMS of the Java values (≤ 2e-5 after a
 * few iterations: many roundings of 6e-8 each), and scalars relatively (1e-5). Bugs (a wrong sign, index, order of
 * updates, missing conjugate, scaling) give differences of order 1.
 */
class OpenClPtychoKernelsTest {

    private static final int N = 9;
    private static final int H = 32;
    private static final int W = 64;
    private static final int K = 2;
    private static final int OH = 70;
    private static final int OW = 110;

    private OpenClContext context;
    private PtychoKernels java;
    private PtychoKernels cl;
    private final Random rnd = new Random(42);
    private Problem problem;
    private int[] py;
    private int[] px;

    @BeforeEach
    void setUp() {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        float[] intensities = new float[N * H * W];
        for (int i = 0; i < intensities.length; i++) {
            // Some zeros and negatives (taken as 0), mostly counts up to ~400.
            intensities[i] = i % 17 == 0 ? -1 : (float) Math.floor(400 * rnd.nextDouble() * rnd.nextDouble());
        }
        boolean[] mask = new boolean[H * W];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = i % 13 != 5;
        }
        problem = new Problem(N, H, W, K, OH, OW, intensities, mask);
        py = new int[N];
        px = new int[N];
        for (int i = 0; i < N; i++) {
            py[i] = rnd.nextInt(OH - H + 1);
            px[i] = rnd.nextInt(OW - W + 1);
        }
        py[0] = 0;
        px[0] = OW - W; // views at the object's edges
        py[1] = OH - H;
        px[1] = 0;
        java = new JavaPtychoKernels(problem, 2);
        context = OpenClContext.open(device);
        // Batch 4: several batches and a partial last one.
        cl = new OpenClPtychoKernels(context, false, problem, 4);
        java.setPositions(py, px);
        cl.setPositions(py, px);
    }

    @AfterEach
    void tearDown() {
        if (cl != null) {
            cl.close();
        }
        if (java != null) {
            java.close();
        }
        if (context != null) {
            context.close();
        }
    }

    /** The same buffer on both sides. */
    private final class Pair {
        final Buffer j;
        final Buffer c;

        Pair(int count, int height, int width, boolean complex, float[] values) {
            j = java.allocate(count, height, width, complex);
            c = cl.allocate(count, height, width, complex);
            if (values != null) {
                java.write(j, values);
                cl.write(c, values);
            }
        }

        float[] javaValues() {
            float[] v = new float[(int) j.floats()];
            java.read(j, v);
            return v;
        }

        float[] clValues() {
            float[] v = new float[(int) c.floats()];
            cl.read(c, v);
            return v;
        }

        void assertSame(String what, double tolerance) {
            assertFieldsClose(what, clValues(), javaValues(), tolerance);
        }
    }

    private float[] randomComplex(int values, double amplitude) {
        float[] v = new float[2 * values];
        for (int i = 0; i < values; i++) {
            double a = amplitude * (0.5 + rnd.nextDouble());
            double p = 2 * Math.PI * rnd.nextDouble();
            v[2 * i] = (float) (a * Math.cos(p));
            v[2 * i + 1] = (float) (a * Math.sin(p));
        }
        return v;
    }

    private Pair object() {
        return new Pair(1, OH, OW, true, randomComplex(OH * OW, 1));
    }

    private Pair probe() {
        return new Pair(K, H, W, true, randomComplex(K * H * W, 3));
    }

    @Test
    void buffersCopyScaleAddAndDot() {
        float[] a = randomComplex(N * K * H * W, 1);
        float[] b = randomComplex(N * K * H * W, 2);
        Pair x = new Pair(N * K, H, W, true, a);
        Pair y = new Pair(N * K, H, W, true, b);
        assertThat(x.clValues()).containsExactly(a);
        java.scaleAdd(y.j, 0.5f, x.j, -2f);
        cl.scaleAdd(y.c, 0.5f, x.c, -2f);
        assertThat(y.clValues()).containsExactly(y.javaValues());
        java.scaleAdd(y.j, 3f, null, 0f);
        cl.scaleAdd(y.c, 3f, null, 0f);
        assertThat(y.clValues()).containsExactly(y.javaValues());
        assertThat(cl.dot(x.c, y.c)).isCloseTo(java.dot(x.j, y.j), within(1e-9 * Math.abs(java.dot(x.j, y.j))));
        Pair z = new Pair(N * K, H, W, true, null);
        assertThat(z.clValues()).containsOnly(0f);
        cl.copy(x.c, z.c);
        assertThat(z.clValues()).containsExactly(a);
    }

    @Test
    void fftBothWays() {
        Pair f = new Pair(N * K, H, W, true, randomComplex(N * K * H * W, 1));
        java.fft(f.j, true);
        cl.fft(f.c, true);
        f.assertSame("forward", 1e-6);
        java.fft(f.j, false);
        cl.fft(f.c, false);
        f.assertSame("inverse", 1e-6);
    }

    @Test
    void exitWavesOverlapSumsAndDivision() {
        Pair o = object();
        Pair p = probe();
        Pair waves = new Pair(N * K, H, W, true, null);
        java.exitWaves(o.j, p.j, waves.j);
        cl.exitWaves(o.c, p.c, waves.c);
        assertThat(waves.clValues()).containsExactly(waves.javaValues());
        // Perturb the waves so the sums are not trivially P·O·conj(P).
        Pair noise = new Pair(N * K, H, W, true, randomComplex(N * K * H * W, 0.5));
        java.scaleAdd(waves.j, 1f, noise.j, 1f);
        cl.scaleAdd(waves.c, 1f, noise.c, 1f);

        Pair on = new Pair(1, OH, OW, true, null);
        Pair od = new Pair(1, OH, OW, false, null);
        java.accumulateObject(waves.j, p.j, on.j, od.j);
        cl.accumulateObject(waves.c, p.c, on.c, od.c);
        on.assertSame("object numerator", 1e-7);
        od.assertSame("object denominator", 1e-7);
        float[] den = od.javaValues();
        assertThat(den[0]).as("a corner no view covers").isZero();

        Pair pn = new Pair(K, H, W, true, null);
        Pair pd = new Pair(1, H, W, false, null);
        java.accumulateProbe(waves.j, o.j, pn.j, pd.j);
        cl.accumulateProbe(waves.c, o.c, pn.c, pd.c);
        pn.assertSame("probe numerator", 1e-7);
        pd.assertSame("probe denominator", 1e-7);

        java.divide(on.j, od.j, 0.1f, o.j, 1.2f);
        cl.divide(on.c, od.c, 0.1f, o.c, 1.2f);
        o.assertSame("object after division and clipping", 1e-6);
        java.divide(pn.j, pd.j, 0f, p.j, 0f);
        cl.divide(pn.c, pd.c, 0f, p.c, 0f);
        p.assertSame("probe after division", 1e-6);
    }

    @Test
    void ePieAndRPieIterationsMatch() {
        for (float[] params : new float[][] {{1f, 1f, 1f, 1f}, {1f, 0.15f, 1f, 0.5f}}) {
            Pair o = object();
            Pair p = probe();
            for (int it = 0; it < 3; it++) {
                for (int pos = 0; pos < N; pos++) {
                    int visit = (pos * 4 + it) % N;
                    double ej = java.pieUpdate(visit, o.j, p.j, params[0], params[1], params[2], params[3], 0f);
                    double ec = cl.pieUpdate(visit, o.c, p.c, params[0], params[1], params[2], params[3], 0f);
                    assertThat(ec).as("error at position %d, iteration %d", visit, it)
                            .isCloseTo(ej, within(1e-5 * ej));
                }
                o.assertSame("object after PIE iteration " + it, 2e-5);
                p.assertSame("probe after PIE iteration " + it, 2e-5);
            }
        }
    }

    @Test
    void differenceMapIterationsMatch() {
        differenceMap(0f);
    }

    @Test
    void powerBoundedDifferenceMapIterationsMatch() {
        // Every position's mean error (~1e4 counts per pixel here) is above 40: all are projected part of the way.
        differenceMap(40f);
        // And below 1e9: no position is projected, the exit waves move by β (2φ − ψ − φ) only.
        differenceMap(1e9f);
    }

    private void differenceMap(float powerBound) {
        Pair o = object();
        Pair p = probe();
        Pair waves = new Pair(N * K, H, W, true, null);
        java.exitWaves(o.j, p.j, waves.j);
        cl.exitWaves(o.c, p.c, waves.c);
        Pair on = new Pair(1, OH, OW, true, null);
        Pair od = new Pair(1, OH, OW, false, null);
        Pair pn = new Pair(K, H, W, true, null);
        Pair pd = new Pair(1, H, W, false, null);
        double[] ej = new double[N];
        double[] ec = new double[N];
        for (int it = 0; it < 4; it++) {
            java.dmExitUpdate(o.j, p.j, waves.j, 0.9f, powerBound, ej);
            cl.dmExitUpdate(o.c, p.c, waves.c, 0.9f, powerBound, ec);
            for (int i = 0; i < N; i++) {
                assertThat(ec[i]).as("DM error of position %d, iteration %d", i, it).isCloseTo(ej[i],
                        within(1e-5 * ej[i]));
            }
            waves.assertSame("exit waves after DM iteration " + it, 2e-5);
            for (int sub = 0; sub < 2; sub++) {
                java.accumulateObject(waves.j, p.j, on.j, od.j);
                cl.accumulateObject(waves.c, p.c, on.c, od.c);
                java.divide(on.j, od.j, 1e-3f, o.j, 0f);
                cl.divide(on.c, od.c, 1e-3f, o.c, 0f);
                java.accumulateProbe(waves.j, o.j, pn.j, pd.j);
                cl.accumulateProbe(waves.c, o.c, pn.c, pd.c);
                java.divide(pn.j, pd.j, 1e-3f, p.j, 0f);
                cl.divide(pn.c, pd.c, 1e-3f, p.c, 0f);
            }
            o.assertSame("object after DM iteration " + it, 2e-5);
            p.assertSame("probe after DM iteration " + it, 2e-5);
        }
    }

    @Test
    void maximumLikelihoodGradientAndLineSearchMatch() {
        Pair o = object();
        Pair p = probe();
        Pair chi = new Pair(N * K, H, W, true, null);
        Pair go = new Pair(1, OH, OW, true, null);
        Pair gp = new Pair(K, H, W, true, null);
        for (int it = 0; it < 3; it++) {
            double[] lj = java.mlGradientWaves(o.j, p.j, chi.j);
            double[] lc = cl.mlGradientWaves(o.c, p.c, chi.c);
            assertThat(lc[0]).as("likelihood, iteration %d", it).isCloseTo(lj[0], within(1e-6 * Math.abs(lj[0])));
            assertThat(lc[1]).as("Fourier error, iteration %d", it).isCloseTo(lj[1], within(1e-5 * lj[1]));
            chi.assertSame("gradient waves, iteration " + it, 2e-5);
            java.accumulateObject(chi.j, p.j, go.j, null);
            cl.accumulateObject(chi.c, p.c, go.c, null);
            java.accumulateProbe(chi.j, o.j, gp.j, null);
            cl.accumulateProbe(chi.c, o.c, gp.c, null);
            go.assertSame("object gradient, iteration " + it, 2e-5);
            gp.assertSame("probe gradient, iteration " + it, 2e-5);
            double[] dj = java.mlLineDerivatives(o.j, p.j, go.j, gp.j);
            double[] dc = cl.mlLineDerivatives(o.c, p.c, go.c, gp.c);
            assertThat(dc[0]).as("L'(0)").isCloseTo(dj[0], within(1e-5 * Math.abs(dj[0])));
            assertThat(dc[1]).as("L''(0)").isCloseTo(dj[1], within(1e-5 * Math.abs(dj[1])));
            assertThat(dc[2]).as("Fisher curvature").isCloseTo(dj[2], within(1e-5 * Math.abs(dj[2])));
            // A steepest-descent step with the Newton step length, identical on both sides.
            float step = (float) (-dj[0] / dj[1]);
            java.scaleAdd(o.j, 1f, go.j, step);
            cl.scaleAdd(o.c, 1f, go.c, step);
            java.scaleAdd(p.j, 1f, gp.j, step);
            cl.scaleAdd(p.c, 1f, gp.c, step);
        }
    }

    @Test
    void modeMixingAndFreeing() {
        float[] u = {0.6f, 0.1f, -0.2f, 0.7f, 0.3f, -0.5f, 0.8f, 0.05f};
        Pair p = probe();
        java.mixModes(p.j, u);
        cl.mixModes(p.c, u);
        p.assertSame("mixed probe", 1e-7);
        Pair waves = new Pair(N * K, H, W, true, randomComplex(N * K * H * W, 1));
        java.mixModes(waves.j, u);
        cl.mixModes(waves.c, u);
        waves.assertSame("mixed waves", 1e-7);
        int open = context.openBuffers();
        cl.free(waves.c);
        assertThat(context.openBuffers()).isEqualTo(open - 1);
    }

    @Test
    void trialShiftErrorsMatchAndLeavingTheObjectIsInfinite() {
        Pair o = object();
        Pair p = probe();
        int[] dy = {0, -1, 1, 0, 0, -2};
        int[] dx = {0, 0, 0, -1, 1, 2};
        double[] ej = new double[N * dy.length];
        double[] ec = new double[N * dy.length];
        java.trialErrors(o.j, p.j, dy, dx, ej);
        cl.trialErrors(o.c, p.c, dy, dx, ec);
        for (int i = 0; i < ej.length; i++) {
            if (Double.isInfinite(ej[i])) {
                assertThat(ec[i]).as("trial %d", i).isEqualTo(Double.POSITIVE_INFINITY);
            } else {
                assertThat(ec[i]).as("trial %d", i).isCloseTo(ej[i], within(1e-5 * ej[i]));
            }
        }
        // Position 1 sits at the bottom edge: shifting it down leaves the object.
        assertThat(ec[1 * dy.length + 2]).isInfinite();
        assertThat(ec[1 * dy.length + 0]).isFinite();
    }

    private static void assertFieldsClose(String what, float[] actual, float[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        double sumSq = 0;
        double diffSq = 0;
        for (int i = 0; i < expected.length; i++) {
            sumSq += (double) expected[i] * expected[i];
            double d = actual[i] - expected[i];
            diffSq += d * d;
        }
        assertThat(sumSq).as(what + ": the Java values are not all zero").isPositive();
        double rel = Math.sqrt(diffSq / sumSq);
        assertThat(rel).as(what + ": RMS difference relative to the RMS").isLessThanOrEqualTo(tolerance);
    }
}
