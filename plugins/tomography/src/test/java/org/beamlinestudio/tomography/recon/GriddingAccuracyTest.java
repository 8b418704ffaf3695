package org.beamlinestudio.tomography.recon;

import static org.assertj.core.api.Assertions.assertThat;

import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;

/**
 * The non-uniform FFT inside {@link FourierReconstructor}: its result against the exact sum it
 * approximates, Σ over angles and radial samples of c·e^{2πi ω·(x, y)}, evaluated directly in double
 * on a small odd-sized problem with a fractional centre and random data. This isolates the
 * gridding error (kernel width 6, ×2 oversampling, table lookup) from everything else.
 */
class GriddingAccuracyTest {

    @Test
    void gridAndFftMatchTheDirectSum() {
        int n = 33;
        int cols = 40;
        double[] angles = new double[29];
        java.util.Random r = new java.util.Random(17);
        for (int k = 0; k < angles.length; k++) {
            angles[k] = r.nextDouble() * Math.PI * 2;
        }
        ReconstructionGeometry g = new ReconstructionGeometry(angles, cols, 19.7, n);
        float[] sino = new float[angles.length * cols];
        for (int i = 0; i < sino.length; i++) {
            sino[i] = r.nextFloat();
        }
        FourierReconstructor.Plan plan = new FourierReconstructor.Plan(g, "ram-lak");
        float[] out = new float[n * n];
        plan.reconstructPair(sino, 0, -1, out, new FourierReconstructor.Workspace(plan));

        int m = plan.m;
        int h = n / 2;
        double[] direct = new double[n * n];
        for (int a = 0; a < angles.length; a++) {
            double[] z = new double[2 * m];
            for (int j = 0; j < cols; j++) {
                z[2 * j] = sino[a * cols + j];
            }
            new DoubleFFT_1D(m).complexForward(z);
            double c = Math.cos(angles[a]);
            double s = Math.sin(angles[a]);
            for (int k = -plan.kmax + 1; k < plan.kmax; k++) {
                int idx = Math.floorMod(k, m);
                double amp = plan.weight[a] * plan.ramp[idx] * plan.interp[Math.abs(k)];
                double ph = 2 * Math.PI * k * plan.shift[a] / m;
                double cr = amp * (z[2 * idx] * Math.cos(ph) - z[2 * idx + 1] * Math.sin(ph));
                double ci = amp * (z[2 * idx] * Math.sin(ph) + z[2 * idx + 1] * Math.cos(ph));
                double wx = (double) k / m * c;
                double wy = (double) k / m * s;
                for (int row = 0; row < n; row++) {
                    int yi = h - row;
                    for (int col = 0; col < n; col++) {
                        int xi = col - h;
                        double e = 2 * Math.PI * (wx * xi + wy * yi);
                        direct[row * n + col] += cr * Math.cos(e) - ci * Math.sin(e);
                    }
                }
            }
        }
        double err = 0;
        double norm = 0;
        for (int i = 0; i < out.length; i++) {
            err = Math.max(err, Math.abs(out[i] - direct[i]));
            norm = Math.max(norm, Math.abs(direct[i]));
        }
        System.out.printf("gridding vs direct sum: max error %.2e of max %.3g (relative %.2e)%n", err, norm, err / norm);
        assertThat(err / norm).isLessThan(1e-4);
    }
}
