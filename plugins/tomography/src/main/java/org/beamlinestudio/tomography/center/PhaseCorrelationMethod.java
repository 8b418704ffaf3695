package org.beamlinestudio.tomography.center;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * The quick estimate: the projection nearest 180° after the first one is mirrored and registered onto it by
 * phase correlation (normalised cross-power spectrum); half the shift plus the mirror's centre is the axis.
 * The peak is located to sub-pixel precision by a parabola through its three highest samples. Fast (two FFTs)
 * but fragile: anything identical in both projections and not mirrored with them — a dead or miscalibrated
 * detector column, a static artefact — correlates at zero mirror offset and can win.
 */
final class PhaseCorrelationMethod {

    private PhaseCorrelationMethod() {
    }

    static CenterEstimate find(float[] sino, int nAngles, int nCols, double[] angles) {
        if (angles == null || angles.length != nAngles) {
            throw new IllegalArgumentException("need one angle per sinogram row");
        }
        int i1 = 0;
        double bestGap = Double.MAX_VALUE;
        for (int i = 0; i < nAngles; i++) {
            double gap = Math.abs(Math.abs(angles[i] - angles[0]) - Math.PI);
            if (gap < bestGap) {
                bestGap = gap;
                i1 = i;
            }
        }
        if (bestGap > Math.toRadians(5)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "no projection near 180° after the first (nearest is %.1f° away)", Math.toDegrees(bestGap)));
        }
        float[] two = SinogramPrep.selectRows(sino, nCols, new int[] {0, i1});
        int w = SinogramPrep.fastSize(2 * nCols);
        float[] a = new float[2 * w];
        float[] b = new float[2 * w];
        double ma = 0;
        double mb = 0;
        for (int j = 0; j < nCols; j++) {
            ma += two[j];
            mb += two[nCols + j];
        }
        ma /= nCols;
        mb /= nCols;
        for (int j = 0; j < nCols; j++) {
            // a Hann taper against the wrap-around edge; the mean removed so the DC term does not dominate
            double taper = 0.5 - 0.5 * Math.cos(2 * Math.PI * (j + 0.5) / nCols);
            a[2 * j] = (float) ((two[j] - ma) * taper);
            b[2 * j] = (float) ((two[nCols + nCols - 1 - j] - mb) * taper);
        }
        FloatFFT_1D fft = new FloatFFT_1D(w);
        fft.complexForward(a);
        fft.complexForward(b);
        for (int k = 0; k < w; k++) {
            float ar = a[2 * k];
            float ai = a[2 * k + 1];
            float br = b[2 * k];
            float bi = -b[2 * k + 1];
            float re = ar * br - ai * bi;
            float im = ar * bi + ai * br;
            float mag = (float) Math.hypot(re, im);
            if (mag > 1e-20f) {
                a[2 * k] = re / mag;
                a[2 * k + 1] = im / mag;
            } else {
                a[2 * k] = 0;
                a[2 * k + 1] = 0;
            }
        }
        fft.complexInverse(a, true);
        int peak = 0;
        for (int k = 1; k < w; k++) {
            if (a[2 * k] > a[2 * peak]) {
                peak = k;
            }
        }
        double ym = a[2 * ((peak - 1 + w) % w)];
        double y0 = a[2 * peak];
        double yp = a[2 * ((peak + 1) % w)];
        double den = ym - 2 * y0 + yp;
        double frac = den < 0 ? Math.max(-0.5, Math.min(0.5, 0.5 * (ym - yp) / den)) : 0;
        double lag = peak + frac;
        if (lag > w / 2.0) {
            lag -= w;
        }
        // the mirrored projection b(j) = a(j + d) correlates at lag d; the axis is at (d + N − 1)/2
        double d = lag;
        double center = (d + nCols - 1) / 2.0;
        double sum = 0;
        for (int k = 0; k < w; k++) {
            sum += Math.abs(a[2 * k]);
        }
        double conf = sum > 0 ? Math.min(1, y0 / (sum / w) / w) : 0;
        return new CenterEstimate(center, y0, conf, "pc");
    }
}
