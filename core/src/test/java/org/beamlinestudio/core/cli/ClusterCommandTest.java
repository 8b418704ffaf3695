package org.beamlinestudio.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.beamlinestudio.core.cli.StudioCliTest.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cluster commands' answers when the profile is unknown: no cluster is needed to get there. */
class ClusterCommandTest {
    @TempDir
    Path home;

    private String previousHome;

    @BeforeEach
    void isolateHome() {
        previousHome = System.getProperty("studio.home");
        System.setProperty("studio.home", home.toString());
    }

    @AfterEach
    void restoreHome() {
        if (previousHome == null) {
            System.clearProperty("studio.home");
        } else {
            System.setProperty("studio.home", previousHome);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "ping, 3, ''",
        "cancel, 1, 42",
        "fetch, 1, 42",
        "submit, 1, pipeline.json"})
    void anUnknownProfileIsNamedOnOneLineWithTheCommandsExitCode(String command, int exit, String arg) {
        Result r = arg.isEmpty()
                ? StudioCliTest.cli("cluster", command, "--profile", "nope")
                : StudioCliTest.cli("cluster", command, "--profile", "nope", arg);

        assertThat(r.code()).isEqualTo(exit);
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("studio cluster " + command + ": no cluster profile named 'nope' in ");
        assertThat(r.out()).isEmpty();
    }
}
