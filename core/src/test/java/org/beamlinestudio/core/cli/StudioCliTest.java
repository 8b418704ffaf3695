package org.beamlinestudio.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.core.testing.TestTechniquePlugin;
import org.beamlinestudio.core.testing.TiffFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudioCliTest {

    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StudioCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void runWritesTheResultAndPrintsWhereItWent(@TempDir Path dir) throws Exception {
        Path in = TestTechniquePlugin.writeInput(dir, "v.fake", 3, 4, 5);
        Path pipelineFile = dir.resolve("p.json");
        PipelineJson.write(new Pipeline(1, "test", new Pipeline.PipelineInput("v.fake", "", "", -1, ""),
                List.of(new Pipeline.StageSpec(TestTechniquePlugin.SCALE, true, Map.of("factor", -1))),
                new Pipeline.OutputSpec(dir.resolve("neg").toString(), "tiff"), null), pipelineFile);

        Result r = cli("run", pipelineFile.toString(), "--device", "java");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Result: " + dir.resolve("neg") + System.lineSeparator());
        assertThat(r.err()).contains("[100%]");
        assertThat(TiffFiles.readFloats(dir.resolve("neg/neg_00002.tiff"))[4 * 5 - 1]).isEqualTo(-(20000f + 304f));
    }

    @Test
    void anInvalidPipelineExitsOneWithOneLineOnStderr(@TempDir Path dir) throws Exception {
        Path in = TestTechniquePlugin.writeInput(dir, "v.fake", 3, 4, 5);
        Path pipelineFile = dir.resolve("p.json");
        PipelineJson.write(new Pipeline(1, "test", new Pipeline.PipelineInput(in.toString(), "", "", -1, ""),
                List.of(new Pipeline.StageSpec(TestTechniquePlugin.SCALE, true, Map.of("factor", "lots"))),
                new Pipeline.OutputSpec(dir.resolve("o").toString(), "tiff"), null), pipelineFile);

        Result r = cli("run", pipelineFile.toString());

        assertThat(r.code()).isEqualTo(StudioCli.EXIT_BAD_INPUT);
        assertThat(r.err().lines().toList()).containsExactly(
                "studio run: the pipeline is not valid: stage 1 (Scale): factor: expected a number, found 'lots'");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void aMissingOrBrokenPipelineFileIsNamed(@TempDir Path dir) throws Exception {
        Result missing = cli("run", dir.resolve("nope.json").toString());
        assertThat(missing.code()).isEqualTo(StudioCli.EXIT_BAD_INPUT);
        assertThat(missing.err()).startsWith("studio run: " + dir.resolve("nope.json")).contains("cannot be read");

        Path broken = Files.writeString(dir.resolve("b.json"), "[1,2");
        Result bad = cli("run", broken.toString());
        assertThat(bad.code()).isEqualTo(StudioCli.EXIT_BAD_INPUT);
        assertThat(bad.err().lines().count()).isEqualTo(1);
    }

    @Test
    void aFailingRunExitsThreeAndLeavesNothing(@TempDir Path dir) throws Exception {
        Path in = TestTechniquePlugin.writeInput(dir, "v.fake", 3, 4, 5);
        Path pipelineFile = dir.resolve("p.json");
        PipelineJson.write(new Pipeline(1, "test", new Pipeline.PipelineInput(in.toString(), "", "", -1, ""),
                List.of(new Pipeline.StageSpec(TestTechniquePlugin.FAIL, true, Map.of("failAt", 0))),
                new Pipeline.OutputSpec(dir.resolve("o").toString(), "tiff"), null), pipelineFile);

        Result r = cli("run", pipelineFile.toString());
        assertThat(r.code()).isEqualTo(StudioCli.EXIT_RUN_FAILED);
        assertThat(r.err()).endsWith("studio run: test.fail: the detector exploded at chunk 0" + System.lineSeparator());
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void devicesWithoutTheOpenClModuleSaysPlainJavaAndWhy() {
        Result r = cli("devices");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("* java").contains("Chosen: java — the OpenCL module is not installed: using plain Java");
    }

    @Test
    void infoPrintsTheTreeWithShapesTypesAttributesAndTheDanglingLink() {
        Path tooth = SharedData.require("tomography/real/tooth.h5");
        Result r = cli("info", tooth.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("    data  181×2×640 float32  contiguous")
                .contains("    theta  181 float64  contiguous").contains("@units = degrees");

        Path savu = SharedData.require("tomography/real/savu_24888.nxs");
        Result s = cli("info", savu.toString());
        assertThat(s.code()).isZero();
        assertThat(s.out()).containsPattern("data  → /dls/\\S*pco1-24888.hdf:entry/instrument/detector/data  \\[BROKEN: .*pco1-24888.hdf not found");
    }

    @Test
    void infoOnAFileThatIsNotHdf5ExitsOneWithOneLineNamingIt(@TempDir Path dir) throws Exception {
        Path bogus = Files.writeString(dir.resolve("scan.h5"), "%PDF-1.7 this is a PDF");
        Result r = cli("info", bogus.toString());
        assertThat(r.code()).isEqualTo(StudioCli.EXIT_BAD_INPUT);
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("studio info: " + bogus).contains("%PDF");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Result r = cli("reconstruct-everything");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unmatched argument");
    }
}
