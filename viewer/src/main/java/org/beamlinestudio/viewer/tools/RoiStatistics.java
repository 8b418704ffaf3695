package org.beamlinestudio.viewer.tools;

/**
 * Statistics of the pixels of an image inside a rectangle or the ellipse inscribed in it. A pixel is inside when its
 * centre (i + ½, j + ½) is. NaN and infinite pixels are counted in {@code area} but not in the values. Pure.
 *
 * @param count finite values inside
 * @param mean  their mean
 * @param std   their sample standard deviation (n − 1, as ImageJ), 0 for one value
 * @param min   the smallest
 * @param max   the largest
 * @param sum   their sum
 * @param area  pixels inside (finite or not)
 */
public record RoiStatistics(long count, double mean, double std, double min, double max, double sum, long area) {

    /** The ROI's shape. */
    public enum Shape { RECTANGLE, ELLIPSE }

    /** Statistics inside {@code shape} bounded by [x0, x1] × [y0, y1] (continuous pixel coordinates). */
    public static RoiStatistics of(float[] data, int width, int height, Shape shape,
                                   double x0, double y0, double x1, double y1) {
        double left = Math.min(x0, x1);
        double right = Math.max(x0, x1);
        double top = Math.min(y0, y1);
        double bottom = Math.max(y0, y1);
        double cx = (left + right) / 2;
        double cy = (top + bottom) / 2;
        double a = (right - left) / 2;
        double b = (bottom - top) / 2;
        int i0 = Math.max(0, (int) Math.floor(left - 0.5));
        int i1 = Math.min(width - 1, (int) Math.ceil(right - 0.5));
        int j0 = Math.max(0, (int) Math.floor(top - 0.5));
        int j1 = Math.min(height - 1, (int) Math.ceil(bottom - 0.5));
        long count = 0;
        long area = 0;
        double mean = 0;
        double m2 = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = j0; j <= j1; j++) {
            double py = j + 0.5;
            if (py < top || py > bottom) {
                continue;
            }
            for (int i = i0; i <= i1; i++) {
                double px = i + 0.5;
                if (px < left || px > right) {
                    continue;
                }
                if (shape == Shape.ELLIPSE) {
                    double dx = a > 0 ? (px - cx) / a : 0;
                    double dy = b > 0 ? (py - cy) / b : 0;
                    if (dx * dx + dy * dy > 1) {
                        continue;
                    }
                }
                area++;
                float v = data[j * width + i];
                if (!Float.isFinite(v)) {
                    continue;
                }
                count++;
                double delta = v - mean; // Welford: stable for large means with small spread
                mean += delta / count;
                m2 += delta * (v - mean);
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (count == 0) {
            return new RoiStatistics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, area);
        }
        double std = count > 1 ? Math.sqrt(m2 / (count - 1)) : 0;
        return new RoiStatistics(count, mean, std, min, max, sum, area);
    }
}
