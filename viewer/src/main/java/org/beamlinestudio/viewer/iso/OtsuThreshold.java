package org.beamlinestudio.viewer.iso;

import org.beamlinestudio.viewer.tools.Histogram;

/**
 * The threshold that best splits a histogram into two classes (Otsu: the largest between-class variance) — the
 * isosurface's starting threshold, which lands between a sample's material and its background. Pure.
 */
public final class OtsuThreshold {
    private OtsuThreshold() {
    }

    /** The value at the best split of a linear-axis histogram (the midpoint of lo and hi when it is empty). */
    public static double of(Histogram h) {
        long[] c = h.counts();
        long total = 0;
        double sum = 0;
        for (int i = 0; i < c.length; i++) {
            total += c[i];
            sum += (double) i * c[i];
        }
        if (total == 0) {
            return (h.lo() + h.hi()) / 2;
        }
        long below = 0;
        double sumBelow = 0;
        double best = -1;
        int split = c.length / 2;
        for (int i = 0; i < c.length - 1; i++) {
            below += c[i];
            sumBelow += (double) i * c[i];
            long above = total - below;
            if (below == 0 || above == 0) {
                continue;
            }
            double m0 = sumBelow / below;
            double m1 = (sum - sumBelow) / above;
            double between = (double) below * above * (m0 - m1) * (m0 - m1);
            if (between > best) {
                best = between;
                split = i + 1;
            }
        }
        return h.lo() + (h.hi() - h.lo()) * split / c.length;
    }
}
