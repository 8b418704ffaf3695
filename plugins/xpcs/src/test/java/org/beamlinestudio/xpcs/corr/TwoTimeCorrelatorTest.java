package org.beamlinestudio.xpcs.corr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.beamlinestudio.xpcs.io.FrameSource;
import org.beamlinestudio.xpcs.qmap.QMap;
import org.junit.jupiter.api.Test;

class TwoTimeCorrelatorTest {

    /** The first {@code n} frames of {@code src}, so both correlators see the same data. */
    private static FrameSource firstFrames(FrameSource src, int n) {
        return new FrameSource() {
            @Override
            public int frames() {
                return n;
            }

            @Override
            public int height() {
                return src.height();
            }

            @Override
            public int width() {
                return src.width();
            }

            @Override
            public float[] read(int first, int count) throws org.beamlinestudio.core.data.DataFileException {
                return src.read(first, count);
            }

            @Override
            public java.nio.file.Path file() {
                return src.file();
            }

            @Override
            public String describe() {
                return src.describe() + " (first " + n + " frames)";
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void g2FromTheDiagonalsAgreesWithMultiTauOnTheSameFrames() throws Exception {
        QMap qmap = SimOu128.qmap();
        int[] rings = {1, 5, 10};
        TwoTimeResult tt;
        MultiTauResult mt;
        try (FrameSource src = SimOu128.frames()) {
            tt = new TwoTimeCorrelator(qmap, 1e-3).correlate(src, 0, 1000, 1, rings);
            mt = new MultiTauCorrelator(qmap, 1e-3, new MultiTauCorrelator.Options(4, true, 64, 2, true))
                    .correlate(firstFrames(src, 1000), null);
        }
        assertEquals(1000, tt.steps());
        float[] c = tt.c()[0];
        assertEquals(c[3 * 1000 + 7], c[7 * 1000 + 3], 0f, "C is symmetric");
        double worst = 0;
        for (int k = 0; k < rings.length; k++) {
            double[] g2 = tt.g2FromDiagonals(k);
            for (int d = 0; d < mt.delayFrames().length && mt.delayFrames()[d] <= 64; d++) {
                double multi = mt.g2()[rings[k] - 1][d];
                double two = g2[mt.delayFrames()[d]];
                worst = Math.max(worst, Math.abs(two - multi));
                assertEquals(multi, two, 0.01, "ring " + rings[k] + " delay " + mt.delayFrames()[d]);
            }
        }
        System.out.printf("two-time vs multi-tau (delays ≤ 64, rings 1, 5, 10): worst |Δg2| %.4f%n", worst);
        // the slow ring keeps its contrast for long; the fast ring has decayed at 64 frames
        assertTrue(tt.g2FromDiagonals(0)[64] > 1.2);
        assertEquals(1.0, tt.g2FromDiagonals(2)[64], 0.01);
    }
}
