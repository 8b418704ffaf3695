package org.beamlinestudio.xpcs.qmap;

import java.nio.file.Path;
import java.util.Arrays;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.hdf5.H5Values;

/** Pixel masks ({@code true} = use the pixel), {@code height × width} C order, and how to combine them. */
public final class Masks {

    private Masks() {
    }

    /** A mask dataset of a file (non-zero = use), e.g. {@code /qmap/mask}, checked against the detector size. */
    public static boolean[] fromFile(Path file, String datasetPath, int width, int height) throws DataFileException {
        try (H5Values v = H5Values.open(file)) {
            int[] shape = v.shape(datasetPath);
            if (shape.length != 2 || shape[0] != height || shape[1] != width) {
                throw new DataFileException(file, datasetPath, "shape " + Arrays.toString(shape),
                        "the detector's " + height + "×" + width);
            }
            double[] m = v.doubles(datasetPath);
            boolean[] out = new boolean[m.length];
            for (int i = 0; i < m.length; i++) {
                out[i] = m[i] != 0;
            }
            return out;
        }
    }

    /** Pixels whose mean counts lie within [min, max] (e.g. min 0 to drop negative gap pixels). */
    public static boolean[] threshold(float[] meanImage, double min, double max) {
        boolean[] out = new boolean[meanImage.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = meanImage[i] >= min && meanImage[i] <= max;
        }
        return out;
    }

    /**
     * Drops hot pixels: those whose mean counts exceed median + k·MAD of their bin ({@code bins} non-null, e.g. a
     * static map, since the scattering falls steeply with q) or of the whole image ({@code bins} null). Pixels in
     * bin 0 are kept as they are (the q-map excludes them anyway).
     */
    public static boolean[] hotPixels(float[] meanImage, int[] bins, double k) {
        int n = meanImage.length;
        int groups = 1;
        if (bins != null) {
            for (int b : bins) {
                groups = Math.max(groups, b + 1);
            }
        }
        int[] count = new int[groups];
        for (int i = 0; i < n; i++) {
            count[bins == null ? 0 : bins[i]]++;
        }
        float[][] values = new float[groups][];
        for (int g = 0; g < groups; g++) {
            values[g] = new float[count[g]];
        }
        int[] fill = new int[groups];
        for (int i = 0; i < n; i++) {
            int g = bins == null ? 0 : bins[i];
            values[g][fill[g]++] = meanImage[i];
        }
        double[] limit = new double[groups];
        for (int g = 0; g < groups; g++) {
            if (values[g].length == 0) {
                continue;
            }
            double med = median(values[g].clone());
            float[] dev = new float[values[g].length];
            for (int i = 0; i < dev.length; i++) {
                dev[i] = (float) Math.abs(values[g][i] - med);
            }
            limit[g] = med + k * median(dev);
        }
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            int g = bins == null ? 0 : bins[i];
            out[i] = (bins != null && g == 0) || meanImage[i] <= limit[g];
        }
        return out;
    }

    /** Pixels valid in every mask. */
    public static boolean[] and(boolean[]... masks) {
        boolean[] out = masks[0].clone();
        for (int m = 1; m < masks.length; m++) {
            for (int i = 0; i < out.length; i++) {
                out[i] &= masks[m][i];
            }
        }
        return out;
    }

    private static double median(float[] v) {
        Arrays.sort(v);
        int h = v.length / 2;
        return v.length % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2.0;
    }
}
