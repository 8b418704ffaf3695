package org.beamlinestudio.tomography.center;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Offset-axis (half-acquisition) scans over a full turn: the axis lies near one edge of the detector, so each
 * projection and the mirrored one 180° later overlap only over a strip near that edge (Vo's 360° method compares
 * the 0–180° half with the mirrored 180–360° half in the same spirit). Every overlap width from
 * {@code minOverlap} to the whole detector is tried on both sides; the metric is 1 − the Pearson correlation of
 * the two halves over the overlap (all angles at once); the best integer offset is then refined by a parabola.
 */
final class HalfAcquisitionMethod {

    private static final int MAX_PAIRS = 256;
    private static final int COARSE_COLUMNS = 512;

    private HalfAcquisitionMethod() {
    }

    static CenterEstimate find(float[] sino, int nAngles, int nCols, double[] angles, int minOverlap) {
        if (angles == null || angles.length != nAngles) {
            throw new IllegalArgumentException("need one angle per sinogram row");
        }
        double a0 = angles[0];
        double span = Math.abs(angles[nAngles - 1] - a0);
        if (span < Math.toRadians(350)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "an offset-axis scan needs a full turn; this one covers %.1f°", Math.toDegrees(span)));
        }
        // pair each row of the first half turn with the row nearest 180° later
        int[] first = IntStream.range(0, nAngles).filter(i -> Math.abs(angles[i] - a0) < Math.PI - 1e-9).toArray();
        int[] second = new int[first.length];
        for (int q = 0; q < first.length; q++) {
            double target = angles[first[q]] + Math.signum(angles[nAngles - 1] - a0) * Math.PI;
            int best = 0;
            double gap = Double.MAX_VALUE;
            for (int i = 0; i < nAngles; i++) {
                double g = Math.abs(angles[i] - target);
                if (g < gap) {
                    gap = g;
                    best = i;
                }
            }
            second[q] = best;
        }
        if (first.length > MAX_PAIRS) { // the correlation needs some angles, not all of them
            int stride = (first.length + MAX_PAIRS - 1) / MAX_PAIRS;
            int[] f = first;
            int[] s = second;
            first = IntStream.range(0, f.length / stride).map(q -> f[q * stride]).toArray();
            second = IntStream.range(0, f.length / stride).map(q -> s[q * stride]).toArray();
        }
        int n = first.length;
        float[] top = SinogramPrep.selectRows(sino, nCols, first);
        float[] bot = SinogramPrep.selectRows(sino, nCols, second);
        SinogramPrep.removeStripes(top, n, nCols);
        SinogramPrep.removeStripes(bot, n, nCols);
        top = SinogramPrep.median3x3(top, n, nCols);
        bot = SinogramPrep.median3x3(bot, n, nCols);
        final float[] t = top;
        final float[] b = bot;
        int minOv = Math.max(4, Math.min(minOverlap, nCols));
        // mirrored bottom fb(j) = b(N−1−j) equals top(j + d), d = 2c − N + 1; overlap where 0 ≤ j, j + d < N.
        // Coarse on columns binned to ≤ 512, then every offset within two binned columns at full resolution.
        int fc = Math.max(1, (nCols + COARSE_COLUMNS - 1) / COARSE_COLUMNS);
        int dLo = -(nCols - minOv);
        int dHi = nCols - minOv;
        int lo = dLo;
        int hi = dHi;
        double[] curve = null;
        if (fc > 1) {
            int nc = nCols / fc;
            float[] tc = SinogramPrep.bin(t, n, nCols, 1, fc);
            float[] bc = SinogramPrep.bin(b, n, nCols, 1, fc);
            int cLo = -(nc - Math.max(2, minOv / fc));
            int cHi = -cLo;
            double[] cm = new double[cHi - cLo + 1];
            IntStream.rangeClosed(cLo, cHi).parallel().forEach(d -> cm[d - cLo] = 1 - correlation(tc, bc, n, nc, d));
            // binned column q has its centre at q·fc + (fc−1)/2; mirroring the binned row maps the offset dc to
            // d = dc·fc − (N − nc·fc) (the columns the binning dropped at the right end)
            int dc = cLo + VoMethod.argmin(cm);
            int centre = dc * fc - (nCols - nc * fc);
            lo = Math.max(dLo, centre - 2 * fc);
            hi = Math.min(dHi, centre + 2 * fc);
            curve = cm;
        }
        int from = lo;
        double[] metric = new double[hi - lo + 1];
        IntStream.rangeClosed(lo, hi).parallel().forEach(d -> metric[d - from] = 1 - correlation(t, b, n, nCols, d));
        int best = VoMethod.argmin(metric);
        double frac = 0;
        if (best > 0 && best < metric.length - 1) {
            double ym = metric[best - 1];
            double y0 = metric[best];
            double yp = metric[best + 1];
            double den = ym - 2 * y0 + yp;
            if (den > 0) {
                frac = Math.max(-0.5, Math.min(0.5, 0.5 * (ym - yp) / den));
            }
        }
        double d = from + best + frac;
        double[] sorted = (curve != null ? curve : metric).clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double conf = median > 0 ? Math.max(0, Math.min(1, (median - sorted[0]) / median)) : 0;
        return new CenterEstimate((d + nCols - 1) / 2.0, metric[best], conf, "vo-360");
    }

    private static double correlation(float[] t, float[] b, int n, int cols, int d) {
        int j0 = Math.max(0, -d);
        int j1 = Math.min(cols, cols - d);
        double st = 0;
        double sb = 0;
        double stt = 0;
        double sbb = 0;
        double stb = 0;
        long cnt = 0;
        for (int r = 0; r < n; r++) {
            int base = r * cols;
            for (int j = j0; j < j1; j++) {
                double x = t[base + j + d];
                double y = b[base + cols - 1 - j];
                st += x;
                sb += y;
                stt += x * x;
                sbb += y * y;
                stb += x * y;
            }
            cnt += j1 - j0;
        }
        double vt = stt - st * st / cnt;
        double vb = sbb - sb * sb / cnt;
        if (vt <= 0 || vb <= 0) {
            return 0;
        }
        return (stb - st * sb / cnt) / Math.sqrt(vt * vb);
    }
}
