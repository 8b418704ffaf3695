package org.beamlinestudio.ptychography.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.beamlinestudio.ptychography.recon.EngineKind;
import org.beamlinestudio.ptychography.recon.EngineStep;
import org.junit.jupiter.api.Test;

class EnginePlanTextTest {

    @Test
    void theDefaultIsDmThenMl() {
        List<EngineStep> p = EnginePlanText.parse(EnginePlanText.DEFAULT);
        assertThat(p).containsExactly(EngineStep.of(EngineKind.DM, 100), EngineStep.of(EngineKind.ML, 100));
        assertThat(EnginePlanText.totalIterations(p)).isEqualTo(200);
    }

    @Test
    void parametersRoundTripThroughText() {
        List<EngineStep> p = EnginePlanText.parse("50 epie(alpha=1, beta=0.5); 30 DM(beta=0.9), 20 rPIE");
        assertThat(p).hasSize(3);
        assertThat(p.get(0).kind()).isEqualTo(EngineKind.EPIE);
        assertThat(p.get(0).parameter("beta", 0)).isEqualTo(0.5);
        assertThat(p.get(1).parameter("beta", 0)).isEqualTo(0.9);
        assertThat(EnginePlanText.parse(EnginePlanText.format(p))).isEqualTo(p);
        assertThat(EnginePlanText.format(p)).isEqualTo("50 ePIE(alpha=1.0, beta=0.5), 30 DM(beta=0.9), 20 rPIE");
    }

    @Test
    void mistakesNameTheEntry() {
        assertThatThrownBy(() -> EnginePlanText.parse("100 DM, ML")).hasMessageContaining("'ML'")
                .hasMessageContaining("ITERATIONS ENGINE");
        assertThatThrownBy(() -> EnginePlanText.parse("100 XYZ")).hasMessageContaining("XYZ");
        assertThatThrownBy(() -> EnginePlanText.parse("0 DM")).hasMessageContaining("at least one");
        assertThatThrownBy(() -> EnginePlanText.parse("10 DM(beta)")).hasMessageContaining("name=value");
        assertThatThrownBy(() -> EnginePlanText.parse(" ")).hasMessageContaining("empty");
    }
}
