package org.beamlinestudio.viewer.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.beamlinestudio.viewer.Colormaps;
import org.junit.jupiter.api.Test;

/** The embedded tables against matplotlib 3.6's own colours (matplotlib.colormaps[name](t), to_hex). */
class ColormapReferenceTest {

    @Test
    void everyMapMatchesMatplotlibAtItsEndsAQuarterAndTheMiddle() {
        check("viridis", 0xFF440154, 0xFF3B528B, 0xFF21918C, 0xFFFDE725);
        check("magma", 0xFF000004, 0xFF51127C, 0xFFB73779, 0xFFFCFDBF);
        check("inferno", 0xFF000004, 0xFF57106E, 0xFFBC3754, 0xFFFCFFA4);
        check("plasma", 0xFF0D0887, 0xFF7E03A8, 0xFFCC4778, 0xFFF0F921);
        check("cividis", 0xFF00224E, 0xFF434E6C, 0xFF7D7C78, 0xFFFEE838);
        check("gray", 0xFF000000, 0xFF404040, 0xFF808080, 0xFFFFFFFF);
    }

    @Test
    void theHistogramOffersEveryMapTheIssueAsksFor() {
        assertThat(Colormaps.names()).contains("gray", "viridis", "magma", "inferno", "plasma", "cividis");
    }

    private static void check(String name, int at0, int atQuarter, int atHalf, int at1) {
        assertThat(Colormaps.argb(name, 0)).as(name + "(0)").isEqualTo(at0);
        assertThat(Colormaps.argb(name, 0.25)).as(name + "(0.25)").isEqualTo(atQuarter);
        assertThat(Colormaps.argb(name, 0.5)).as(name + "(0.5)").isEqualTo(atHalf);
        assertThat(Colormaps.argb(name, 1)).as(name + "(1)").isEqualTo(at1);
        // Inverted runs the same table backwards.
        assertThat(Colormaps.argb(name + "_r", 0)).isEqualTo(at1);
        assertThat(Colormaps.argb(name + "_r", 1)).isEqualTo(at0);
    }
}
