package org.beamlinestudio.xpcs.corr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.beamlinestudio.xpcs.io.FrameSource;
import org.beamlinestudio.xpcs.qmap.QMap;
import org.junit.jupiter.api.Test;

/** SAXS 1-D in time segments on sim_ou_128: the segments average to the whole run and to the peer's profile. */
class SaxsSegmentsTest {

    @Test
    void segmentsOfSimOu128AverageToTheWholeRunAndThePeerProfile() throws Exception {
        QMap qmap = SimOu128.qmap();
        SaxsSegments seg;
        SaxsSegments one;
        try (FrameSource f = SimOu128.frames()) {
            seg = SaxsSegments.of(f, qmap, 15);
        }
        try (FrameSource f = SimOu128.frames()) {
            one = SaxsSegments.of(f, qmap, 1);
        }
        assertThat(seg.frameCount()).hasSize(15);
        assertThat(java.util.Arrays.stream(seg.frameCount()).sum()).isEqualTo(2000);
        assertThat(seg.firstFrame()[0]).isZero();
        assertThat(seg.saxs1d()).hasNumberOfRows(15);
        double[] whole = one.saxs1d()[0];
        double[] avg = seg.whole();
        double[] peer = SimOu128.peerSaxs1d();
        assertThat(whole).hasSize(40);
        for (int b = 0; b < 40; b++) {
            assertThat(avg[b]).as("static bin %d", b + 1).isCloseTo(whole[b], within(1e-9 * whole[b]));
            assertThat(whole[b]).as("static bin %d vs peer", b + 1).isCloseTo(peer[b], within(1e-4 * peer[b]));
            // a stationary run: every segment within 30 % of the whole. The inner bins are slow (τc = 500 frames
            // > a 133-frame segment) and hold ~60 pixels, so a segment sees one speckle pattern: ±0.55/√60 ≈ 7 %.
            for (int s = 0; s < 15; s++) {
                assertThat(seg.saxs1d()[s][b]).as("segment %d bin %d", s, b + 1)
                        .isCloseTo(whole[b], within(0.3 * whole[b]));
            }
        }
        // the bright inner bins really differ from the outer ones: the profile is not flat
        assertThat(whole[0]).isGreaterThan(5 * whole[39]);
    }
}
