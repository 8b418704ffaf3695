package org.beamlinestudio.viewer.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

@ExtendWith(ApplicationExtension.class)
class PlotViewTest {
    private PlotView plot;

    @Start
    void start(Stage stage) {
        plot = new PlotView();
        stage.setScene(new Scene(plot, 700, 460));
        stage.show();
    }

    /** g2-like decay over log-spaced delays, with errors growing at long delays, and its fitted curve. */
    private static List<PlotView.Series> g2Series() {
        int n = 30;
        double[] tau = new double[n];
        double[] g2 = new double[n];
        double[] err = new double[n];
        for (int i = 0; i < n; i++) {
            tau[i] = 1e-3 * Math.pow(10, i * 4.0 / (n - 1));
            double model = 1 + 0.25 * Math.exp(-2 * tau[i] / 0.05);
            err[i] = 0.004 * (1 + i / 6.0);
            g2[i] = model + err[i] * Math.sin(7.0 * i) * 0.8 - 1;
        }
        double[] ft = new double[200];
        double[] fy = new double[200];
        for (int i = 0; i < 200; i++) {
            ft[i] = 1e-3 * Math.pow(10, i * 4.0 / 199);
            fy[i] = 0.25 * Math.exp(-2 * ft[i] / 0.05);
        }
        return List.of(PlotView.Series.points("q = 0.0031 Å⁻¹", tau, g2, err),
                PlotView.Series.line("fit τc = 0.050 s", ft, fy));
    }

    /** τc(q) = 2e-5 · q⁻² over q = 0.002…0.03 Å⁻¹ with 8 % errors, and the fitted power law. */
    private static List<PlotView.Series> powerLawSeries() {
        int n = 12;
        double[] q = new double[n];
        double[] tau = new double[n];
        double[] err = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = 0.002 * Math.pow(15, i / (n - 1.0));
            double model = 2e-5 * Math.pow(q[i], -2);
            err[i] = 0.08 * model;
            tau[i] = model * (1 + 0.06 * Math.sin(5.0 * i));
        }
        double[] fq = {0.0015, 0.04};
        double[] ft = {2e-5 * Math.pow(0.0015, -2), 2e-5 * Math.pow(0.04, -2)};
        return List.of(PlotView.Series.points("τc per ring", q, tau, err),
                PlotView.Series.line("fit τc ∝ q^-2.00", fq, ft));
    }

    @Test
    void linearTicksAndPixelMappingAreMonotone(FxRobot robot) {
        robot.interact(() -> {
            plot.setSeries(List.of(PlotView.Series.points("a", new double[] {0, 0.5, 1}, new double[] {0, 1, 0.5},
                    null)));
            plot.zoomTo(0, 1, 0, 1);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(plot.xTicks()).containsExactly(0, 0.2, 0.4, 0.6, 0.8, 1.0);
        double[] prev = plot.toPixel(0, 0);
        for (double v = 0.1; v <= 1.0001; v += 0.1) {
            double[] p = plot.toPixel(v, v);
            assertThat(p[0]).isGreaterThan(prev[0]);
            assertThat(p[1]).isLessThan(prev[1]); // y grows upwards on screen
            prev = p;
        }
        // Autorange (after a double-click) adds a 5 % margin.
        robot.interact(plot::resetZoom);
        assertThat(plot.xRange()[0]).isCloseTo(-0.05, within(1e-12));
        assertThat(plot.xRange()[1]).isCloseTo(1.05, within(1e-12));
    }

    @Test
    void logAxesShowDecadesAndSkipValuesAtOrBelowZero(FxRobot robot) {
        robot.interact(() -> {
            plot.setXScale(PlotView.Scale.LOG);
            plot.setYScale(PlotView.Scale.LOG);
            plot.setSeries(List.of(PlotView.Series.points("s", new double[] {-1, 0, 2e-3, 0.5, 8},
                    new double[] {5, 5, 0.02, 0, 0.3}, null)));
        });
        WaitForAsyncUtils.waitForFxEvents();
        // x: -1 and 0 ignored → 2e-3…8 widened to decades 1e-3…10; y: 0 ignored → 0.02…5 → 0.01…10.
        assertThat(plot.xRange()).containsExactly(1e-3, 10);
        assertThat(plot.yRange()).containsExactly(1e-2, 10);
        assertThat(plot.xTicks()).containsExactly(1e-3, 1e-2, 1e-1, 1, 10);
        assertThat(plot.toPixel(0, 1)[0]).isNaN();
        double[] a = plot.toPixel(1e-3, 1e-2);
        double[] b = plot.toPixel(1e-2, 1e-1);
        double[] c = plot.toPixel(1e-1, 1);
        assertThat(b[0] - a[0]).isCloseTo(c[0] - b[0], within(1e-9)); // equal decades
        // Only the 2 points with x > 0 and y > 0 are drawn.
        assertThat(plot.toSvg().split("class=\"series-point\"", -1).length - 1).isEqualTo(2);
    }

    @Test
    void errorBarPixelLengthIsTwiceTheErrorScaled(FxRobot robot) throws Exception {
        robot.interact(() -> plot.setSeries(List.of(PlotView.Series.points("p", new double[] {1, 2, 3},
                new double[] {1, 2, 1.5}, new double[] {0.1, 0.25, 0.05}))));
        WaitForAsyncUtils.waitForFxEvents();
        Document svg = parse(plot.toSvg());
        NodeList lines = svg.getElementsByTagName("line");
        List<Double> bars = new ArrayList<>();
        for (int i = 0; i < lines.getLength(); i++) {
            Element e = (Element) lines.item(i);
            if ("errbar".equals(e.getAttribute("class"))) {
                bars.add(Math.abs(Double.parseDouble(e.getAttribute("y2")) - Double.parseDouble(e.getAttribute("y1"))));
            }
        }
        double pixelsPerUnit = plot.toPixel(0, 0)[1] - plot.toPixel(0, 1)[1];
        assertThat(pixelsPerUnit).isGreaterThan(100);
        assertThat(bars).hasSize(3);
        assertThat(bars.get(0)).isCloseTo(2 * 0.1 * pixelsPerUnit, within(0.02));
        assertThat(bars.get(1)).isCloseTo(2 * 0.25 * pixelsPerUnit, within(0.02));
        assertThat(bars.get(2)).isCloseTo(2 * 0.05 * pixelsPerUnit, within(0.02));
    }

    @Test
    void svgIsAStandaloneDocumentWithEveryLabelAndOnePathPerLine(FxRobot robot, @TempDir Path dir)
            throws Exception {
        robot.interact(() -> {
            plot.setSeries(new ArrayList<>(g2Series()) {
                {
                    add(PlotView.Series.line("second <fit>", new double[] {1e-3, 1e-2, Double.NaN, 0.5, 1},
                            new double[] {0.2, 0.1, 0.05, 0.02, 0.01}));
                }
            });
            plot.setXScale(PlotView.Scale.LOG);
            plot.setTitle("g2 − 1, ring 3");
            plot.setXLabel("τ (s)");
            plot.setYLabel("g2 − 1");
        });
        WaitForAsyncUtils.waitForFxEvents();
        Path file = dir.resolve("plot.svg");
        robot.interact(() -> {
            try {
                plot.saveSvg(file);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Document svg = parse(Files.readString(file));
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.getDocumentElement().getAttribute("width")).isEqualTo("700");
        assertThat(svg.getElementsByTagName("path").getLength()).isEqualTo(2);
        assertThat(svg.getElementsByTagName("polyline").getLength()).isZero();
        List<String> texts = new ArrayList<>();
        NodeList t = svg.getElementsByTagName("text");
        for (int i = 0; i < t.getLength(); i++) {
            texts.add(t.item(i).getTextContent());
        }
        assertThat(texts).contains("g2 − 1, ring 3", "τ (s)", "g2 − 1", "q = 0.0031 Å⁻¹", "fit τc = 0.050 s",
                "second <fit>", "0.01", "0.1", "10");
        // The NaN breaks the second line into two pieces of one path.
        Element second = (Element) svg.getElementsByTagName("path").item(1);
        assertThat(second.getAttribute("d").chars().filter(ch -> ch == 'M').count()).isEqualTo(2);
    }

    @Test
    void pngHasTheViewsSizeAndCsvRoundTrips(FxRobot robot, @TempDir Path dir) throws Exception {
        robot.interact(() -> plot.setSeries(g2Series()));
        WaitForAsyncUtils.waitForFxEvents();
        Path png = dir.resolve("out/plot.png");
        Path csv = dir.resolve("plot.csv");
        robot.interact(() -> {
            try {
                plot.savePng(png);
                plot.saveCsv(csv);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage img = javax.imageio.ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(img.getWidth()).isEqualTo((int) plot.getWidth());
        assertThat(img.getHeight()).isEqualTo((int) plot.getHeight());
        assertThat(Files.list(dir.resolve("out"))).hasSize(1); // no temp file left

        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(rows.get(0)).isEqualTo("series,x,y,yErr");
        assertThat(rows).hasSize(1 + 30 + 200);
        PlotView.Series points = g2Series().get(0);
        for (int i = 0; i < 30; i++) {
            String[] f = rows.get(1 + i).split(",");
            assertThat(f[0]).isEqualTo(points.name());
            assertThat(Double.parseDouble(f[1])).isEqualTo(points.x()[i]);
            assertThat(Double.parseDouble(f[2])).isEqualTo(points.y()[i]);
            assertThat(Double.parseDouble(f[3])).isEqualTo(points.yErr()[i]);
        }
        assertThat(rows.get(31)).startsWith("fit τc = 0.050 s,").endsWith(",");
    }

    @Test
    void readoutNamesTheNearestPointWithItsError(FxRobot robot) {
        robot.interact(() -> plot.setSeries(List.of(PlotView.Series.points("ring 2", new double[] {1, 2, 3},
                new double[] {10, 20, 15}, new double[] {0.5, 1.25, 2}))));
        WaitForAsyncUtils.waitForFxEvents();
        double[] p = plot.toPixel(2, 20);
        assertThat(plot.readoutAt(p[0] + 3, p[1] - 2)).isEqualTo("ring 2: x = 2, y = 20 ± 1.25");
        assertThat(plot.readoutAt(p[0] + 200, p[1] + 200)).isEmpty();
        // The mouse over the canvas shows it in the readout label.
        robot.moveTo(plot.localToScreen(p[0] + 1, p[1] + 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(plot.readoutText()).isEqualTo("ring 2: x = 2, y = 20 ± 1.25");
    }

    @Test
    void dragZoomsAndDoubleClickResets(FxRobot robot) {
        robot.interact(() -> plot.setSeries(List.of(PlotView.Series.points("a", new double[] {0, 10},
                new double[] {0, 10}, null))));
        WaitForAsyncUtils.waitForFxEvents();
        double[] from = plot.toPixel(2, 8);
        double[] to = plot.toPixel(6, 4);
        robot.drag(plot.localToScreen(from[0], from[1]), javafx.scene.input.MouseButton.PRIMARY)
                .dropTo(plot.localToScreen(to[0], to[1]));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(plot.xRange()[0]).isCloseTo(2, within(0.1));
        assertThat(plot.xRange()[1]).isCloseTo(6, within(0.1));
        assertThat(plot.yRange()[0]).isCloseTo(4, within(0.1));
        assertThat(plot.yRange()[1]).isCloseTo(8, within(0.1));
        robot.doubleClickOn(plot.lookup("#plotCanvas"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(plot.xRange()).containsExactly(-0.5, 10.5);
    }

    @Test
    void screenshotOfALogLogPlotWithErrorBarsAndAFit(FxRobot robot) throws Exception {
        robot.interact(() -> {
            plot.setSeries(powerLawSeries());
            plot.setXScale(PlotView.Scale.LOG);
            plot.setYScale(PlotView.Scale.LOG);
            plot.setTitle("relaxation time per ring (log–log)");
            plot.setXLabel("q (Å⁻¹)");
            plot.setYLabel("τc (s)");
        });
        WaitForAsyncUtils.waitForFxEvents();
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        robot.interact(() -> {
            try {
                plot.savePng(out.resolve("plot-loglog-errorbars-fit.png"));
                plot.saveSvg(out.resolve("plot-loglog-errorbars-fit.svg"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(out.resolve("plot-loglog-errorbars-fit.png")).exists();
        assertThat(plot.xTicks()).containsExactly(1e-3, 1e-2, 1e-1);
        assertThat(plot.yTicks()).containsExactly(1e-2, 1e-1, 1, 10);
        robot.interact(() -> {
            plot.setSeries(g2Series());
            plot.setYScale(PlotView.Scale.LINEAR);
            plot.setTitle("g2 − 1, ring 3");
            plot.setXLabel("delay τ (s)");
            plot.setYLabel("g2(τ) − 1");
            try {
                plot.savePng(out.resolve("plot-semilog-g2.png"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static Document parse(String xml) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
