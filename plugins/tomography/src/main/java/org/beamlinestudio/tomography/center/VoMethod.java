package org.beamlinestudio.tomography.center;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Vo's Fourier centre finder (Vo, Atwood, Drakopoulos, Opt. Express 22, 19078, 2014). The 180–360° half of a
 * full-turn sinogram is made by mirroring the 0–180° half and shifting it by {@code 2·(c − (N−1)/2)} columns
 * (the columns the shift uncovers are filled from the angle-reversed sinogram); for the right centre
 * {@code c} the 360° sinogram is consistent and its 2-D spectrum is empty outside the double wedge
 * {@code |k| ≤ 2πR·|u|/W} (k: cycles per turn, u/W: cycles per column, R: object radius). The metric is the
 * mean spectral magnitude in the complementary double wedge, minimised by a coarse search on a binned
 * sinogram and a fine, sub-pixel search at full resolution.
 *
 * <p>Speed: the top half never changes and a shift is a phase ramp along the detector frequency, so the
 * spectra of the top half and of the mirrored half are computed once per block of trial shifts and each trial
 * costs one complex multiply-add per frequency inside the wedge (the 2-D FFT per trial of the paper's
 * implementations is avoided). The uncovered columns are filled exactly as in the paper for the block's integer
 * shift; within the block (±32 columns) the rest of the shift brings in replicated edge columns.
 */
final class VoMethod {

    /** Trial shifts handled by one set of spectra, each side of the block's integer shift. */
    private static final int BLOCK_HALF = 32;

    /** The coarse search bins angles until at most this many remain (it only has to be right to a few columns). */
    private static final int COARSE_MAX_ANGLES = 256;

    private VoMethod() {
    }

    static CenterEstimate find(float[] sino, int nAngles, int nCols, double[] angles, VoOptions o) {
        int[] rows = halfTurnRows(angles, nAngles);
        int n = rows.length;
        float[] a = SinogramPrep.selectRows(sino, nCols, rows);
        int fa = Math.max(1, (n + o.maxAngles() - 1) / o.maxAngles());
        float[] fine = fa == 1 ? a : SinogramPrep.bin(a, n, nCols, fa, 1);
        int nf = n / fa;
        if (o.removeStripes()) { // column means, hence stripes, are the same after binning the angles
            SinogramPrep.removeStripes(fine, nf, nCols);
        }
        if (o.denoise()) {
            fine = SinogramPrep.median3x3(fine, nf, nCols);
        }

        // far from the middle the mirrored half hardly overlaps and the gap fill makes a smooth, falsely
        // consistent sinogram: by default the middle half of the detector is searched
        double lo = Double.isNaN(o.start()) ? (nCols - 1) / 2.0 - nCols / 4.0 : o.start();
        double hi = Double.isNaN(o.stop()) ? (nCols - 1) / 2.0 + nCols / 4.0 : o.stop();
        lo = Math.max(lo, 1);
        hi = Math.min(hi, nCols - 2);
        if (hi < lo) {
            throw new IllegalArgumentException("empty search range [" + lo + ", " + hi + "] for " + nCols
                    + " columns");
        }

        // coarse: bin columns, smooth along angles (the paper's Gaussian), integer shifts = half-column steps
        int fc = Math.max(1, (nCols + o.coarseMaxColumns() - 1) / o.coarseMaxColumns());
        int nc = nCols / fc;
        int fac = Math.max(1, (nf + COARSE_MAX_ANGLES - 1) / COARSE_MAX_ANGLES);
        float[] coarse = fc == 1 ? fine : SinogramPrep.bin(fine, nf, nCols, 1, fc);
        coarse = SinogramPrep.gaussianAlongRows(coarse, nf, nc, 3.0 / fa + 0.5);
        coarse = fac == 1 ? coarse : SinogramPrep.bin(coarse, nf, nc, fac, 1);
        int nfc = nf / fac;
        double half = fc / 2.0 - 0.5; // full-resolution column of binned column 0's centre
        int sLo = (int) Math.ceil(2 * ((lo - half) / fc) - (nc - 1));
        int sHi = (int) Math.floor(2 * ((hi - half) / fc) - (nc - 1));
        int count = sHi - sLo + 1;
        double[] coarseMetric = new double[Math.max(count, 0)];
        if (count <= 0) {
            throw new IllegalArgumentException("search range too narrow for the coarse search");
        }
        for (int b0 = sLo; b0 <= sHi; b0 += 2 * BLOCK_HALF + 1) {
            int s0 = Math.min(b0 + BLOCK_HALF, sHi);
            int first = b0;
            int last = Math.min(sHi, b0 + 2 * BLOCK_HALF);
            double[] res = new double[last - first + 1];
            for (int i = 0; i < res.length; i++) {
                res[i] = first + i - s0;
            }
            double[] m = metrics(coarse, nfc, nc, s0, res, o.ratio(), o.drop());
            System.arraycopy(m, 0, coarseMetric, first - sLo, m.length);
        }
        int best = argmin(coarseMetric);
        double cCoarse = ((sLo + best) + (nc - 1)) / 2.0 * fc + half;
        double[] sorted = coarseMetric.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double confidence = median > 0 ? Math.max(0, Math.min(1, (median - sorted[0]) / median)) : 0;

        // fine: full columns, candidates on multiples of the step
        double step = o.fineStep();
        double radius = Math.max(o.fineRadius(), 1.5 * fc);
        double cen = Math.rint(cCoarse / step) * step;
        int k = (int) Math.ceil(radius / step);
        double cenFlip = (nCols - 1) / 2.0;
        int s0 = (int) Math.rint(2 * (cen - cenFlip));
        double[] cand = IntStream.rangeClosed(-k, k).mapToDouble(i -> cen + i * step)
                .filter(c -> c >= 1 && c <= nCols - 2).toArray();
        double[] res = Arrays.stream(cand).map(c -> 2 * (c - cenFlip) - s0).toArray();
        double[] fm = metrics(fine, nf, nCols, s0, res, o.ratio(), o.drop());
        int fb = argmin(fm);
        return new CenterEstimate(cand[fb], fm[fb], confidence, "vo");
    }

    /** Rows of the first half turn: angles within [θ0, θ0 + π − step/2). */
    static int[] halfTurnRows(double[] angles, int nAngles) {
        if (angles == null || angles.length != nAngles) {
            throw new IllegalArgumentException("need one angle per sinogram row: " + nAngles + " rows, "
                    + (angles == null ? "no" : angles.length) + " angles");
        }
        double a0 = angles[0];
        double span = Math.abs(angles[nAngles - 1] - a0);
        double meanStep = nAngles > 1 ? span / (nAngles - 1) : 0;
        int[] rows = IntStream.range(0, nAngles).filter(i -> Math.abs(angles[i] - a0) < Math.PI - meanStep / 2)
                .toArray();
        if (rows.length < 8) {
            throw new IllegalArgumentException("a centre search needs at least 8 projections over a half turn; found "
                    + rows.length);
        }
        if (span < Math.PI * 0.9) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the scan covers %.1f°, less than a half turn: Vo's method needs 0–180°", Math.toDegrees(span)));
        }
        return rows;
    }

    /**
     * The metric for shifts {@code s0 + res[i]} of the mirrored half (columns, may be fractional; |res| ≤ 16+).
     */
    static double[] metrics(float[] top, int n, int cols, int s0, double[] res, double ratio, int drop) {
        double maxRes = 0;
        for (double r : res) {
            maxRes = Math.max(maxRes, Math.abs(r));
        }
        int pad = (int) Math.ceil(maxRes) + 8;
        int w = SinogramPrep.fastSize(cols + 2 * pad);
        int m = 2 * n;
        double radius = ratio * cols / 2.0;
        int uMax = (int) Math.min(w / 2, Math.floor((m / 2.0) * w / (2 * Math.PI * radius)));
        int dropK = Math.min(drop, m / 4);
        if (uMax < 1) {
            return new double[res.length];
        }
        // spectra along the detector of the padded top half and of the shifted, mirrored, gap-filled half
        float[] rowT = new float[n * w];
        float[] rowB = new float[n * w];
        IntStream.range(0, n).parallel().forEach(r -> {
            int base = r * cols;
            int comp = (n - 1 - r) * cols;
            int ob = r * w;
            for (int p = 0; p < w; p++) {
                int j = Math.max(0, Math.min(cols - 1, p - pad));
                rowT[ob + p] = top[base + j];
                int src = j - s0;
                rowB[ob + p] = (src >= 0 && src < cols) ? top[base + cols - 1 - src] : top[comp + j];
            }
        });
        FloatFFT_1D rowFft = new FloatFFT_1D(w);
        IntStream.range(0, 2 * n).parallel().forEach(i -> {
            float[] arr = i < n ? rowT : rowB;
            int r = i < n ? i : i - n;
            float[] tmp = Arrays.copyOfRange(arr, r * w, (r + 1) * w);
            rowFft.realForward(tmp);
            System.arraycopy(tmp, 0, arr, r * w, w);
        });
        // spectra along the angles (2n rows = a full turn) for u = 1…uMax
        float[][] specT = new float[uMax + 1][];
        float[][] specB = new float[uMax + 1][];
        FloatFFT_1D colFft = new FloatFFT_1D(m);
        IntStream.rangeClosed(1, uMax).parallel().forEach(u -> {
            float[] t = new float[2 * m];
            float[] b = new float[2 * m];
            for (int r = 0; r < n; r++) {
                int o = r * w;
                if (u == w / 2) {
                    t[2 * r] = rowT[o + 1];
                    b[2 * r] = rowB[o + 1];
                } else {
                    t[2 * r] = rowT[o + 2 * u];
                    t[2 * r + 1] = rowT[o + 2 * u + 1];
                    b[2 * r] = rowB[o + 2 * u];
                    b[2 * r + 1] = rowB[o + 2 * u + 1];
                }
            }
            colFft.complexForward(t);
            colFft.complexForward(b);
            specT[u] = t;
            specB[u] = b;
        });
        int[] kMin = new int[uMax + 1];
        long total = 0;
        for (int u = 1; u <= uMax; u++) {
            kMin[u] = Math.max(dropK + 1, (int) Math.floor(u * 2 * Math.PI * radius / w) + 1);
            for (int kk = kMin[u]; kk <= m / 2; kk++) {
                total += (kk == m - kk) ? 1 : 2;
            }
        }
        long cnt = Math.max(1, total);
        double[] out = new double[res.length];
        IntStream.range(0, res.length).parallel().forEach(i -> {
            double sum = 0;
            for (int u = 1; u <= kMin.length - 1; u++) {
                double ph = -2 * Math.PI * u * res[i] / w;
                float c = (float) Math.cos(ph);
                float s = (float) Math.sin(ph);
                float[] t = specT[u];
                float[] b = specB[u];
                for (int kk = kMin[u]; kk <= m / 2; kk++) {
                    float sign = (kk & 1) == 0 ? 1f : -1f;
                    sum += mag(t, b, kk, c * sign, s * sign);
                    int neg = m - kk;
                    if (neg != kk) {
                        sum += mag(t, b, neg, c * sign, s * sign); // (-1)^(m-k) = (-1)^k as m is even
                    }
                }
            }
            out[i] = sum / cnt;
        });
        return out;
    }

    private static double mag(float[] t, float[] b, int k, float c, float s) {
        float br = b[2 * k];
        float bi = b[2 * k + 1];
        float re = t[2 * k] + br * c - bi * s;
        float im = t[2 * k + 1] + br * s + bi * c;
        return Math.sqrt(re * re + im * im);
    }

    static int argmin(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }
}
