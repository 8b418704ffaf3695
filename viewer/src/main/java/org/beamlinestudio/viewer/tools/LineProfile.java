package org.beamlinestudio.viewer.tools;

/**
 * Values of an image along a line, sampled bilinearly once per pixel length. Coordinates are the image's continuous
 * pixel coordinates (pixel (i, j) covers [i, i+1] × [j, j+1]; its value sits at its centre (i + ½, j + ½)), as in
 * {@code FloatImageView.overlay()}. Pure.
 *
 * @param distance distance of each sample from the line's start, in pixels
 * @param values   the bilinear value there (NaN outside the image)
 */
public record LineProfile(double[] distance, double[] values) {

    /**
     * The profile from (x0, y0) to (x1, y1) of {@code height} rows of {@code width} values: samples at distances
     * 0, 1, 2, … up to the line's length (at least the two end points).
     */
    public static LineProfile sample(float[] data, int width, int height, double x0, double y0, double x1, double y1) {
        double length = Math.hypot(x1 - x0, y1 - y0);
        int n = Math.max(2, (int) Math.floor(length + 1e-9) + 1);
        double step = length >= 1 ? 1.0 / length : 1.0 / (n - 1);
        double[] d = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double t = Math.min(1, i * step);
            d[i] = t * length;
            v[i] = bilinear(data, width, height, x0 + t * (x1 - x0), y0 + t * (y1 - y0));
        }
        return new LineProfile(d, v);
    }

    /** The bilinear value at continuous pixel coordinates (x, y); edges are held; NaN outside the image. */
    public static double bilinear(float[] data, int width, int height, double x, double y) {
        if (!(x >= 0 && y >= 0 && x <= width && y <= height)) {
            return Double.NaN;
        }
        double u = Math.max(0, Math.min(width - 1, x - 0.5));
        double w = Math.max(0, Math.min(height - 1, y - 0.5));
        int i0 = (int) Math.floor(u);
        int j0 = (int) Math.floor(w);
        int i1 = Math.min(width - 1, i0 + 1);
        int j1 = Math.min(height - 1, j0 + 1);
        double fu = u - i0;
        double fw = w - j0;
        double top = data[j0 * width + i0] * (1 - fu) + data[j0 * width + i1] * fu;
        double bottom = data[j1 * width + i0] * (1 - fu) + data[j1 * width + i1] * fu;
        return top * (1 - fw) + bottom * fw;
    }
}
