package org.beamlinestudio.tomography.phantom;

/**
 * How close a reconstruction is to the ground truth, measured as
 * {@code ../shared/bench/tomography/peer_bench.py} measures it, inside the disk of 95 % of the field
 * of view: raw RMSE; RMSE after the least-squares intensity scale and the best shift in
 * {−1, −½, 0, ½, 1}² px (bilinear, zero outside); SSIM of the scaled, shifted image (data range 1,
 * 7×7 uniform window, sample covariance, K1 = 0.01, K2 = 0.03, as scikit-image computes it); and
 * the mean intensity ratio (1 means no scale error).
 *
 * @param rmse         raw RMSE inside the disk
 * @param rmseAligned  RMSE after scale and shift
 * @param scale        the least-squares scale that was applied
 * @param shiftY       best shift along rows (px); 0 means no shift
 * @param shiftX       best shift along columns (px)
 * @param ssim         structural similarity of the aligned image
 * @param meanRatio    mean of the reconstruction / mean of the truth, inside the disk
 */
public record ReconstructionQuality(double rmse, double rmseAligned, double scale, double shiftY, double shiftX,
                                    double ssim, double meanRatio) {

    private static final double[] SHIFTS = {-1, -0.5, 0, 0.5, 1};

    /** Compares an {@code n × n} reconstruction with the truth, with the alignment search. */
    public static ReconstructionQuality of(float[] rec, double[] truth, int n) {
        boolean[] m = diskMask(n, 0.95);
        double[] r = new double[rec.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = rec[i];
        }
        double rawSq = 0;
        double sumRec = 0;
        double sumTruth = 0;
        int count = 0;
        for (int i = 0; i < r.length; i++) {
            if (m[i]) {
                rawSq += (r[i] - truth[i]) * (r[i] - truth[i]);
                sumRec += r[i];
                sumTruth += truth[i];
                count++;
            }
        }
        double bestErr = Double.POSITIVE_INFINITY;
        double bestScale = 1;
        double bestDy = 0;
        double bestDx = 0;
        double[] bestImage = r;
        for (double dy : SHIFTS) {
            for (double dx : SHIFTS) {
                double[] s = (dy == 0 && dx == 0) ? r : shift(r, n, dy, dx);
                double num = 0;
                double den = 0;
                for (int i = 0; i < s.length; i++) {
                    if (m[i]) {
                        num += s[i] * truth[i];
                        den += s[i] * s[i];
                    }
                }
                double sc = den == 0 ? 0 : num / den;
                double e = 0;
                for (int i = 0; i < s.length; i++) {
                    if (m[i]) {
                        double d = sc * s[i] - truth[i];
                        e += d * d;
                    }
                }
                e = Math.sqrt(e / count);
                if (e < bestErr) {
                    bestErr = e;
                    bestScale = sc;
                    bestDy = dy;
                    bestDx = dx;
                    bestImage = s;
                }
            }
        }
        double[] a = new double[r.length];
        double[] b = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            a[i] = m[i] ? truth[i] : 0;
            b[i] = m[i] ? bestScale * bestImage[i] : 0;
        }
        return new ReconstructionQuality(Math.sqrt(rawSq / count), bestErr, bestScale, bestDy, bestDx,
                ssim(a, b, n, 1.0), sumRec / sumTruth);
    }

    /** Pixels whose centre lies within {@code frac} of the half-width from the image centre. */
    public static boolean[] diskMask(int n, double frac) {
        boolean[] m = new boolean[n * n];
        double c = n / 2.0;
        double r2 = Math.pow(frac * n / 2, 2);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i * n + j] = (j - c) * (j - c) + (i - c) * (i - c) <= r2;
            }
        }
        return m;
    }

    /** Bilinear shift by (dy, dx) pixels, zero outside (scipy.ndimage.shift, order 1, constant 0). */
    static double[] shift(double[] img, int n, double dy, double dx) {
        double[] out = new double[img.length];
        for (int i = 0; i < n; i++) {
            double y = i - dy;
            int y0 = (int) Math.floor(y);
            double fy = y - y0;
            for (int j = 0; j < n; j++) {
                double x = j - dx;
                int x0 = (int) Math.floor(x);
                double fx = x - x0;
                out[i * n + j] = (1 - fy) * ((1 - fx) * at(img, n, y0, x0) + fx * at(img, n, y0, x0 + 1))
                        + fy * ((1 - fx) * at(img, n, y0 + 1, x0) + fx * at(img, n, y0 + 1, x0 + 1));
            }
        }
        return out;
    }

    private static double at(double[] img, int n, int i, int j) {
        return i < 0 || j < 0 || i >= n || j >= n ? 0 : img[i * n + j];
    }

    /** Mean SSIM as scikit-image's structural_similarity computes it (7×7 uniform window). */
    static double ssim(double[] x, double[] y, int n, double dataRange) {
        int w = 7;
        int pad = (w - 1) / 2;
        double np = w * w;
        double covNorm = np / (np - 1);
        double c1 = Math.pow(0.01 * dataRange, 2);
        double c2 = Math.pow(0.03 * dataRange, 2);
        double sum = 0;
        long cnt = 0;
        for (int i = pad; i < n - pad; i++) {
            for (int j = pad; j < n - pad; j++) {
                double ux = 0;
                double uy = 0;
                double uxx = 0;
                double uyy = 0;
                double uxy = 0;
                for (int a = -pad; a <= pad; a++) {
                    int row = (i + a) * n;
                    for (int b = -pad; b <= pad; b++) {
                        double xv = x[row + j + b];
                        double yv = y[row + j + b];
                        ux += xv;
                        uy += yv;
                        uxx += xv * xv;
                        uyy += yv * yv;
                        uxy += xv * yv;
                    }
                }
                ux /= np;
                uy /= np;
                double vx = covNorm * (uxx / np - ux * ux);
                double vy = covNorm * (uyy / np - uy * uy);
                double vxy = covNorm * (uxy / np - ux * uy);
                sum += (2 * ux * uy + c1) * (2 * vxy + c2) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
                cnt++;
            }
        }
        return sum / cnt;
    }
}
