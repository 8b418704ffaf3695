package org.beamlinestudio.xpcs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchXpcsCommandTest {

    @TempDir
    Path scratch;

    @Test
    void memoryAndHdf5RunsGiveTheSameG2WithTheSimulatedContrast() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchXpcsCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        int rc = cl.execute("--frames", "400", "--size", "96", "--pixels", "5000", "--devices", "java",
                "--scratch", scratch.toString());
        assertEquals(0, rc);
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size(), out.toString());
        double g2Memory = number(lines.get(0), "g2_first_ring1");
        double g2File = number(lines.get(1), "g2_first_ring1");
        assertTrue(lines.get(1).contains("\"source\":\"hdf5\""));
        assertEquals(g2Memory, g2File, 1e-9, "the HDF5 round trip changes nothing");
        // contrast 0.3 and τc = 400 frames on ring 1: g2 at one frame ≈ 1 + 0.3·exp(−2/400)
        assertEquals(1.3, g2Memory, 0.05);
        assertTrue(number(lines.get(0), "frames_per_s") > 0);
        assertTrue(new XpcsCommands().benchCommands().get(0) instanceof BenchXpcsCommand);
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([-0-9.eE+]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
