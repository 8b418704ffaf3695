package org.beamlinestudio.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineJsonTest {

    static Pipeline sample(String input) {
        return new Pipeline(PipelineJson.FORMAT_VERSION, "tomography",
                new Pipeline.PipelineInput(input, "tomography.dataexchange", "/exchange/data", 1043312, "ab12"),
                List.of(new Pipeline.StageSpec("tomography.normalize", true, Map.of()),
                        new Pipeline.StageSpec("tomography.fbp", false, Map.of("center", 296.25, "filter", "hann"))),
                new Pipeline.OutputSpec("/data/out/recon", "tiff"),
                new Pipeline.SoftwareInfo("0.1.0", Map.of("tomography", "0.1.0"), "17", "Linux"));
    }

    @Test
    void aPipelineSurvivesTheRoundTripUnchanged(@TempDir Path dir) throws Exception {
        Pipeline p = sample("/data/tooth.h5");
        Path file = dir.resolve("p.json");

        PipelineJson.write(p, file);
        Pipeline back = PipelineJson.read(file);

        assertThat(back).isEqualTo(p);
        assertThat(Files.readString(file)).startsWith("{\n  \"format\" : \"beamline-studio-pipeline\"");
        assertThat(back.stages().get(1).params()).containsEntry("center", 296.25).containsEntry("filter", "hann");
    }

    @Test
    void aRelativeInputIsResolvedAgainstThePipelineFolder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/p.json");
        PipelineJson.write(sample("../scans/tooth.h5"), file);

        assertThat(PipelineJson.read(file).input().path()).isEqualTo(dir.resolve("scans/tooth.h5").toString());
    }

    @Test
    void unknownFieldsAreIgnoredSoOlderBuildsReadNewerFilesOfTheSameVersion() throws Exception {
        String json = PipelineJson.toJson(sample("/x.h5")).replace("\"technique\"", "\"colour\" : \"blue\",\n \"technique\"");
        assertThat(PipelineJson.fromJson(json, null).technique()).isEqualTo("tomography");
    }

    @Test
    void aNewerFormatIsRefusedWithAMessageThatSaysSo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("new.json");
        Files.writeString(file, PipelineJson.toJson(sample("/x.h5")).replace("\"formatVersion\" : 1", "\"formatVersion\" : 7"));

        assertThatThrownBy(() -> PipelineJson.read(file)).isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("formatVersion 7 (written by a newer Beamline Studio)")
                .hasMessageContaining("update Beamline Studio");
    }

    @Test
    void notJsonAndNotAPipelineAreNamed(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{ \"stages\": [ ");
        assertThatThrownBy(() -> PipelineJson.read(bad)).hasMessageContaining("bad.json").hasMessageContaining("not valid JSON");

        Path other = Files.writeString(dir.resolve("other.json"), "{\"name\": \"x\"}");
        assertThatThrownBy(() -> PipelineJson.read(other)).hasMessageContaining("no \"format\" field")
                .hasMessageContaining("expected \"format\": \"beamline-studio-pipeline\"");
    }

    @Test
    void theInputFingerprintIsTheSha256OfTheFirstMebibyte(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("f.bin");
        byte[] bytes = new byte[(1 << 20) + 10];
        bytes[bytes.length - 1] = 7; // beyond the first MiB: must not change the fingerprint
        Files.write(f, bytes);
        String withTail = InputFingerprint.sha256First1MiB(f);
        bytes[bytes.length - 1] = 0;
        Files.write(f, bytes);

        assertThat(InputFingerprint.sha256First1MiB(f)).isEqualTo(withTail)
                // sha256 of 1 MiB of zero bytes
                .isEqualTo("30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58");
    }
}
