package org.beamlinestudio.tomography.demo;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The bundled demo scan: a modified Shepp–Logan phantom whose projections are computed analytically
 * (line integrals through ellipses, no pixelised forward model), with a detector gain pattern, dark
 * current and Poisson-like noise, written in Data Exchange layout. The true center of rotation is
 * off the detector middle and recorded in the file, so every step of the chain has a known answer.
 */
public final class DemoScan {

    /** Columns of the detector. */
    public static final int COLUMNS = 256;
    /** Rows of the detector. */
    public static final int ROWS = 32;
    /** Projections over [0°, 180°). */
    public static final int ANGLES = 180;
    /** Flat and dark frames each. */
    public static final int REFERENCE_FRAMES = 10;
    /** The true center of rotation, in detector columns (0 = centre of the first pixel). */
    public static final double CENTER_OF_ROTATION = 131.25;
    /** Attenuation of density 1 per pixel of path. */
    public static final double MU_PER_PIXEL = 0.03;
    /** Open-beam counts at gain 1. */
    static final double I0 = 10_000;
    static final double DARK_LEVEL = 100;

    /** Modified Shepp–Logan: density, semi-axes a, b, centre x, y (unit disk), rotation in degrees. */
    private static final double[][] ELLIPSES = {
        {1.0, 0.69, 0.92, 0, 0, 0},
        {-0.8, 0.6624, 0.874, 0, -0.0184, 0},
        {-0.2, 0.11, 0.31, 0.22, 0, -18},
        {-0.2, 0.16, 0.41, -0.22, 0, 18},
        {0.1, 0.21, 0.25, 0, 0.35, 0},
        {0.1, 0.046, 0.046, 0, 0.1, 0},
        {0.1, 0.046, 0.046, 0, -0.1, 0},
        {0.1, 0.046, 0.023, -0.08, -0.605, 0},
        {0.1, 0.023, 0.023, 0, -0.606, 0},
        {0.1, 0.023, 0.046, 0.06, -0.605, 0},
    };

    private DemoScan() {
    }

    /** Writes the demo scan to {@code file} (overwriting it). */
    public static void write(Path file) {
        SplittableRandom rng = new SplittableRandom(20261121L);
        double[] gain = new double[COLUMNS];
        for (int c = 0; c < COLUMNS; c++) {
            gain[c] = 0.9 + 0.2 * Math.exp(-Math.pow((c - COLUMNS * 0.4) / (COLUMNS * 0.35), 2))
                    + 0.01 * rng.nextGaussian();
        }
        float[][][] flats = new float[REFERENCE_FRAMES][ROWS][COLUMNS];
        float[][][] darks = new float[REFERENCE_FRAMES][ROWS][COLUMNS];
        for (int k = 0; k < REFERENCE_FRAMES; k++) {
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    darks[k][r][c] = (float) noisy(rng, DARK_LEVEL);
                    flats[k][r][c] = (float) (noisy(rng, I0 * gain[c]) + noisy(rng, DARK_LEVEL));
                }
            }
        }
        float[][][] data = new float[ANGLES][ROWS][COLUMNS];
        float[] thetaDeg = new float[ANGLES];
        for (int a = 0; a < ANGLES; a++) {
            thetaDeg[a] = (float) (180.0 * a / ANGLES);
            double theta = Math.toRadians(thetaDeg[a]);
            for (int r = 0; r < ROWS; r++) {
                double scale = sliceScale(r);
                for (int c = 0; c < COLUMNS; c++) {
                    double p = lineIntegral(c - CENTER_OF_ROTATION, theta, scale);
                    double counts = I0 * gain[c] * Math.exp(-MU_PER_PIXEL * p);
                    data[a][r][c] = (float) (noisy(rng, counts) + noisy(rng, DARK_LEVEL));
                }
            }
        }
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putDataset("implements", "exchange:measurement");
            WritableGroup exchange = h5.putGroup("exchange");
            exchange.putDataset("data", data).putAttribute("axes", "theta:y:x");
            exchange.putDataset("data_white", flats);
            exchange.putDataset("data_dark", darks);
            WritableDataset theta = exchange.putDataset("theta", thetaDeg);
            theta.putAttribute("units", "degrees");
            WritableGroup instrument = h5.putGroup("measurement").putGroup("instrument");
            instrument.putGroup("monochromator").putDataset("energy", new double[] {25.0})
                    .putAttribute("units", "keV");
            instrument.putGroup("detection_system").putGroup("objective").putDataset("resolution",
                    new double[] {1.3}).putAttribute("units", "um");
            WritableGroup truth = h5.putGroup("demo_truth");
            truth.putAttribute("description", "Known answers of the Beamline Studio demo phantom");
            truth.putDataset("center_of_rotation", new double[] {CENTER_OF_ROTATION}).putAttribute("units", "px");
            truth.putDataset("mu_per_pixel", new double[] {MU_PER_PIXEL});
        }
    }

    /** Scale of the phantom in detector row {@code row}: it shrinks towards the top and bottom like an ellipsoid. */
    public static double sliceScale(int row) {
        double z = (row + 0.5) / ROWS * 2 - 1;
        return Math.sqrt(1 - 0.5 * z * z);
    }

    /**
     * Line integral of the phantom (in pixels × density) along the ray at detector offset {@code s}
     * pixels from the rotation axis, at angle {@code theta}.
     */
    public static double lineIntegral(double s, double theta, double scale) {
        double radius = 0.8 * COLUMNS / 2.0 * scale;
        double t = s / radius;
        double sum = 0;
        for (double[] e : ELLIPSES) {
            double rho = e[0];
            double a = e[1];
            double b = e[2];
            double phi = Math.toRadians(e[5]);
            double th = theta - phi;
            double a2 = a * a * Math.cos(th) * Math.cos(th) + b * b * Math.sin(th) * Math.sin(th);
            double tt = t - (e[3] * Math.cos(theta) + e[4] * Math.sin(theta));
            double d = a2 - tt * tt;
            if (d > 0) {
                sum += 2 * rho * a * b * Math.sqrt(d) / a2;
            }
        }
        return sum * radius;
    }

    private static double noisy(SplittableRandom rng, double mean) {
        // Poisson counting noise, Gaussian at these counts.
        return Math.max(0, mean + Math.sqrt(mean) * rng.nextGaussian());
    }
}
