package org.beamlinestudio.tomography.prep;

/**
 * How stripy a sinogram is: the column-mean profile (mean over angles of each column) minus a
 * running median of itself over {@code window} columns. A stripe (a pixel whose response differs
 * from its neighbours') stands out of this profile; the sample's own features, which move across
 * columns with the angle, are averaged into a smooth profile. Used by tests and reports.
 */
public final class StripeMeasure {

    private StripeMeasure() {
    }

    /** The column-mean profile's deviation from its running median, one value per column. */
    public static double[] columnMeanDeviation(float[] sino, int angles, int cols, int window) {
        float[] mean = new float[cols];
        for (int c = 0; c < cols; c++) {
            double s = 0;
            for (int a = 0; a < angles; a++) {
                s += sino[a * cols + c];
            }
            mean[c] = (float) (s / angles);
        }
        float[] smooth = new float[cols];
        SlidingMedian.filterRow(mean, 0, cols, window, smooth, 0);
        double[] dev = new double[cols];
        for (int c = 0; c < cols; c++) {
            dev[c] = mean[c] - smooth[c];
        }
        return dev;
    }

    /** RMS of {@link #columnMeanDeviation} over the given columns (all columns when none are given). */
    public static double rms(float[] sino, int angles, int cols, int window, int... columns) {
        double[] dev = columnMeanDeviation(sino, angles, cols, window);
        double s = 0;
        int n = 0;
        if (columns.length == 0) {
            for (double d : dev) {
                s += d * d;
            }
            n = cols;
        } else {
            for (int c : columns) {
                s += dev[c] * dev[c];
            }
            n = columns.length;
        }
        return Math.sqrt(s / n);
    }
}
