package org.beamlinestudio.ptychography.sim;

import java.util.Optional;
import java.util.SplittableRandom;
import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.data.PtychoScan;
import org.beamlinestudio.ptychography.recon.FresnelProbe;
import org.beamlinestudio.ptychography.recon.ObjectFrame;
import org.jtransforms.fft.FloatFFT_2D;

/**
 * Simulated ptychography with a known answer: a complex object (a 16-spoke Siemens star in amplitude and phase plus
 * smooth absorbing and phase-shifting blobs), a Fresnel-propagated circular aperture as probe, a Fermat-spiral scan
 * (about 70 % linear overlap by default), far-field patterns {@code |F(P · O_n)|²} at a chosen photon count with
 * Poisson noise. Geometry as the shared Siemens-star file: 12.4 keV, 1 m, 75 µm pixels (10.4 nm object pixels at
 * 128²). Views sit on whole object pixels (positions are rounded to them), so the forward model the engines invert
 * is exact and the error left is the noise's and the algorithm's.
 */
public final class PtychoSimulator {

    /** 12.398 keV. */
    public static final double WAVELENGTH = 1.0e-10;
    public static final double DISTANCE = 1.0;
    public static final double DETECTOR_PIXEL = 75e-6;

    private PtychoSimulator() {
    }

    /**
     * What to simulate.
     *
     * @param positions scan points N
     * @param size pattern side (object pixels of the view)
     * @param photons expected photons per pattern (through an object of amplitude 1); 0 = no noise, exact
     *     intensities
     * @param stepPx mean distance between neighbouring scan points, object pixels
     * @param apertureDiameterPx probe aperture diameter, object pixels
     * @param propagation aperture-to-sample distance, metres
     * @param seed noise and object features
     */
    public record Spec(int positions, int size, double photons, double stepPx, double apertureDiameterPx,
            double propagation, long seed) {

        /** 1e6 photons, 12 px steps (≈ 70 % overlap of a 40 px aperture), 50 µm propagation, seed 1. */
        public static Spec of(int positions, int size) {
            return new Spec(positions, size, 1e6, 12 * size / 128.0, 40 * size / 128.0, 50e-6, 1);
        }

        /** With this photon count per pattern. */
        public Spec withPhotons(double p) {
            return new Spec(positions, size, p, stepPx, apertureDiameterPx, propagation, seed);
        }

        /** With this seed. */
        public Spec withSeed(long s) {
            return new Spec(positions, size, photons, stepPx, apertureDiameterPx, propagation, s);
        }
    }

    /** Simulates a scan. */
    public static Simulation simulate(Spec spec) {
        int n = spec.positions();
        int h = spec.size();
        int w = spec.size();
        double psize = WAVELENGTH * DISTANCE / (h * DETECTOR_PIXEL);
        // Fermat spiral: r = c √i, θ = i · golden angle; area per point π c², neighbour distance ≈ 1.9 c.
        double c = spec.stepPx() / 1.9;
        double golden = Math.PI * (3 - Math.sqrt(5));
        double[] rowPx = new double[n];
        double[] colPx = new double[n];
        for (int i = 0; i < n; i++) {
            double r = c * Math.sqrt(i + 0.5);
            double t = i * golden;
            rowPx[i] = Math.round(r * Math.sin(t));
            colPx[i] = Math.round(r * Math.cos(t));
        }
        double[] posY = new double[n];
        double[] posX = new double[n];
        for (int i = 0; i < n; i++) {
            posY[i] = rowPx[i] * psize;
            posX[i] = colPx[i] * psize;
        }
        ComplexField probe = FresnelProbe.aperture(h, w, spec.apertureDiameterPx(), spec.propagation(), WAVELENGTH,
                psize, psize);
        double power = 0;
        for (int q = 0; q < h * w; q++) {
            power += probe.intensity(q / w, q % w);
        }
        float scale = (float) Math.sqrt((spec.photons() > 0 ? spec.photons() : 1e6) / (h * w * power));
        for (int i = 0; i < probe.data().length; i++) {
            probe.data()[i] *= scale;
        }
        double radius = 0;
        for (int i = 0; i < n; i++) {
            radius = Math.max(radius, Math.hypot(rowPx[i], colPx[i]));
        }
        SimulatedObject truth = SimulatedObject.random(radius, spec.seed());
        boolean[] mask = new boolean[h * w];
        java.util.Arrays.fill(mask, true);
        // A provisional scan fixes the frame the views are cut from.
        float[] intensities = new float[n * h * w];
        PtychoScan provisional = new PtychoScan(null, "simulation", n, h, w, intensities, mask, posY, posX,
                WAVELENGTH, DISTANCE, DETECTOR_PIXEL, DETECTOR_PIXEL, Optional.empty());
        ObjectFrame frame = ObjectFrame.of(provisional, 8);
        ComplexField object = truth.in(frame, h, w);
        FloatFFT_2D fft = new FloatFFT_2D(h, w);
        float[] field = new float[2 * h * w];
        SplittableRandom random = new SplittableRandom(spec.seed() * 1_000_003L + 17);
        int ow = frame.width();
        for (int i = 0; i < n; i++) {
            int y0 = (int) Math.round(frame.row(posY[i]));
            int x0 = (int) Math.round(frame.column(posX[i]));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int pi = 2 * (y * w + x);
                    int oi = 2 * ((y0 + y) * ow + x0 + x);
                    float pr = probe.data()[pi];
                    float pim = probe.data()[pi + 1];
                    float or = object.data()[oi];
                    float oim = object.data()[oi + 1];
                    field[pi] = pr * or - pim * oim;
                    field[pi + 1] = pr * oim + pim * or;
                }
            }
            fft.complexForward(field);
            int off = i * h * w;
            for (int y = 0; y < h; y++) {
                int cy = (y + h / 2) % h;
                for (int x = 0; x < w; x++) {
                    int cx = (x + w / 2) % w;
                    int fi = 2 * (y * w + x);
                    double lambda = (double) field[fi] * field[fi] + (double) field[fi + 1] * field[fi + 1];
                    intensities[off + cy * w + cx] = spec.photons() > 0 ? poisson(random, lambda) : (float) lambda;
                }
            }
        }
        return new Simulation(provisional, truth, probe, posY.clone(), posX.clone(), spec);
    }

    /** Poisson deviate: Knuth's product method below 30, else the rounded normal approximation. */
    static float poisson(SplittableRandom r, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda < 30) {
            double l = Math.exp(-lambda);
            int k = 0;
            double p = 1;
            do {
                k++;
                p *= r.nextDouble();
            } while (p > l);
            return k - 1;
        }
        double g = gaussian(r);
        return (float) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * g));
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
