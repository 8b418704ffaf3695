package org.beamlinestudio.xpcs.corr;

import org.beamlinestudio.xpcs.qmap.QMap;

/**
 * Turns per-pixel G2, IP, IF (already divided by the number of pairs) into g2 per dynamic bin the way the APS
 * correlator does: ⟨G2⟩/(⟨IP⟩⟨IF⟩) per static sub-bin, averaged over the sub-bins of each dynamic bin; the error
 * as the {@link G2ErrorModel} says. Also the stability checks.
 */
final class Normalization {

    /** Relative variance below which the per-pixel spread is float rounding, not noise (relative σ 1e-5). */
    private static final double ROUNDING_VARIANCE = 1e-10;


    private final QMap qmap;
    private final PixelSelection sel;
    private final MultiTauLadder ladder;
    private final double[][] sg;
    private final double[][] sp;
    private final double[][] sf;
    private final double[][] pSum;
    private final double[][] pSq;
    private final int[][] pN;
    private final G2ErrorModel errorModel;
    /** Second moments per delay and static sub-bin: G², P², F², GP, GF, PF (for {@link G2ErrorModel#RATIO}). */
    private final double[][][] moments;

    Normalization(QMap qmap, PixelSelection sel, MultiTauLadder ladder, G2ErrorModel errorModel) {
        this.qmap = qmap;
        this.errorModel = errorModel;
        this.sel = sel;
        this.ladder = ladder;
        int d = ladder.size();
        int ns = qmap.staticCount() + 1;
        int nd = qmap.dynamicCount() + 1;
        sg = new double[d][ns];
        sp = new double[d][ns];
        sf = new double[d][ns];
        pSum = new double[d][nd];
        pSq = new double[d][nd];
        pN = new int[d][nd];
        moments = new double[6][d][ns];
    }

    /**
     * Adds one pixel's G2, IP, IF at one delay, each already divided by its number of pairs ({@code pixel} as
     * numbered in the selection). Pixels are added one at a time, so no per-pixel array is ever held.
     */
    void add(int delay, int pixel, double g2, double ip, double iff) {
        int s = sel.staticBin()[pixel];
        int q = sel.dynamicBin()[pixel];
        sg[delay][s] += g2;
        sp[delay][s] += ip;
        sf[delay][s] += iff;
        moments[0][delay][s] += g2 * g2;
        moments[1][delay][s] += ip * ip;
        moments[2][delay][s] += iff * iff;
        moments[3][delay][s] += g2 * ip;
        moments[4][delay][s] += g2 * iff;
        moments[5][delay][s] += ip * iff;
        double prod = ip * iff;
        if (prod > 0) {
            double v = g2 / prod;
            pSum[delay][q] += v;
            pSq[delay][q] += v * v;
            pN[delay][q]++;
        }
    }

    /**
     * Variance of static sub-bin {@code s}'s ratio estimate g = Ḡ/(P̄F̄) at delay {@code d} over its {@code m} pixels,
     * by linearisation: Var(u)/m with u = G/(P̄F̄) − g·(P/P̄ + F/F̄), whose mean is −g; Var(u) expands into the
     * pixels' first and second moments, so no per-pixel value is ever held.
     */
    private double ratioVariance(int d, int s, int m, double g) {
        if (m < 2) {
            return 0;
        }
        double pb = sp[d][s] / m;
        double fb = sf[d][s] / m;
        double pf = pb * fb;
        double sumU2 = moments[0][d][s] / (pf * pf)
                + g * g * (moments[1][d][s] / (pb * pb) + moments[2][d][s] / (fb * fb) + 2 * moments[5][d][s] / pf)
                - 2 * g / pf * (moments[3][d][s] / pb + moments[4][d][s] / fb);
        double meanU = -g;
        double var = Math.max(0, (sumU2 - m * meanU * meanU) / (m - 1));
        return var / m;
    }

    /**
     * @param sum2d sum over all frames of every detector pixel
     */
    MultiTauResult result(double frameTime, double[] intensity, double[] sum2d, int frames) {
        int nd = qmap.dynamicCount();
        int ns = qmap.staticCount();
        int p = sel.count();
        int[] db = sel.dynamicBin();
        int[] sb = sel.staticBin();
        int delays = ladder.size();
        double[][] g2 = new double[nd][delays];
        double[][] err = new double[nd][delays];
        int[] staticPixels = new int[ns + 1];
        int[] staticOwner = new int[ns + 1];
        for (int i = 0; i < p; i++) {
            staticPixels[sb[i]]++;
            staticOwner[sb[i]] = db[i];
        }
        for (int d = 0; d < delays; d++) {
            double[] binSum = new double[nd + 1];
            double[] binVar = new double[nd + 1];
            int[] binN = new int[nd + 1];
            for (int s = 1; s <= ns; s++) {
                int m = staticPixels[s];
                if (m == 0) {
                    continue;
                }
                double prod = (sp[d][s] / m) * (sf[d][s] / m);
                if (prod > 0) {
                    double g = (sg[d][s] / m) / prod;
                    binSum[staticOwner[s]] += g;
                    binVar[staticOwner[s]] += ratioVariance(d, s, m, g);
                    binN[staticOwner[s]]++;
                }
            }
            for (int q = 1; q <= nd; q++) {
                g2[q - 1][d] = binN[q] > 0 ? binSum[q] / binN[q] : Double.NaN;
                int m = pN[d][q];
                if (errorModel == G2ErrorModel.RATIO) {
                    err[q - 1][d] = binN[q] > 0 ? Math.sqrt(binVar[q]) / binN[q] : Double.NaN;
                } else if (m > 1) {
                    double mean = pSum[d][q] / m;
                    double var = Math.max(0, (pSq[d][q] - m * mean * mean) / (m - 1));
                    // A delay with a single frame pair has G2/(IP·IF) = 1 at every pixel: its spread is rounding
                    // (1e-9, not the peer's exact 0) and would weigh that point 10¹⁰× in a fit. Report 0 (= no
                    // error estimate, which fits skip) as the facility correlator does.
                    err[q - 1][d] = var <= ROUNDING_VARIANCE * mean * mean ? 0 : Math.sqrt(var / m);
                } else {
                    err[q - 1][d] = Double.NaN;
                }
            }
        }
        float[] mean2d = new float[sum2d.length];
        for (int i = 0; i < sum2d.length; i++) {
            mean2d[i] = (float) (sum2d[i] / frames);
        }
        double[] saxs = new double[ns];
        int[] sCount = new int[ns];
        int[] sta = qmap.staticMap();
        for (int i = 0; i < sta.length; i++) {
            if (sta[i] > 0) {
                saxs[sta[i] - 1] += mean2d[i];
                sCount[sta[i] - 1]++;
            }
        }
        for (int s = 0; s < ns; s++) {
            saxs[s] = sCount[s] > 0 ? saxs[s] / sCount[s] : Double.NaN;
        }
        double[] seconds = new double[delays];
        for (int d = 0; d < delays; d++) {
            seconds[d] = ladder.delayFrames()[d] * frameTime;
        }
        return new MultiTauResult(ladder.delayFrames().clone(), seconds, g2, err, intensity, mean2d, saxs, frames);
    }
}
