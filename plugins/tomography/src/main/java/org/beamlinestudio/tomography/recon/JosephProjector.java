package org.beamlinestudio.tomography.recon;

import java.util.stream.IntStream;

/**
 * Joseph's projector and its exact adjoint in plain Java: the fallback, and the oracle the OpenCL
 * kernels ({@code joseph.cl}) are tested against. Positions are computed in double, sums in double.
 * Parallel over angles (forward) and image rows (back).
 */
public final class JosephProjector implements Projector {

    private final ReconstructionGeometry g;
    private final double[] cos;
    private final double[] sin;

    public JosephProjector(ReconstructionGeometry geometry) {
        this.g = geometry;
        int na = geometry.nAngles();
        cos = new double[na];
        sin = new double[na];
        for (int a = 0; a < na; a++) {
            cos[a] = Math.cos(geometry.angles()[a]);
            sin[a] = Math.sin(geometry.angles()[a]);
        }
    }

    @Override
    public ReconstructionGeometry geometry() {
        return g;
    }

    @Override
    public String deviceId() {
        return "java";
    }

    @Override
    public void forward(float[] images, float[] sinograms, int slices) {
        int n = g.size();
        int cols = g.columns();
        int na = g.nAngles();
        check(images, sinograms, slices);
        double half = n / 2.0;
        double center = g.center();
        IntStream.range(0, slices * na).parallel().forEach(sa -> {
            int s = sa / na;
            int a = sa % na;
            double c = cos[a];
            double sn = sin[a];
            int img = s * n * n;
            int out = (s * na + a) * cols;
            boolean vertical = Math.abs(c) >= Math.abs(sn);
            double inv = 1 / (vertical ? c : sn);
            double scale = Math.abs(inv);
            for (int j = 0; j < cols; j++) {
                double sj = j - center;
                double acc = 0;
                if (vertical) {
                    // Step over rows; along the row, column position k = x + half.
                    for (int i = 0; i < n; i++) {
                        double y = half - i;
                        double kp = (sj - y * sn) * inv + half;
                        double f = Math.floor(kp);
                        int k0 = (int) f;
                        double fr = kp - f;
                        int row = img + i * n;
                        if (k0 >= 0 && k0 < n) {
                            acc += (1 - fr) * images[row + k0];
                        }
                        if (k0 + 1 >= 0 && k0 + 1 < n) {
                            acc += fr * images[row + k0 + 1];
                        }
                    }
                } else {
                    // Step over columns; along the column, row position i = half − y.
                    for (int k = 0; k < n; k++) {
                        double x = k - half;
                        double ip = half - (sj - x * c) * inv;
                        double f = Math.floor(ip);
                        int i0 = (int) f;
                        double fr = ip - f;
                        if (i0 >= 0 && i0 < n) {
                            acc += (1 - fr) * images[img + i0 * n + k];
                        }
                        if (i0 + 1 >= 0 && i0 + 1 < n) {
                            acc += fr * images[img + (i0 + 1) * n + k];
                        }
                    }
                }
                sinograms[out + j] = (float) (acc * scale);
            }
        });
    }

    @Override
    public void back(float[] sinograms, float[] images, int slices) {
        int n = g.size();
        int cols = g.columns();
        int na = g.nAngles();
        check(images, sinograms, slices);
        double half = n / 2.0;
        double center = g.center();
        double[] invC = new double[na];
        for (int a = 0; a < na; a++) {
            invC[a] = 1 / Math.max(Math.abs(cos[a]), Math.abs(sin[a]));
        }
        IntStream.range(0, slices * n).parallel().forEach(si -> {
            int s = si / n;
            int i = si % n;
            double y = half - i;
            int base = s * na * cols;
            for (int k = 0; k < n; k++) {
                double x = k - half;
                double acc = 0;
                for (int a = 0; a < na; a++) {
                    double t = x * cos[a] + y * sin[a] + center;
                    double f = Math.floor(t);
                    int j0 = (int) f;
                    double d = t - f;
                    double ic = invC[a];
                    int row = base + a * cols;
                    double w0 = 1 - d * ic;
                    if (w0 > 0 && j0 >= 0 && j0 < cols) {
                        acc += w0 * ic * sinograms[row + j0];
                    }
                    double w1 = 1 - (1 - d) * ic;
                    if (w1 > 0 && j0 + 1 >= 0 && j0 + 1 < cols) {
                        acc += w1 * ic * sinograms[row + j0 + 1];
                    }
                }
                images[(s * n + i) * n + k] = (float) acc;
            }
        });
    }

    private void check(float[] images, float[] sinograms, int slices) {
        long img = (long) slices * g.size() * g.size();
        long sino = (long) slices * g.nAngles() * g.columns();
        if (images.length < img || sinograms.length < sino) {
            throw new IllegalArgumentException("arrays too small for " + slices + " slices: images " + images.length
                    + " (need " + img + "), sinograms " + sinograms.length + " (need " + sino + ")");
        }
    }
}
