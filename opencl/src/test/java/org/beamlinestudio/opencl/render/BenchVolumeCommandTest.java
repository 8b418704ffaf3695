package org.beamlinestudio.opencl.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.beamlinestudio.core.render.VolumeGrid;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code studio bench volume} on a small volume: one JSON line per device and mode, with the levels the view uses. */
class BenchVolumeCommandTest {

    @Test
    void printsOneLinePerModeWithTheLevelsAndTargets() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchVolumeCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        int rc = cl.execute("--size", "256", "--image", "64", "--frames", "2", "--rests", "1", "--devices", "java",
                "--modes", "mip,shaded");
        assertThat(rc).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode mip = new ObjectMapper().readTree(lines[0]);
        assertThat(mip.get("device").asText()).isEqualTo("java");
        assertThat(mip.get("mode").asText()).isEqualTo("MIP");
        // 256³ → moving at level 1 (128³) with a 32-pixel image; at rest level 0.
        assertThat(mip.get("moving_level").asInt()).isEqualTo(1);
        assertThat(mip.get("moving_shape").asInt()).isEqualTo(128);
        assertThat(mip.get("moving_image").asInt()).isEqualTo(32);
        assertThat(mip.get("rest_level").asInt()).isZero();
        assertThat(mip.get("moving_fps").asDouble()).isPositive();
        assertThat(mip.get("rest_seconds").asDouble()).isPositive();
        assertThat(new ObjectMapper().readTree(lines[1]).get("mode").asText()).isEqualTo("SHADED");
    }

    @Test
    void studioFindsTheBenchThroughTheServiceLoader() {
        boolean found = false;
        for (org.beamlinestudio.core.cli.CliCommandProvider p
                : java.util.ServiceLoader.load(org.beamlinestudio.core.cli.CliCommandProvider.class)) {
            for (Object c : p.benchCommands()) {
                found |= c instanceof BenchVolumeCommand;
            }
        }
        assertThat(found).as("studio bench volume registered").isTrue();
    }

    @Test
    void thePhantomIsAirOutsideACylinderWithBrightBalls() {
        VolumeGrid g = BenchVolumeCommand.phantom(64);
        assertThat(g.get(0, 0, 0)).as("air, with noise below 40").isLessThan(40f);
        assertThat(g.get(32, 32, 32)).as("inside the cylinder").isGreaterThanOrEqualTo(200f);
        float max = Float.NEGATIVE_INFINITY;
        for (float v : g.data()) {
            max = Math.max(max, v);
        }
        assertThat(max).as("bright balls").isGreaterThan(800f);
    }
}
