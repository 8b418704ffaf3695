package org.beamlinestudio.core.exec.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiles round-trip as JSON, tolerate fields they do not know, and never hold a secret. */
class ClusterProfilesTest {

    @TempDir
    Path dir;

    @Test
    void aProfileIsSavedAndReadBackWithoutTheSecretItself() throws Exception {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "SLURM_JWT=eyJsecret.value\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        ClusterProfile p = JobScriptTest.profile("gpu", 1).withToken(SecretSource.file(tokenFile.toString()));
        ClusterProfiles store = new ClusterProfiles(dir.resolve("clusters"));
        Path saved = store.save(p);

        String json = Files.readString(saved);
        assertThat(json).contains("\"kind\" : \"file\"").contains(tokenFile.toString()).doesNotContain("eyJsecret");
        assertThat(store.list()).containsExactly(p);
        assertThat(p.token().resolve("the token", null)).isEqualTo("eyJsecret.value");
        try (var files = Files.list(dir.resolve("clusters"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("hpc.json");
        }
    }

    @Test
    void unknownFieldsAreIgnoredAndDefaultsFilledIn() throws Exception {
        Path f = dir.resolve("old.json");
        Files.writeString(f, "{\"transport\":\"rest\",\"restUrl\":\"http://hpc:6820\",\"user\":\"ana\","
                + "\"someFutureSetting\":{\"x\":1}}");
        ClusterProfile p = ClusterProfiles.read(f);
        assertThat(p.name()).isEqualTo("old");
        assertThat(p.usesRest()).isTrue();
        assertThat(p.apiVersion()).isEqualTo("v0.0.38");
        assertThat(p.strictHostKeys()).isTrue();
        assertThat(p.sharedFileSystem()).isFalse();
        assertThat(p.remoteCommand()).isEqualTo("studio");
    }

    @Test
    void aTokenFileOthersCanReadIsRefusedWithTheFix() throws Exception {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "abc");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SecretSource.file(tokenFile.toString()).resolve("the token for hpc", null))
                .isInstanceOf(SlurmException.class).hasMessageContaining("readable by others")
                .hasMessageContaining("chmod 600 " + tokenFile);
    }

    @Test
    void secretsComeFromACommandOrAPromptAndAMissingVariableIsNamed() throws Exception {
        assertThat(SecretSource.command("echo SLURM_JWT=tok123").resolve("t", null)).isEqualTo("tok123");
        assertThat(SecretSource.prompt().resolve("t", what -> "typed")).isEqualTo("typed");
        assertThatThrownBy(() -> SecretSource.env("STUDIO_NO_SUCH_VARIABLE_42").resolve("the token for hpc", null))
                .hasMessageContaining("STUDIO_NO_SUCH_VARIABLE_42");
    }
}
