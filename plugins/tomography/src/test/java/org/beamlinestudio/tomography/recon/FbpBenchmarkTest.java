package org.beamlinestudio.tomography.recon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The benchmark entry point the {@code studio bench tomography} command calls: sane figures, no timing asserted. */
class FbpBenchmarkTest {

    @Test
    void reportsSpeedErrorAndMemoryOnJava() {
        FbpBenchmark.Result r = FbpBenchmark.run(128, 128, "java", 2, RampFilter.RAM_LAK, 1);
        assertThat(r.device()).isEqualTo("java");
        assertThat(r.n()).isEqualTo(128);
        assertThat(r.angles()).isEqualTo(128);
        assertThat(r.slices()).isEqualTo(2);
        assertThat(r.secondsPerSlice()).isPositive();
        assertThat(r.gups()).isCloseTo(128.0 * 128 * 128 / r.secondsPerSlice() / 1e9, within(1e-9));
        assertThat(r.cpuSecondsPerSlice()).isGreaterThanOrEqualTo(0);
        assertThat(r.rmse()).isBetween(0.0, 0.06);
        assertThat(r.ssim()).isGreaterThan(0.8);
        assertThat(r.meanRatio()).isCloseTo(1.0, within(0.01));
        assertThat(r.peakHeapBytes()).isPositive();
        assertThat(r.toString()).contains("GUPS").contains("RMSE");
    }
}
