package org.beamlinestudio.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ColormapsTest {

    @Test
    void tablesMatchMatplotlibAtTheirEnds() {
        // Reference values from matplotlib's _cm_listed.py.
        assertThat(Colormaps.argb("viridis", 0)).isEqualTo(0xFF440154);
        assertThat(Colormaps.argb("viridis", 1)).isEqualTo(0xFFFDE725);
        assertThat(Colormaps.argb("viridis", 0.5)).isEqualTo(0xFF21918C);
        assertThat(Colormaps.argb("magma", 0)).isEqualTo(0xFF000004);
        assertThat(Colormaps.argb("magma", 1)).isEqualTo(0xFFFCFDBF);
        assertThat(Colormaps.argb("inferno", 0)).isEqualTo(0xFF000004);
        assertThat(Colormaps.argb("inferno", 1)).isEqualTo(0xFFFCFFA4);
        assertThat(Colormaps.argb("plasma", 0)).isEqualTo(0xFF0D0887);
        assertThat(Colormaps.argb("plasma", 1)).isEqualTo(0xFFF0F921);
        assertThat(Colormaps.argb("cividis", 0)).isEqualTo(0xFF00224E);
        assertThat(Colormaps.argb("gray", 0)).isEqualTo(0xFF000000);
        assertThat(Colormaps.argb("gray", 1)).isEqualTo(0xFFFFFFFF);
        assertThat(Colormaps.names()).containsExactly("gray", "viridis", "magma", "inferno", "plasma", "cividis");
        assertThat(Colormaps.table("viridis")).hasSize(256);
    }

    @Test
    void invertedMapsRunBackwardsAndValuesClamp() {
        assertThat(Colormaps.inverted("viridis")).isEqualTo("viridis_r");
        assertThat(Colormaps.argb("viridis_r", 0)).isEqualTo(0xFFFDE725);
        assertThat(Colormaps.table("viridis_r")[255]).isEqualTo(0xFF440154);
        assertThat(Colormaps.argb("viridis", -3)).isEqualTo(0xFF440154);
        assertThat(Colormaps.argb("viridis", 7)).isEqualTo(0xFFFDE725);
        assertThatThrownBy(() -> Colormaps.argb("jet", 0.5)).hasMessageContaining("jet");
    }
}
