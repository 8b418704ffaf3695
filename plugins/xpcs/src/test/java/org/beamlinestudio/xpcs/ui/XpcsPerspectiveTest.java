package org.beamlinestudio.xpcs.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.perspective.PerspectiveProvider;
import org.beamlinestudio.viewer.plot.PlotView;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.beamlinestudio.viewer.testing.TestPerspectiveContext;
import org.beamlinestudio.xpcs.fit.PowerLawResult;
import org.beamlinestudio.xpcs.io.Aps8idiReader;
import org.beamlinestudio.xpcs.io.XpcsSource;
import org.beamlinestudio.xpcs.results.XpcsResults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The XPCS perspective on sim_ou_128 (10 rings, known τc), in a real window: mean image, Run, fits, two-time, save. */
@ExtendWith(ApplicationExtension.class)
class XpcsPerspectiveTest {
    static final String DIR = "xpcs/sim_ou_128/";

    @TempDir
    static Path tmp;

    private TestPerspectiveContext context;
    private XpcsSource source;
    private XpcsPerspective perspective;

    @Start
    void start(Stage stage) throws Exception {
        Path raw = SharedData.require(DIR + "raw/SIM_OU_02000f_128x128.h5");
        context = new TestPerspectiveContext(Files.createDirectories(tmp.resolve("work-" + System.nanoTime())));
        source = new Aps8idiReader().openXpcs(raw, Map.of());
        PerspectiveProvider provider = ServiceLoader.load(PerspectiveProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.techniqueId().equals("xpcs")).findFirst()
                .orElseThrow();
        perspective = (XpcsPerspective) provider.create(source, context);
        stage.setScene(new Scene((Parent) perspective.node(), 1200, 760));
        stage.show();
    }

    @AfterEach
    void stop(FxRobot robot) {
        if (perspective != null) {
            robot.interact(perspective::close);
        }
        if (context != null) {
            context.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    void meanImageWithRingsThenRunFitsTwoTimeSaveAndExport(FxRobot robot) throws Exception {
        FloatImageView mean = robot.lookup("#xpcsMeanImage").queryAs(FloatImageView.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> mean.imageProperty().get() != null && perspective.overlayProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(mean.imageWidth()).isEqualTo(128);
        assertThat(mean.imageHeight()).isEqualTo(128);
        assertThat(robot.lookup("#" + RingOverlay.LABEL_ID).queryAll()).hasSize(10);
        assertThat(mean.caption()).contains("first 200 frames");

        robot.interact(() -> robot.lookup("#xpcsFixBaseline").queryAs(CheckBox.class).setSelected(true));
        Button run = robot.lookup("#xpcsRun").queryButton();
        robot.interact(run::fire);
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> perspective.fitsProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(perspective.isRunning()).isFalse();

        // g2: one point series per selected (all) ring, 38 delays, within 1 % of the peer correlator
        double[][] peer = XpcsResults.read(SharedData.require(DIR
                + "peer_result/SIM_OU_02000f_128x128_results.hdf")).multiTau().g2();
        PlotView g2 = robot.lookup("#xpcsG2Plot").queryAs(PlotView.class);
        List<PlotView.Series> points = g2.series().stream().filter(s -> s.style() == PlotView.Style.POINTS).toList();
        assertThat(points).hasSize(10);
        for (int ring = 0; ring < 10; ring++) {
            PlotView.Series s = points.get(ring);
            assertThat(s.y()).as("ring %d delays", ring + 1).hasSize(38);
            assertThat(s.yErr()).isNotNull();
            for (int k = 0; k < 38; k++) {
                assertThat(s.y()[k]).as("ring %d delay %d", ring + 1, k)
                        .isCloseTo(peer[ring][k], within(0.01 * Math.abs(peer[ring][k])));
            }
        }
        assertThat(g2.series().stream().filter(s -> s.style() == PlotView.Style.LINE)).hasSize(10);
        assertThat(g2.xScale()).isEqualTo(PlotView.Scale.LOG);
        assertThat(robot.lookup("#xpcsProgress").queryAs(javafx.scene.control.ProgressBar.class).getProgress())
                .isEqualTo(1.0);
        assertThat(robot.lookup("#xpcsRunStatus").queryLabeled().getText()).contains("2000 frames").contains("frames/s");

        // results table: τc within max(3 %, 4σ) of the truth in every ring
        JsonNode truth = new ObjectMapper().readTree(SharedData.require(DIR + "truth.json").toFile());
        double frameTime = truth.get("frame_time_s").asDouble();
        @SuppressWarnings("unchecked")
        TableView<ResultRow> table = robot.lookup("#xpcsResultsTable").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(10);
        for (int i = 0; i < 10; i++) {
            ResultRow r = table.getItems().get(i);
            double expected = truth.get("tau_c_frames").get(i).asDouble() * frameTime;
            assertThat(r.tau()).as("ring %d τc (s)", i + 1)
                    .isCloseTo(expected, within(Math.max(0.03 * expected, 4 * r.tauErr())));
            assertThat(r.baseline()).isEqualTo(1.0);
        }

        // τc(q): the points and the power-law line, p ≈ 2
        PowerLawResult law = perspective.fitsProperty().get().powerLaw();
        assertThat(law).isNotNull();
        assertThat(law.exponent()).isCloseTo(2.0, within(0.05));
        PlotView tau = robot.lookup("#xpcsTauPlot").queryAs(PlotView.class);
        PlotView.Series line = tau.series().stream().filter(s -> s.style() == PlotView.Style.LINE).findFirst()
                .orElseThrow();
        assertThat(line.y()[0]).isCloseTo(law.tau(line.x()[0]), within(1e-12));
        assertThat(tau.xScale()).isEqualTo(PlotView.Scale.LOG);
        assertThat(tau.yScale()).isEqualTo(PlotView.Scale.LOG);
        assertThat(robot.lookup("#xpcsIntensityPlot").queryAs(PlotView.class).series().get(0).y()).hasSize(2000);
        assertThat(robot.lookup("#xpcsSaxsPlot").queryAs(PlotView.class).series().get(0).y()).hasSize(40);

        // unticking ring 1 removes its points and its fitted curve
        robot.interact(() -> perspective.ringChoices().get(0).selected().set(false));
        assertThat(g2.series().stream().filter(s -> s.style() == PlotView.Style.POINTS)).hasSize(9);
        assertThat(g2.series().get(0).name()).startsWith("ring 2");
        robot.interact(() -> perspective.ringChoices().get(0).selected().set(true));

        robot.interact(() -> robot.lookup("#xpcsTabs").queryAs(TabPane.class).getSelectionModel().select(0));
        Screenshots.save(robot, "xpcs_perspective_g2.png");
        // SAXS-1D in time segments: the whole run plus one curve per segment.
        robot.interact(() -> robot.lookup("#xpcsTabs").queryAs(TabPane.class).getSelectionModel().select(4));
        robot.interact(() -> perspective.showSaxsSegments(5));
        PlotView saxs = robot.lookup("#xpcsSaxsPlot").queryAs(PlotView.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> saxs.series().size() == 6);
        assertThat(saxs.series().get(1).name()).isEqualTo("frames 0–399");
        assertThat(saxs.series().get(5).name()).isEqualTo("frames 1600–1999");
        Screenshots.save(robot, "xpcs_perspective_saxs_segments.png");
        robot.interact(() -> robot.lookup("#xpcsTabs").queryAs(TabPane.class).getSelectionModel().select(2));
        Screenshots.save(robot, "xpcs_perspective_tau.png");
        robot.interact(() -> robot.lookup("#xpcsTabs").queryAs(TabPane.class).getSelectionModel().select(1));
        Screenshots.save(robot, "xpcs_perspective_results.png");

        // two-time of ring 5 over the first 1000 frames
        robot.interact(() -> {
            perspective.setTwoTime(5, 0, 1000, 1);
            robot.lookup("#xpcsTwoTimeCompute").queryButton().fire();
        });
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> perspective.twoTimeProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        FloatImageView tt = robot.lookup("#xpcsTwoTime").queryAs(FloatImageView.class);
        assertThat(perspective.twoTimeProperty().get().bins()).containsExactly(5);
        assertThat(tt.imageWidth()).isEqualTo(1000);
        assertThat(tt.imageProperty().get()).isNotNull();
        // its diagonals decay like the multi-tau g2 of ring 5: g2(1 frame) within 5 % of multi-tau's
        double[] ttG2 = perspective.twoTimeProperty().get().g2FromDiagonals(0);
        double mt = perspective.resultProperty().get().g2()[4][0];
        assertThat(ttG2[1]).isCloseTo(mt, within(0.05 * mt));
        robot.interact(() -> robot.lookup("#xpcsTabs").queryAs(TabPane.class).getSelectionModel().select(5));
        Screenshots.save(robot, "xpcs_perspective_twotime.png");

        // Save: a NeXus file XpcsResults reads back; a second save to the same file is refused
        Path out = tmp.resolve("sim_results_" + System.nanoTime() + ".hdf");
        perspective.saveResults(out).get(60, TimeUnit.SECONDS);
        XpcsResults back = XpcsResults.read(out);
        assertThat(back.layout()).isEqualTo(XpcsResults.NEXUS);
        assertThat(back.fits().get("tau")).hasSize(10);
        assertThat(back.fits().get("tau")[4]).isEqualTo(table.getItems().get(4).tau());
        for (int k = 0; k < 38; k++) {   // g2 is stored as float32
            assertThat(back.multiTau().g2()[0][k]).isCloseTo(points.get(0).y()[k], within(1e-6));
        }
        assertThatThrownBy(() -> perspective.saveResults(out).get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(FileAlreadyExistsException.class);

        // CSV: header + 10 rows
        Path csv = tmp.resolve("table_" + System.nanoTime() + ".csv");
        perspective.exportTableCsv(csv).get(60, TimeUnit.SECONDS);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).isEqualTo(ResultRow.CSV_HEADER);
        assertThat(lines.get(5)).startsWith("5,");
    }

    @Test
    void partitionEditsRebinTheOverlay(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> perspective.overlayProperty().get() != null);
        var first = perspective.overlayProperty().get();
        robot.interact(() -> {
            robot.lookup("#xpcsDynamicBins").queryAs(javafx.scene.control.Spinner.class).getValueFactory()
                    .setValue(6);
            robot.lookup("#xpcsPhiSectors").queryAs(javafx.scene.control.Spinner.class).getValueFactory()
                    .setValue(2);
            perspective.applyPartition();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> perspective.overlayProperty().get() != first);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(perspective.qmapProperty().get().dynamicCount()).isEqualTo(12);
        assertThat(robot.lookup("#" + RingOverlay.LABEL_ID).queryAll()).hasSize(12);
        Screenshots.save(robot, "xpcs_perspective_partition.png");
    }

    @Test
    void runCanBeCancelled(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> perspective.qmapProperty().get() != null);
        robot.interact(() -> {
            perspective.startRun();
            perspective.cancelRun();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !perspective.isRunning());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#xpcsRunStatus").queryLabeled().getText()).isEqualTo("cancelled");
        assertThat(perspective.resultProperty().get()).isNull();
    }


    @Test
    void aFileThatIsNoQMapIsReportedByName(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> perspective.qmapProperty().get() != null);
        Path notQMap = SharedData.require(DIR + "raw/SIM_OU_02000f_128x128_metadata.hdf");
        robot.interact(() -> perspective.loadQMapFile(notQMap));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#xpcsPartitionStatus").queryLabeled()
                .getText().startsWith("q-map "));
        assertThat(robot.lookup("#xpcsPartitionStatus").queryLabeled().getText())
                .contains("SIM_OU_02000f_128x128_metadata.hdf").contains("dynamic_roi_map");
        assertThat(perspective.qmapProperty().get().dynamicCount()).isEqualTo(10);   // the old q-map stays
    }

    /** Needs PlotView's drawing (being written on another branch): skipped while its export throws. */
    @Test
    void plotsExportAsPngAndSvg(FxRobot robot) throws Exception {
        boolean draws;
        try {
            new PlotView().toSvg();
            draws = true;
        } catch (UnsupportedOperationException e) {
            draws = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(draws, "PlotView does not draw yet");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> perspective.qmapProperty().get() != null);
        robot.interact(perspective::startRun);
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> perspective.fitsProperty().get() != null);
        Path dir = Files.createDirectories(tmp.resolve("plots-" + System.nanoTime()));
        List<Path> written = new java.util.ArrayList<>();
        robot.interact(() -> written.addAll(perspective.exportPlots(dir)));
        assertThat(written).hasSize(8);
        for (Path p : written) {
            byte[] b = Files.readAllBytes(p);
            if (p.toString().endsWith(".png")) {
                assertThat(b).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            } else {
                assertThat(new String(b, java.nio.charset.StandardCharsets.UTF_8)).contains("<svg");
            }
        }
    }
}
