package org.beamlinestudio.tomography.center;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Timings (not asserted: the build machine is shared). Run with
 * {@code mvn -o -pl plugins/tomography -am test -Dtest=CenterBenchTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dstudio.bench=true [-Dbench.cols=2048 -Dbench.angles=1500]}.
 */
@EnabledIfSystemProperty(named = "studio.bench", matches = "true")
class CenterBenchTest {

    private static final int COLS = Integer.getInteger("bench.cols", 2048);
    private static final int ANGLES = Integer.getInteger("bench.angles", 1500);

    @Test
    void vo() {
        CenterBench.Timing t = CenterBench.vo(COLS, ANGLES, 7);
        System.out.println(t);
        assertThat(t.found()).isCloseTo(t.truth(), within(0.25));
    }

    @Test
    void halfAcquisition() {
        CenterBench.Timing t = CenterBench.halfAcquisition(COLS, ANGLES, 3);
        System.out.println(t);
        assertThat(t.found()).isCloseTo(t.truth(), within(0.25));
    }

    @Test
    void phaseCorrelation() {
        System.out.println(CenterBench.phaseCorrelation(COLS, ANGLES, 7));
    }

    @Test
    void sweepWithTheFbp() throws Exception {
        for (String device : new String[] {"java", "auto"}) {
            try (org.beamlinestudio.tomography.recon.FbpReconstructor fbp =
                         org.beamlinestudio.tomography.recon.FbpReconstructor.forDevice(device,
                                 org.beamlinestudio.tomography.recon.RampFilter.RAM_LAK)) {
                CenterBench.Timing t = CenterBench.sweep(fbp, COLS, ANGLES, 41, 3);
                System.out.println(t);
                assertThat(t.found()).isCloseTo(t.truth(), within(0.5));
            }
        }
    }

    @Test
    void sweepWithTheTestFbp() throws Exception {
        CenterBench.Timing t = CenterBench.sweep(SimpleFbp.create(true), COLS, ANGLES, 41, 3);
        System.out.println(t);
        assertThat(t.found()).isCloseTo(t.truth(), within(0.5));
    }
}
