package org.beamlinestudio.xpcs.corr;

import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.xpcs.io.FrameSource;
import org.beamlinestudio.xpcs.qmap.QMap;

/**
 * SAXS 1-D in time segments, for stability checks (beam damage, drifts): the run is cut into consecutive segments
 * of (nearly) equal length and each segment's mean counts per pixel in every static bin is reported. Streams the
 * frames once, a batch at a time, so memory does not depend on the number of frames.
 *
 * @param firstFrame {@code [segment]} the first frame of each segment
 * @param frameCount {@code [segment]} frames in each segment
 * @param saxs1d     {@code [segment][static bin]} mean counts per pixel per frame (NaN for an empty bin)
 */
public record SaxsSegments(int[] firstFrame, int[] frameCount, double[][] saxs1d) {

    private static final int BATCH = 64;

    /** Cuts {@code source} into {@code segments} consecutive parts (at most one per frame) and averages each. */
    public static SaxsSegments of(FrameSource source, QMap qmap, int segments) throws DataFileException {
        int n = source.frames();
        if (segments < 1) {
            throw new IllegalArgumentException("need at least one SAXS segment, got " + segments);
        }
        if (source.height() != qmap.height() || source.width() != qmap.width()) {
            throw new IllegalArgumentException(source.describe() + ": frames of " + source.height() + "×"
                    + source.width() + " but the q-map is " + qmap.height() + "×" + qmap.width());
        }
        int k = Math.max(1, Math.min(segments, n));
        int[] first = new int[k];
        int[] count = new int[k];
        for (int s = 0; s < k; s++) {
            first[s] = (int) ((long) s * n / k);
            count[s] = (int) ((long) (s + 1) * n / k) - first[s];
        }
        int ns = qmap.staticCount();
        int[] sta = qmap.staticMap();
        int[] pixels = new int[ns];
        for (int v : sta) {
            if (v > 0) {
                pixels[v - 1]++;
            }
        }
        double[][] sums = new double[k][ns];
        int frameSize = source.height() * source.width();
        int seg = 0;
        for (int f0 = 0; f0 < n; f0 += BATCH) {
            int c = Math.min(BATCH, n - f0);
            float[] frames = source.read(f0, c);
            for (int b = 0; b < c; b++) {
                int frame = f0 + b;
                while (frame >= first[seg] + count[seg]) {
                    seg++;
                }
                double[] sum = sums[seg];
                int base = b * frameSize;
                for (int i = 0; i < frameSize; i++) {
                    int s = sta[i];
                    if (s > 0) {
                        sum[s - 1] += frames[base + i];
                    }
                }
            }
        }
        for (int s = 0; s < k; s++) {
            for (int b = 0; b < ns; b++) {
                sums[s][b] = pixels[b] > 0 && count[s] > 0 ? sums[s][b] / ((double) pixels[b] * count[s]) : Double.NaN;
            }
        }
        return new SaxsSegments(first, count, sums);
    }

    /** The whole run's SAXS 1-D: the segments' profiles weighted by their frame counts. */
    public double[] whole() {
        int ns = saxs1d.length == 0 ? 0 : saxs1d[0].length;
        double[] out = new double[ns];
        long total = 0;
        for (int c : frameCount) {
            total += c;
        }
        for (int s = 0; s < saxs1d.length; s++) {
            for (int b = 0; b < ns; b++) {
                out[b] += saxs1d[s][b] * frameCount[s] / total;
            }
        }
        return out;
    }
}
