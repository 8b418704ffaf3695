package org.beamlinestudio.tomography.recon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClDevice;
import org.beamlinestudio.tomography.phantom.ModifiedSheppLogan;
import org.junit.jupiter.api.Test;
import org.beamlinestudio.opencl.OpenClTestSupport;

/**
 * Joseph's projector: its back-projection is the exact adjoint ({@code <Ax, y> = <x, Aᵀy>}), its
 * forward projection of the phantom matches the analytic line integrals, and the OpenCL kernels
 * equal the Java twin.
 */
class JosephProjectorTest {

    static ReconstructionGeometry[] geometries() {
        double[] uneven = new double[37];
        Random r = new Random(11);
        for (int k = 0; k < uneven.length; k++) {
            uneven[k] = r.nextDouble() * 2 * Math.PI;
        }
        uneven[0] = Math.PI / 4; // the diagonal, where the dominant axis switches
        uneven[1] = Math.PI / 2;
        return new ReconstructionGeometry[] {
            ReconstructionGeometry.halfTurn(60, 64),
            new ReconstructionGeometry(uneven, 70, 33.75, 57),   // odd size, fractional centre, cols ≠ size
            new ReconstructionGeometry(uneven, 40, 21.5, 48),    // detector narrower than the image
        };
    }

    static float[] random(int len, long seed) {
        Random r = new Random(seed);
        float[] v = new float[len];
        for (int i = 0; i < len; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    static void assertAdjoint(Projector p, int slices, double tolerance) {
        ReconstructionGeometry g = p.geometry();
        float[] x = random(slices * g.size() * g.size(), 1);
        float[] y = random(slices * g.nAngles() * g.columns(), 2);
        float[] ax = new float[y.length];
        float[] aty = new float[x.length];
        p.forward(x, ax, slices);
        p.back(y, aty, slices);
        double lhs = dot(ax, y);
        double rhs = dot(x, aty);
        double scale = Math.sqrt(dot(ax, ax) * dot(y, y));
        System.out.printf("%s adjoint: <Ax,y> = %.8g, <x,Aty> = %.8g, relative %.2e%n", p.deviceId(), lhs, rhs,
                Math.abs(lhs - rhs) / scale);
        assertThat(Math.abs(lhs - rhs) / scale).isLessThan(tolerance);
        assertThat(Math.abs(lhs - rhs) / Math.abs(lhs)).isLessThan(tolerance * 100);
    }

    @Test
    void backProjectionIsTheExactAdjoint() {
        for (ReconstructionGeometry g : geometries()) {
            assertAdjoint(new JosephProjector(g), 2, 1e-5);
        }
    }

    @Test
    void forwardProjectionOfThePhantomIsItsLineIntegrals() {
        int n = 256;
        ReconstructionGeometry g = ReconstructionGeometry.halfTurn(90, n);
        double[] img = ModifiedSheppLogan.image(n, 4);
        float[] f = new float[img.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) img[i];
        }
        float[] sino = new float[90 * n];
        new JosephProjector(g).forward(f, sino, 1);
        float[] exact = ModifiedSheppLogan.sinogram(n, 90);
        double err = 0;
        double ref = 0;
        for (int i = 0; i < sino.length; i++) {
            err += Math.pow(sino[i] - exact[i], 2);
            ref += Math.pow(exact[i], 2);
        }
        // Pixelisation of the ellipses' edges is the only difference: ~1 %.
        assertThat(Math.sqrt(err / ref)).isLessThan(0.02);
        // Mass is conserved at every angle: the sum over a projection is the image's sum.
        double mass = 0;
        for (float v : f) {
            mass += v;
        }
        for (int a = 0; a < 90; a++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += sino[a * n + j];
            }
            assertThat(s).isCloseTo(mass, within(1e-3 * mass)); // Joseph: exact on average, not per pixel
        }
    }

    @Test
    void openClEqualsJavaAndIsAdjointToo() {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        try (OpenClContext context = OpenClContext.open(device)) {
            for (ReconstructionGeometry g : geometries()) {
                int slices = 3;
                try (OpenClJosephProjector cl = new OpenClJosephProjector(context, g)) {
                    JosephProjector java = new JosephProjector(g);
                    float[] x = random(slices * g.size() * g.size(), 5);
                    float[] y = random(slices * g.nAngles() * g.columns(), 6);
                    float[] fj = new float[y.length];
                    float[] fc = new float[y.length];
                    java.forward(x, fj, slices);
                    cl.forward(x, fc, slices);
                    assertClose(fc, fj, "forward");
                    float[] bj = new float[x.length];
                    float[] bc = new float[x.length];
                    java.back(y, bj, slices);
                    cl.back(y, bc, slices);
                    assertClose(bc, bj, "back");
                    assertAdjoint(cl, slices, 1e-5);
                }
            }
        }
    }

    /** Float positions on the device vs double in Java: a few 1e-5 of the largest value. */
    static void assertClose(float[] actual, float[] expected, String what) {
        double max = 0;
        for (float v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        System.out.printf("OpenCL vs Java %s: worst difference %.2e of max %.3g%n", what, worst, max);
        assertThat(worst).as(what).isLessThan(1e-4 * max);
    }
}
