package org.beamlinestudio.tomography.center.preview;

import java.util.Arrays;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;

/**
 * The first projection and the one nearest 180° later, flat/dark corrected and −log'ed, for the center overlay:
 * in parallel beam the later one is the first mirrored about the rotation axis, so {@link #difference} at the right
 * axis is flat (zero but for noise). Rows are averaged in blocks so that at most {@value #MAX_ROWS} remain (the
 * axis is a column position; rows only help the eye).
 *
 * @param first         first projection, {@code rows × columns}, C order
 * @param opposite      the projection nearest {@code firstAngle + π}, not mirrored
 * @param rows          rows kept (after block averaging)
 * @param columns       detector columns
 * @param firstAngle    angle of {@code first}, radians
 * @param oppositeAngle angle of {@code opposite}, radians
 */
public record OpposedProjections(float[] first, float[] opposite, int rows, int columns, double firstAngle,
                                 double oppositeAngle) {

    /** Most rows kept for the overlay. */
    public static final int MAX_ROWS = 512;

    /** Reads the pair from a projection source (angle, row, column); angles default to a half turn. */
    public static OpposedProjections read(OpenedSource src) throws DataFileException {
        LazyDataset proj = src.primary();
        long[] shape = proj.shape();
        if (shape.length != 3) {
            throw new DataFileException(src.file(), proj.path(), "shape " + Arrays.toString(shape),
                    "projections (angle, row, column)");
        }
        int na = (int) shape[0];
        int nr = (int) shape[1];
        int nc = (int) shape[2];
        double[] angles = src.vector("angles").orElseGet(() -> {
            double[] a = new double[na];
            for (int k = 0; k < na; k++) {
                a[k] = k * Math.PI / na;
            }
            return a;
        });
        int opposite = nearest(angles, angles[0] + Math.PI);
        float[] flat = frameMean(src.array("flats"), nr, nc, 1f);
        float[] dark = frameMean(src.array("darks"), nr, nc, 0f);
        boolean corrected = src.array("flats").isPresent();
        int step = (nr + MAX_ROWS - 1) / MAX_ROWS;
        int rows = nr / step;
        float[] a = prepare(proj.readFloats(new long[] {0, 0, 0}, new int[] {1, nr, nc}), flat, dark, corrected,
                nc, step, rows);
        float[] b = prepare(proj.readFloats(new long[] {opposite, 0, 0}, new int[] {1, nr, nc}), flat, dark,
                corrected, nc, step, rows);
        return new OpposedProjections(a, b, rows, nc, angles[0], angles[opposite]);
    }

    /** Index of the angle nearest {@code target} (radians, compared modulo 2π). */
    static int nearest(double[] angles, double target) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < angles.length; i++) {
            double d = Math.abs(Math.IEEEremainder(angles[i] - target, 2 * Math.PI));
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    /**
     * {@code first − opposite mirrored about column {@code center}}: the opposite projection sampled at
     * {@code 2·center − x} (linear interpolation; 0 where that falls off the detector).
     */
    public float[] difference(double center) {
        float[] out = new float[rows * columns];
        for (int x = 0; x < columns; x++) {
            double m = 2 * center - x;
            int j = (int) Math.floor(m);
            float f = (float) (m - j);
            boolean in = j >= 0 && j + 1 < columns;
            for (int y = 0; y < rows; y++) {
                int o = y * columns;
                float v = in ? opposite[o + j] * (1 - f) + opposite[o + j + 1] * f : Float.NaN;
                out[o + x] = Float.isNaN(v) ? 0f : first[o + x] - v;
            }
        }
        return out;
    }

    /** A symmetric grey window ±w for {@link #difference}: w is the 99.5 % quantile of |first|. */
    public double differenceWindow() {
        float[] v = first.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]);
        }
        Arrays.sort(v);
        return Math.max(1e-6, v[(int) (0.995 * (v.length - 1))]);
    }

    private static float[] prepare(float[] raw, float[] flat, float[] dark, boolean corrected, int nc, int step,
                                   int rows) {
        float[] out = new float[rows * nc];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < nc; c++) {
                float s = 0;
                for (int k = 0; k < step; k++) {
                    int i = (r * step + k) * nc + c;
                    float t = raw[i];
                    if (corrected) {
                        float d = flat[i] - dark[i];
                        t = d > 0 ? (raw[i] - dark[i]) / d : 1f;
                    }
                    s += t > 1e-6f ? -(float) Math.log(t) : -(float) Math.log(1e-6f);
                }
                out[r * nc + c] = s / step;
            }
        }
        return out;
    }

    /** The mean of (at most 10 frames of) a flat or dark stack, or {@code fill} when absent. */
    private static float[] frameMean(Optional<LazyDataset> stack, int nr, int nc, float fill)
            throws DataFileException {
        float[] m = new float[nr * nc];
        if (stack.isEmpty()) {
            Arrays.fill(m, fill);
            return m;
        }
        int n = (int) Math.min(10, stack.get().shape()[0]);
        for (int i = 0; i < n; i++) { // frame by frame: ten full frames of a large detector would be 160 MB at once
            float[] frame = stack.get().readFloats(new long[] {i, 0, 0}, new int[] {1, nr, nc});
            for (int j = 0; j < nr * nc; j++) {
                m[j] += frame[j] / n;
            }
        }
        return m;
    }
}
