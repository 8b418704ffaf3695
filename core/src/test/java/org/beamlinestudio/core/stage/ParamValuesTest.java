package org.beamlinestudio.core.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamValuesTest {

    private static final List<ParamSpec> SPECS = List.of(
            ParamSpec.ofDouble("center", "Center of rotation", 128.0, 0.0, 4096.0, "px", "axis position"),
            ParamSpec.ofInt("iterations", "Iterations", 50, 1, 10000, "", "SIRT iterations"),
            ParamSpec.ofBoolean("mask", "Circular mask", true, "mask outside the field of view"),
            ParamSpec.ofChoice("filter", "Filter", "ram-lak", List.of("ram-lak", "shepp-logan", "hann"), "filter"));

    @Test
    void missingValuesTakeTheirDefaultsAndStringsAreParsed() {
        List<String> problems = new ArrayList<>();
        ParamValues v = ParamValues.resolve(SPECS, Map.of("center", "131.25", "mask", "false"), problems);

        assertThat(problems).isEmpty();
        assertThat(v.getDouble("center")).isEqualTo(131.25);
        assertThat(v.getInt("iterations")).isEqualTo(50);
        assertThat(v.getBoolean("mask")).isFalse();
        assertThat(v.getString("filter")).isEqualTo("ram-lak");
    }

    @Test
    void everyProblemIsReportedWithNameValueAndLimit() {
        List<String> problems = new ArrayList<>();
        ParamValues.resolve(SPECS, Map.of("center", 9000, "iterations", 2.5, "filter", "butterworth",
                "mask", "maybe", "centre", 1), problems);

        assertThat(problems).containsExactlyInAnyOrder(
                "center: 9000.0 px is above the maximum 4096 px",
                "iterations: expected a whole number, found 2.5",
                "mask: expected true or false, found 'maybe'",
                "filter: 'butterworth' is not one of [ram-lak, shepp-logan, hann]",
                "centre: unknown parameter; known: center, iterations, mask, filter");
    }

    @Test
    void belowTheMinimumIsReported() {
        List<String> problems = new ArrayList<>();
        ParamValues.resolve(SPECS, Map.of("iterations", 0), problems);
        assertThat(problems).containsExactly("iterations: 0 is below the minimum 1");
    }

    @Test
    void progressSubRangesMapOntoTheParent() {
        double[] last = new double[1];
        Progress parent = (f, m) -> last[0] = f;
        parent.sub(0.5, 0.75).update(0.5, "half");
        assertThat(last[0]).isEqualTo(0.625);
    }
}
