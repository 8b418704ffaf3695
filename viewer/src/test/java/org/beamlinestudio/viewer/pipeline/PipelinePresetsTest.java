package org.beamlinestudio.viewer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelinePresetsTest {

    @Test
    void presetsAreSavedListedReadBackAndDeletedByName(@TempDir Path dir) throws Exception {
        PipelinePresets presets = new PipelinePresets(dir.resolve("presets"));
        assertThat(presets.names()).isEmpty();
        Pipeline p = new Pipeline(PipelineJson.FORMAT_VERSION, "formtest", null,
                List.of(new Pipeline.StageSpec("formtest.scale", true, Map.of("factor", 2.0))), null, null);
        presets.save("Zinger removal", p);
        presets.save("bin 2", p.withStages(List.of()));
        assertThat(presets.names()).containsExactly("bin 2", "Zinger removal");
        assertThat(PipelineJson.read(presets.file("Zinger removal"))).isEqualTo(p);
        presets.delete("bin 2");
        assertThat(presets.names()).containsExactly("Zinger removal");
    }

    @Test
    void namesThatWouldLeaveTheFolderOrHideAreRefused() {
        assertThat(PipelinePresets.isValidName("fast preview 2x")).isTrue();
        assertThat(PipelinePresets.isValidName("../escape")).isFalse();
        assertThat(PipelinePresets.isValidName(".hidden")).isFalse();
        assertThat(PipelinePresets.isValidName("")).isFalse();
        assertThatThrownBy(() -> new PipelinePresets(Path.of("x")).file("a/b"))
                .hasMessageContaining("'a/b' is not a preset name");
    }
}
