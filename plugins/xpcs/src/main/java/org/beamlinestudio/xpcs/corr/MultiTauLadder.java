package org.beamlinestudio.xpcs.corr;

import java.util.ArrayList;
import java.util.List;

/**
 * The multi-tau delay ladder as the APS 8-ID-I correlator (boost_corr) builds it: level 0 holds delays
 * 1 … 2m, each further level k holds (m+1 … 2m)·2^k, stopping where a delay no longer fits in the frames
 * binned at that level. With m = 4 and 2000 frames: 1…8, 10, 12, 14, 16, 20 … 1536 (38 delays).
 *
 * @param delayFrames delays in original frames, increasing
 * @param level       the level of each delay (its frames are sums of 2^level original frames)
 * @param lag         each delay in frames of its level ({@code delayFrames >> level})
 */
public record MultiTauLadder(int[] delayFrames, int[] level, int[] lag) {

    /** The ladder for {@code frames} frames with {@code m} delays per level (2m on level 0). */
    public static MultiTauLadder of(int frames, int m) {
        if (m < 1 || frames < 2) {
            throw new IllegalArgumentException("need m ≥ 1 and at least 2 frames, got m=" + m + ", " + frames);
        }
        List<int[]> out = new ArrayList<>();
        for (int n = 1; n <= m && n < frames; n++) {
            out.add(new int[]{n, 0});
        }
        outer:
        for (int lev = 0; lev < 31; lev++) {
            int scl = 1 << lev;
            for (int x = m + 1; x <= 2 * m; x++) {
                if ((long) x * scl >= (long) (frames / scl) * scl) {
                    break outer;
                }
                out.add(new int[]{x * scl, lev});
            }
        }
        int[] d = new int[out.size()];
        int[] l = new int[out.size()];
        int[] g = new int[out.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = out.get(i)[0];
            l[i] = out.get(i)[1];
            g[i] = d[i] >> l[i];
        }
        return new MultiTauLadder(d, l, g);
    }

    /** Number of delays. */
    public int size() {
        return delayFrames.length;
    }

    /** Number of levels used (highest level + 1). */
    public int levels() {
        return level.length == 0 ? 0 : level[level.length - 1] + 1;
    }

    /** Largest lag within any level, in that level's frames. */
    public int maxLag() {
        int max = 0;
        for (int g : lag) {
            max = Math.max(max, g);
        }
        return max;
    }
}
