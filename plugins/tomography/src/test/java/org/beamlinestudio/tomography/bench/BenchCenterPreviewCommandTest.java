package org.beamlinestudio.tomography.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code studio bench center-preview} on a small problem: every figure is printed, the gallery finds the axis. */
class BenchCenterPreviewCommandTest {

    @Test
    void printsTheThreeLatenciesAndTheGalleryFindsTheAxis() {
        StringWriter text = new StringWriter();
        int rc = new CommandLine(new BenchCenterPreviewCommand()).setOut(new PrintWriter(text)).execute("--width", "256",
                "--angles", "180", "--device", "java", "--repeats", "3", "--gallery-repeats", "1");
        String out = text.toString();
        System.out.println(out);
        assertThat(rc).isZero();
        assertThat(out).contains("java (asked java)").contains("binned preview").contains("full preview")
                .contains("gallery         21 centers");
        assertThat(out).containsPattern("median \\d+ ms, p90 \\d+ ms");
        Matcher m = Pattern.compile("best ([0-9.]+) \\(axis ([0-9.]+)\\)").matcher(out);
        assertThat(m.find()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isCloseTo(Double.parseDouble(m.group(2)), within(0.5));
    }
}
