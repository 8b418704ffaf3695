package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildInfoTest {

    @Test
    void theBuildFillsInVersionAndTime() {
        // target/classes holds the filtered build-info.properties, as the jar does.
        BuildInfo info = BuildInfo.current();
        assertThat(info.version()).doesNotContain("${").isNotEqualTo("development");
        assertThat(info.buildTime()).hasValueSatisfying(t -> assertThat(t).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        // In a git checkout: the commit, else nothing (never the placeholder).
        info.commit().ifPresent(c -> assertThat(c).matches("[0-9a-f]{7,40}"));
        assertThat(info.describe()).contains("built " + info.buildTime().orElseThrow());
    }
}
