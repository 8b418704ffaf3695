package org.beamlinestudio.tomography.phantom;

import org.beamlinestudio.tomography.recon.ReconstructionGeometry;

/**
 * The modified Shepp–Logan phantom (Toft 1996; MATLAB's 'Modified Shepp-Logan') with its ANALYTIC
 * parallel-beam sinogram (line integrals through ellipses, so no inverse crime), exactly as
 * {@code ../shared/bench/tomography/peer_bench.py} makes them, for accuracy tests and benchmarks.
 * The phantom fills the unit disk of the reconstruction's half-width; see
 * {@link ReconstructionGeometry} for the pixel conventions.
 */
public final class ModifiedSheppLogan {

    /** Density A, semi-axes a, b, centre x0, y0 (unit disk), rotation φ in degrees. */
    private static final double[][] ELLIPSES = {
        {1.0, .69, .92, 0.0, 0.0, 0},
        {-.8, .6624, .8740, 0.0, -.0184, 0},
        {-.2, .1100, .3100, .22, 0.0, -18},
        {-.2, .1600, .4100, -.22, 0.0, 18},
        {.1, .2100, .2500, 0.0, .35, 0},
        {.1, .0460, .0460, 0.0, .1, 0},
        {.1, .0460, .0460, 0.0, -.1, 0},
        {.1, .0460, .0230, -.08, -.605, 0},
        {.1, .0230, .0230, 0.0, -.606, 0},
        {.1, .0230, .0460, .06, -.605, 0},
    };

    private ModifiedSheppLogan() {
    }

    /**
     * The ground-truth image, {@code n × n}, row-major, each pixel the mean of {@code ss × ss}
     * sub-samples: pixel (i, j) covers x = (j − n/2)·2/n, y = −(i − n/2)·2/n.
     */
    public static double[] image(int n, int ss) {
        double[] img = new double[n * n];
        double h = 2.0 / n;
        double[][] trig = new double[ELLIPSES.length][2];
        for (int e = 0; e < ELLIPSES.length; e++) {
            double p = Math.toRadians(ELLIPSES[e][5]);
            trig[e][0] = Math.cos(p);
            trig[e][1] = Math.sin(p);
        }
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int si = 0; si < ss; si++) {
                    double y = -((i - n / 2.0) + (si + 0.5) / ss - 0.5) * h;
                    for (int sj = 0; sj < ss; sj++) {
                        double x = ((j - n / 2.0) + (sj + 0.5) / ss - 0.5) * h;
                        for (int e = 0; e < ELLIPSES.length; e++) {
                            double[] el = ELLIPSES[e];
                            double c = trig[e][0];
                            double s = trig[e][1];
                            double xr = (x - el[3]) * c + (y - el[4]) * s;
                            double yr = -(x - el[3]) * s + (y - el[4]) * c;
                            if ((xr / el[1]) * (xr / el[1]) + (yr / el[2]) * (yr / el[2]) <= 1.0) {
                                acc += el[0];
                            }
                        }
                    }
                }
                img[i * n + j] = acc / (ss * ss);
            }
        });
        return img;
    }

    /**
     * The analytic sinogram for {@link ReconstructionGeometry#halfTurn}: {@code nAngles × n} line
     * integrals in pixel-length units, angles kπ/nAngles, axis at n/2.
     */
    public static float[] sinogram(int n, int nAngles) {
        return sinogram(ReconstructionGeometry.halfTurn(nAngles, n));
    }

    /** The analytic sinogram for any geometry whose field of view is {@code size} pixels wide. */
    public static float[] sinogram(ReconstructionGeometry g) {
        int cols = g.columns();
        double half = g.size() / 2.0;
        float[] out = new float[g.nAngles() * cols];
        java.util.stream.IntStream.range(0, g.nAngles()).parallel().forEach(k -> {
            double th = g.angles()[k];
            for (int j = 0; j < cols; j++) {
                double s = (j - g.center()) / half;
                double sum = 0;
                for (double[] el : ELLIPSES) {
                    double p = Math.toRadians(el[5]);
                    double s0 = el[3] * Math.cos(th) + el[4] * Math.sin(th);
                    double tt = th - p;
                    double a2 = Math.pow(el[1] * Math.cos(tt), 2) + Math.pow(el[2] * Math.sin(tt), 2);
                    double d = a2 - (s - s0) * (s - s0);
                    if (d > 0) {
                        sum += 2 * el[0] * el[1] * el[2] * Math.sqrt(d) / a2;
                    }
                }
                out[k * cols + j] = (float) (sum * half);
            }
        });
        return out;
    }
}
