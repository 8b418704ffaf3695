package org.beamlinestudio.xpcs.corr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClTestSupport;
import org.beamlinestudio.xpcs.io.FrameSource;
import org.beamlinestudio.xpcs.qmap.QMap;
import org.junit.jupiter.api.Test;

/** The OpenCL kernels against their Java twins on sim_ou_128 (PoCL in tests), and the sparse path against dense. */
class OpenClTwinsTest {

    @Test
    void openClEqualsJavaOnSimOu128() throws Exception {
        QMap qmap = SimOu128.qmap();
        MultiTauCorrelator.Options opts = new MultiTauCorrelator.Options(4, true, 50, 2, true);
        MultiTauResult java;
        MultiTauResult cl;
        try (FrameSource src = SimOu128.frames()) {
            java = new MultiTauCorrelator(qmap, 1e-3, opts).correlate(src, null);
            try (OpenClContext ctx = OpenClContext.open(OpenClTestSupport.requireDevice())) {
                cl = new MultiTauCorrelator(qmap, 1e-3, opts, ctx).correlate(src, null);
            }
        }
        assertArrayEquals(java.delayFrames(), cl.delayFrames());
        double worst = 0;
        for (int q = 0; q < 10; q++) {
            for (int t = 0; t < java.delayFrames().length; t++) {
                worst = Math.max(worst, Math.abs(cl.g2()[q][t] - java.g2()[q][t]));
                assertEquals(java.g2()[q][t], cl.g2()[q][t], 2e-5, "g2 ring " + (q + 1) + " delay " + t);
                assertEquals(java.g2Err()[q][t], cl.g2Err()[q][t], 1e-3 * java.g2Err()[q][t] + 1e-7);
            }
        }
        System.out.printf("OpenCL vs Java: worst |Δg2| %.2e%n", worst);
    }

    @Test
    void twoTimeOnOpenClEqualsJava() throws Exception {
        QMap qmap = SimOu128.qmap();
        int[] rings = {1, 10};
        TwoTimeResult java;
        TwoTimeResult cl;
        try (FrameSource src = SimOu128.frames()) {
            java = new TwoTimeCorrelator(qmap, 1e-3).correlate(src, 100, 600, 2, rings);
            try (OpenClContext ctx = OpenClContext.open(OpenClTestSupport.requireDevice())) {
                cl = new TwoTimeCorrelator(qmap, 1e-3, ctx).correlate(src, 100, 600, 2, rings);
            }
        }
        assertEquals(300, cl.steps());
        assertEquals(2e-3, cl.stepSeconds(), 1e-12);
        double worst = 0;
        for (int k = 0; k < rings.length; k++) {
            for (int i = 0; i < java.c()[k].length; i++) {
                worst = Math.max(worst, Math.abs(cl.c()[k][i] - java.c()[k][i]));
            }
        }
        System.out.printf("two-time OpenCL vs Java: worst |ΔC| %.2e%n", worst);
        assertTrue(worst < 1e-4, "worst |ΔC| " + worst);
    }

    @Test
    void sparsePathGivesTheDenseResult() throws Exception {
        QMap qmap = SimOu128.qmap();
        MultiTauResult dense;
        MultiTauResult sparse;
        try (FrameSource src = SimOu128.frames()) {
            // without frame normalisation the counts stay integers, so photon-counting zeros are exact zeros
            dense = new MultiTauCorrelator(qmap, 1e-3, new MultiTauCorrelator.Options(4, false, 64, 2, false))
                    .correlate(src, null);
            sparse = new MultiTauCorrelator(qmap, 1e-3, new MultiTauCorrelator.Options(4, false, 64, 2, true))
                    .correlate(src, null);
        }
        for (int q = 0; q < 10; q++) {
            assertArrayEquals(dense.g2()[q], sparse.g2()[q], 1e-12, "ring " + (q + 1));
        }
    }
}
