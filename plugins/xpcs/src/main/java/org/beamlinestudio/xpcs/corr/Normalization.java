package org.beamlinestudio.xpcs.corr;

import org.beamlinestudio.xpcs.qmap.QMap;

/**
 * Turns per-pixel G2, IP, IF (already divided by the number of pairs) into g2 per dynamic bin the way the APS
 * correlator does: ⟨G2⟩/(⟨IP⟩⟨IF⟩) per static sub-bin, averaged over the sub-bins of each dynamic bin; the error
 * is the standard error of the per-pixel G2/(IP·IF) over the dynamic bin. Also the stability checks.
 */
final class Normalization {

    private Normalization() {
    }

    /**
     * @param pixelSums {@code [3·delay + k][pixel]}, k = 0 G2, 1 IP, 2 IF, pixels as in {@code sel}
     * @param sum2d     sum over all frames of every detector pixel
     */
    static MultiTauResult result(QMap qmap, PixelSelection sel, MultiTauLadder ladder, double frameTime,
                                 double[][] pixelSums, double[] intensity, double[] sum2d, int frames) {
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
            double[] sg = new double[ns + 1];
            double[] sp = new double[ns + 1];
            double[] sf = new double[ns + 1];
            double[] pSum = new double[nd + 1];
            double[] pSq = new double[nd + 1];
            int[] pN = new int[nd + 1];
            double[] gg = pixelSums[3 * d];
            double[] ip = pixelSums[3 * d + 1];
            double[] iff = pixelSums[3 * d + 2];
            for (int i = 0; i < p; i++) {
                sg[sb[i]] += gg[i];
                sp[sb[i]] += ip[i];
                sf[sb[i]] += iff[i];
                double prod = ip[i] * iff[i];
                if (prod > 0) {
                    double v = gg[i] / prod;
                    pSum[db[i]] += v;
                    pSq[db[i]] += v * v;
                    pN[db[i]]++;
                }
            }
            double[] binSum = new double[nd + 1];
            int[] binN = new int[nd + 1];
            for (int s = 1; s <= ns; s++) {
                int m = staticPixels[s];
                if (m == 0) {
                    continue;
                }
                double prod = (sp[s] / m) * (sf[s] / m);
                if (prod > 0) {
                    binSum[staticOwner[s]] += (sg[s] / m) / prod;
                    binN[staticOwner[s]]++;
                }
            }
            for (int q = 1; q <= nd; q++) {
                g2[q - 1][d] = binN[q] > 0 ? binSum[q] / binN[q] : Double.NaN;
                int m = pN[q];
                if (m > 1) {
                    double mean = pSum[q] / m;
                    double var = Math.max(0, (pSq[q] - m * mean * mean) / (m - 1));
                    err[q - 1][d] = Math.sqrt(var / m);
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
