package org.beamlinestudio.tomography.stages;

import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;

/** Averages a stack of flats or darks over the rows of one chunk: the reference image for that slab. */
final class FlatDarkAverage {

    private FlatDarkAverage() {
    }

    /**
     * Mean over the stack axis of {@code stack[:, row0:row0+rows, :]}, as rows × columns floats.
     * Reads only the chunk's rows, so memory stays bounded by the chunk.
     */
    static float[] meanOverRows(LazyDataset stack, long row0, int rows) throws DataFileException {
        long[] s = stack.shape();
        int n = Math.toIntExact(s[0]);
        int cols = Math.toIntExact(s[2]);
        float[] all = stack.readFloats(new long[] {0, row0, 0}, new int[] {n, rows, cols});
        int image = rows * cols;
        double[] sum = new double[image];
        for (int k = 0; k < n; k++) {
            int base = k * image;
            for (int i = 0; i < image; i++) {
                sum[i] += all[base + i];
            }
        }
        float[] mean = new float[image];
        for (int i = 0; i < image; i++) {
            mean[i] = (float) (sum[i] / n);
        }
        return mean;
    }
}
