package org.beamlinestudio.tomography.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingDataset;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;
import org.beamlinestudio.core.stage.Progress;

/**
 * Synthetic tomography scans with known answers: a modified Shepp–Logan phantom whose projections
 * are computed analytically (line integrals through ellipses, no pixelised forward model), with a
 * detector gain pattern, dark current and Poisson-like noise, written in Data Exchange layout by the
 * streaming HDF5 writer, so a scan of any size is made with memory bounded by one projection. The
 * true centre of rotation is off the detector middle and recorded in the file
 * ({@code /demo_truth}).
 */
public final class DemoScan {

    /** Columns of the bundled demo's detector. */
    public static final int COLUMNS = 256;
    /** Rows of the bundled demo's detector. */
    public static final int ROWS = 32;
    /** Projections of the bundled demo, over [0°, 180°). */
    public static final int ANGLES = 180;
    /** Flat and dark frames each. */
    public static final int REFERENCE_FRAMES = 10;
    /** The bundled demo's true centre of rotation, in detector columns (0 = centre of the first pixel). */
    public static final double CENTER_OF_ROTATION = 131.25;
    /** Attenuation of density 1 per pixel of path. */
    public static final double MU_PER_PIXEL = 0.03;
    /** Open-beam counts at gain 1. */
    static final double I0 = 10_000;
    static final double DARK_LEVEL = 100;
    /** Rows of a large scan repeat this many distinct phantom slices, so generating stays cheap. */
    static final int DISTINCT_ROWS = 32;

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

    /**
     * The size and character of a synthetic scan.
     *
     * @param angles  projections over [0°, 180°)
     * @param rows    detector rows
     * @param columns detector columns
     * @param center  true centre of rotation (columns)
     * @param noise   whether to add counting noise (off makes huge scans quicker to write)
     */
    public record Spec(int angles, int rows, int columns, double center, boolean noise) {

        /** The bundled demo. */
        public static Spec demo() {
            return new Spec(ANGLES, ROWS, COLUMNS, CENTER_OF_ROTATION, true);
        }

        /** Bytes of the projections (float32). */
        public long projectionBytes() {
            return 4L * angles * rows * columns;
        }
    }

    private DemoScan() {
    }

    /** Writes the bundled demo scan to {@code file} (replacing it). */
    public static void write(Path file) throws IOException {
        write(file, Spec.demo(), Progress.NONE);
    }

    /** Writes a scan of any size, one projection at a time, atomically (replacing {@code file}). */
    public static void write(Path file, Spec spec, Progress progress) throws IOException {
        int cols = spec.columns();
        int rows = spec.rows();
        double[] gain = gain(cols, new SplittableRandom(20261121L));
        int distinct = Math.min(rows, DISTINCT_ROWS);
        try (StreamingHdf5Writer h5 = StreamingHdf5Writer.createOrReplace(file)) {
            h5.createGroup("/exchange");
            h5.setAttribute("/", "implements", "exchange:measurement");
            StreamingDataset data = h5.createDataset("/exchange/data", ElementType.FLOAT32,
                    new long[] {spec.angles(), rows, cols}, Layout.chunked(1, rows, cols));
            data.setAttribute("axes", org.beamlinestudio.core.hdf5.write.AttributeValue.string("theta:y:x"));
            StreamingDataset white = h5.createDataset("/exchange/data_white", ElementType.FLOAT32,
                    new long[] {REFERENCE_FRAMES, rows, cols}, Layout.chunked(1, rows, cols));
            StreamingDataset dark = h5.createDataset("/exchange/data_dark", ElementType.FLOAT32,
                    new long[] {REFERENCE_FRAMES, rows, cols}, Layout.chunked(1, rows, cols));
            for (int k = 0; k < REFERENCE_FRAMES; k++) {
                SplittableRandom rng = new SplittableRandom(1000 + k);
                float[] d = new float[rows * cols];
                float[] w = new float[rows * cols];
                for (int i = 0; i < d.length; i++) {
                    d[i] = (float) counts(rng, DARK_LEVEL, true);
                    w[i] = (float) (counts(rng, I0 * gain[i % cols], true) + counts(rng, DARK_LEVEL, true));
                }
                dark.write(new long[] {k, 0, 0}, new int[] {1, rows, cols}, d);
                white.write(new long[] {k, 0, 0}, new int[] {1, rows, cols}, w);
            }
            float[] theta = new float[spec.angles()];
            for (int a = 0; a < spec.angles(); a++) {
                theta[a] = (float) (180.0 * a / spec.angles());
            }
            StreamingDataset thetaSet = h5.createDataset("/exchange/theta", ElementType.FLOAT32,
                    new long[] {spec.angles()}, Layout.contiguous());
            thetaSet.write(new long[] {0}, new int[] {spec.angles()}, theta);
            thetaSet.setAttribute("units", org.beamlinestudio.core.hdf5.write.AttributeValue.string("degrees"));
            for (int a = 0; a < spec.angles(); a++) {
                double th = Math.toRadians(theta[a]);
                // The transmitted counts of the distinct rows at this angle, then every row from them.
                double[][] clean = new double[distinct][cols];
                IntStream.range(0, distinct).parallel().forEach(r -> {
                    double scale = sliceScale(r, distinct);
                    for (int c = 0; c < cols; c++) {
                        clean[r][c] = I0 * gain[c] * Math.exp(-MU_PER_PIXEL * lineIntegral(c - spec.center(), th,
                                scale, cols));
                    }
                });
                float[] projection = new float[rows * cols];
                int angle = a;
                IntStream.range(0, rows).parallel().forEach(r -> {
                    SplittableRandom rng = new SplittableRandom(((long) angle << 20) ^ r);
                    double[] line = clean[r % distinct];
                    for (int c = 0; c < cols; c++) {
                        projection[r * cols + c] = (float) (counts(rng, line[c], spec.noise())
                                + counts(rng, DARK_LEVEL, spec.noise()));
                    }
                });
                data.write(new long[] {a, 0, 0}, new int[] {1, rows, cols}, projection);
                progress.update((a + 1.0) / spec.angles(), "projection " + (a + 1) + "/" + spec.angles());
            }
            h5.createGroup("/measurement/instrument/monochromator");
            scalar(h5, "/measurement/instrument/monochromator/energy", 25.0, "keV");
            h5.createGroup("/measurement/instrument/detection_system/objective");
            scalar(h5, "/measurement/instrument/detection_system/objective/resolution", 1.3, "um");
            h5.createGroup("/demo_truth");
            h5.setAttribute("/demo_truth", "description", "Known answers of the Beamline Studio demo phantom");
            scalar(h5, "/demo_truth/center_of_rotation", spec.center(), "px");
            scalar(h5, "/demo_truth/mu_per_pixel", MU_PER_PIXEL, "1/px");
            h5.commit();
        }
    }

    private static void scalar(StreamingHdf5Writer h5, String path, double value, String units) throws IOException {
        StreamingDataset d = h5.createDataset(path, ElementType.FLOAT64, new long[] {1}, Layout.contiguous());
        d.write(new long[] {0}, new int[] {1}, new double[] {value});
        d.setAttribute("units", org.beamlinestudio.core.hdf5.write.AttributeValue.string(units));
    }

    private static double[] gain(int cols, SplittableRandom rng) {
        double[] gain = new double[cols];
        for (int c = 0; c < cols; c++) {
            gain[c] = 0.9 + 0.2 * Math.exp(-Math.pow((c - cols * 0.4) / (cols * 0.35), 2)) + 0.01 * rng.nextGaussian();
        }
        return gain;
    }

    /** Scale of the phantom in detector row {@code row} of the bundled demo. */
    public static double sliceScale(int row) {
        return sliceScale(row, ROWS);
    }

    /** The phantom shrinks towards the top and bottom rows like an ellipsoid. */
    static double sliceScale(int row, int rows) {
        double z = (row + 0.5) / rows * 2 - 1;
        return Math.sqrt(1 - 0.5 * z * z);
    }

    /**
     * Line integral of the bundled demo's phantom (in pixels × density) along the ray at detector
     * offset {@code s} pixels from the rotation axis, at angle {@code theta}.
     */
    public static double lineIntegral(double s, double theta, double scale) {
        return lineIntegral(s, theta, scale, COLUMNS);
    }

    /** The same for a detector {@code columns} wide (the phantom covers 80 % of it). */
    static double lineIntegral(double s, double theta, double scale, int columns) {
        double radius = 0.8 * columns / 2.0 * scale;
        double t = s / radius;
        double sum = 0;
        for (double[] e : ELLIPSES) {
            double phi = Math.toRadians(e[5]);
            double th = theta - phi;
            double a2 = e[1] * e[1] * Math.cos(th) * Math.cos(th) + e[2] * e[2] * Math.sin(th) * Math.sin(th);
            double tt = t - (e[3] * Math.cos(theta) + e[4] * Math.sin(theta));
            double d = a2 - tt * tt;
            if (d > 0) {
                sum += 2 * e[0] * e[1] * e[2] * Math.sqrt(d) / a2;
            }
        }
        return sum * radius;
    }

    private static double counts(SplittableRandom rng, double mean, boolean noise) {
        // Poisson counting noise, Gaussian at these counts.
        return noise ? Math.max(0, mean + Math.sqrt(mean) * rng.nextGaussian()) : mean;
    }
}
