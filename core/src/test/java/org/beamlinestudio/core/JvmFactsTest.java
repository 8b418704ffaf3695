package org.beamlinestudio.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmFactsTest {

    @Test
    void hotSpotTellsItsOptionsAndTheProcessCpuTime() {
        assertThat(JvmFacts.vmOption("LoopUnrollLimit")).get().satisfies(v -> assertThat(Integer.parseInt(v))
                .isPositive());
        assertThat(JvmFacts.vmOption("NoSuchOptionAnywhere")).isEmpty();
        long before = JvmFacts.processCpuNanos();
        double sink = 0;
        for (int i = 0; i < 5_000_000; i++) {
            sink += Math.sqrt(i);
        }
        assertThat(sink).isPositive();
        assertThat(JvmFacts.processCpuNanos()).isGreaterThan(before);
    }
}
