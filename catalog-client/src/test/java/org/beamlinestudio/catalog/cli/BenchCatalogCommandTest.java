package org.beamlinestudio.catalog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCatalogCommandTest {

    @TempDir
    Path scratch;

    @Test
    void printsOneLinePerQueryWithTotalsThatFitTheSyntheticCatalog() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new BenchCatalogCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        int rc = cl.execute("--entries", "3000", "--repeats", "3", "--scratch", scratch.toString());
        assertThat(rc).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(1 + BenchCatalogCommand.cases().size());
        assertThat(lines.get(0)).contains("\"phase\":\"fill\"").contains("\"entries\":3000");
        String words = line(lines, "\"query\":\"words\"");
        // one sample in fifty is tooth: about 60 of 3000
        assertThat(number(words, "total")).isBetween(30.0, 100.0);
        assertThat(number(line(lines, "\"query\":\"numeric\""), "total")).isBetween(1300.0, 1900.0); // 20..40 of 5..40
        assertThat(number(line(lines, "\"query\":\"page 50\""), "total")).isEqualTo(3000.0);
        assertThat(number(line(lines, "\"query\":\"page 50\""), "returned")).isEqualTo(50.0); // entries 2500..2549
        for (String l : lines.subList(1, lines.size())) {
            assertThat(number(l, "p95_ms")).isGreaterThan(0).isGreaterThanOrEqualTo(number(l, "p50_ms"));
        }
        assertThat(new CatalogBenchCommands().benchCommands()).singleElement().isInstanceOf(BenchCatalogCommand.class);
    }

    private static String line(List<String> lines, String marker) {
        return lines.stream().filter(l -> l.contains(marker)).findFirst().orElseThrow(() -> new AssertionError(marker));
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([-0-9.eE+]+)").matcher(json);
        assertThat(m.find()).as(key + " in " + json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
