package org.beamlinestudio.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.testing.TestTechniquePlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineValidatorTest {

    private final PipelineValidator validator = new PipelineValidator(PluginRegistry.of(List.of(new TestTechniquePlugin())));

    private static Pipeline pipeline(Path input, List<Pipeline.StageSpec> stages, Pipeline.OutputSpec out) {
        return new Pipeline(1, "test", new Pipeline.PipelineInput(input.toString(), "test.fake", "/volume", -1, ""),
                stages, out, null);
    }

    @Test
    void aGoodPipelineHasNoProblems(@TempDir Path dir) throws Exception {
        Path in = TestTechniquePlugin.writeInput(dir, "a.fake", 2, 2, 2);
        Pipeline p = pipeline(in, List.of(new Pipeline.StageSpec(TestTechniquePlugin.SCALE, true, Map.of("factor", 3))),
                new Pipeline.OutputSpec(dir.resolve("out").toString(), "tiff"));

        ValidationReport r = validator.validate(p, Optional.of(DataKind.VOLUME));
        assertThat(r.problems()).isEmpty();
        assertThat(r.isValid()).isTrue();
    }

    @Test
    void everyProblemGetsItsOwnMessage(@TempDir Path dir) {
        Pipeline p = new Pipeline(1, "xpcs",
                new Pipeline.PipelineInput(dir.resolve("missing.fake").toString(), "", "", -1, ""),
                List.of(new Pipeline.StageSpec("test.nosuch", true, Map.of()),
                        new Pipeline.StageSpec(TestTechniquePlugin.SCALE, true, Map.of("factor", 1000))),
                new Pipeline.OutputSpec(dir.resolve("out").toString(), "png"), null);

        ValidationReport r = validator.validate(p, Optional.empty());

        assertThat(r.problems()).containsExactly(
                "technique 'xpcs' is not installed; installed: [test]",
                "input: " + dir.resolve("missing.fake") + " does not exist or is not a file",
                "stage 1 'test.nosuch': unknown stage",
                "stage 2 (Scale): factor: 1000.0 is above the maximum 100",
                "output: format 'png' is not one of " + PipelineValidator.OUTPUT_FORMATS);
    }

    @Test
    void aStageThatCannotTakeTheKindItReceivesIsNamed(@TempDir Path dir) throws Exception {
        Path in = TestTechniquePlugin.writeInput(dir, "a.fake", 2, 2, 2);
        Pipeline p = pipeline(in, List.of(new Pipeline.StageSpec(TestTechniquePlugin.SCALE, true, Map.of())),
                new Pipeline.OutputSpec(dir.resolve("out").toString(), "tiff"));

        ValidationReport r = validator.validate(p, Optional.of(DataKind.CURVE));
        assertThat(r.problems()).containsExactly("stage 1 (Scale): takes [VOLUME] but receives CURVE");
    }

    @Test
    void aChangedInputIsAWarningNotAProblem(@TempDir Path dir) throws Exception {
        Path in = TestTechniquePlugin.writeInput(dir, "a.fake", 2, 2, 2);
        Pipeline p = new Pipeline(1, "test", new Pipeline.PipelineInput(in.toString(), "test.fake", "/volume",
                Files.size(in) + 1, ""), List.of(), new Pipeline.OutputSpec(dir.resolve("o").toString(), "tiff"), null);

        ValidationReport r = validator.validate(p, Optional.empty());
        assertThat(r.isValid()).isTrue();
        assertThat(r.warnings()).singleElement().asString().contains("it is not the same file");
    }
}
