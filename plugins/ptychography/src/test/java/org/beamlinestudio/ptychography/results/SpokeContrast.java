package org.beamlinestudio.ptychography.results;

import org.beamlinestudio.ptychography.data.ComplexField;

/**
 * Measures a Siemens star in a reconstructed object: the phase sampled on a circle (bilinear, relative to the
 * circle's mean phasor so neither a global phase nor wrapping matters) and its angular Fourier spectrum. A star
 * with N spoke pairs puts a peak at harmonic N; a failed reconstruction has a flat spectrum.
 */
final class SpokeContrast {

    /** Harmonics searched for the spokes (a Siemens star has tens of spoke pairs). */
    static final int K_MIN = 4;
    static final int K_MAX = 180;
    static final int SAMPLES = 720;

    /** The result on one circle. */
    record Ring(double centreY, double centreX, double radius, int harmonic, double amplitude, double noiseFloor) {
        /** Dominant harmonic amplitude over the median harmonic amplitude. */
        double ratio() {
            return amplitude / noiseFloor;
        }
    }

    private SpokeContrast() {
    }

    /** Harmonic amplitudes |c_k| for k = 0 .. K_MAX of the phase on the circle. */
    static double[] spectrum(ComplexField o, double cy, double cx, double r) {
        double[] ph = new double[SAMPLES];
        double[] re = new double[SAMPLES];
        double[] im = new double[SAMPLES];
        double mr = 0;
        double mi = 0;
        for (int s = 0; s < SAMPLES; s++) {
            double t = 2 * Math.PI * s / SAMPLES;
            double y = cy + r * Math.sin(t);
            double x = cx + r * Math.cos(t);
            int y0 = (int) Math.floor(y);
            int x0 = (int) Math.floor(x);
            double fy = y - y0;
            double fx = x - x0;
            double a = 0;
            double b = 0;
            for (int dy = 0; dy <= 1; dy++) {
                for (int dx = 0; dx <= 1; dx++) {
                    double wgt = (dy == 0 ? 1 - fy : fy) * (dx == 0 ? 1 - fx : fx);
                    a += wgt * o.re(y0 + dy, x0 + dx);
                    b += wgt * o.im(y0 + dy, x0 + dx);
                }
            }
            double n = Math.hypot(a, b);
            re[s] = n > 0 ? a / n : 1;
            im[s] = n > 0 ? b / n : 0;
            mr += re[s];
            mi += im[s];
        }
        double mn = Math.hypot(mr, mi);
        double cr = mn > 0 ? mr / mn : 1;
        double ci = mn > 0 ? -mi / mn : 0;
        for (int s = 0; s < SAMPLES; s++) {
            ph[s] = Math.atan2(re[s] * ci + im[s] * cr, re[s] * cr - im[s] * ci);
        }
        double[] c = new double[K_MAX + 1];
        for (int k = 0; k <= K_MAX; k++) {
            double sr = 0;
            double si = 0;
            for (int s = 0; s < SAMPLES; s++) {
                double t = 2 * Math.PI * k * s / SAMPLES;
                sr += ph[s] * Math.cos(t);
                si -= ph[s] * Math.sin(t);
            }
            c[k] = Math.hypot(sr, si) / SAMPLES;
        }
        return c;
    }

    static Ring measure(ComplexField o, double cy, double cx, double r) {
        double[] c = spectrum(o, cy, cx, r);
        int best = K_MIN;
        for (int k = K_MIN; k <= K_MAX; k++) {
            if (c[k] > c[best]) {
                best = k;
            }
        }
        double[] rest = java.util.Arrays.copyOfRange(c, K_MIN, K_MAX + 1);
        java.util.Arrays.sort(rest);
        return new Ring(cy, cx, r, best, 2 * c[best], rest[rest.length / 2] * 2);
    }

    /** The centre, within {@code search} pixels of (cy, cx), where the dominant harmonic on radius r is strongest. */
    static Ring findStar(ComplexField o, double cy, double cx, double r, int search) {
        Ring best = null;
        for (int dy = -search; dy <= search; dy += 2) {
            for (int dx = -search; dx <= search; dx += 2) {
                Ring g = measure(o, cy + dy, cx + dx, r);
                if (best == null || g.amplitude() > best.amplitude()) {
                    best = g;
                }
            }
        }
        return best;
    }
}
