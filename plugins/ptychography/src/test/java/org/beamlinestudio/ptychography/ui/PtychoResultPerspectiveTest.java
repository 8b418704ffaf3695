package org.beamlinestudio.ptychography.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.beamlinestudio.core.plugin.DatasetReader;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.ptychography.io.CxiReader;
import org.beamlinestudio.ptychography.recon.PtychoResult;
import org.beamlinestudio.ptychography.results.PtychoResultWriter;
import org.beamlinestudio.ptychography.results.TestResults;
import org.beamlinestudio.viewer.FloatImageView;
import org.beamlinestudio.viewer.perspective.Perspective;
import org.beamlinestudio.viewer.perspective.PerspectiveProvider;
import org.beamlinestudio.viewer.plot.PlotView;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.beamlinestudio.viewer.testing.TestPerspectiveContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A saved result dropped on the shell: the most confident reader is the result reader; the perspective shows it. */
@ExtendWith(ApplicationExtension.class)
class PtychoResultPerspectiveTest {

    @TempDir
    static Path tmp;

    private TestPerspectiveContext context;
    private OpenedSource source;
    private Perspective perspective;
    private PtychoResult result;

    @Start
    void start(Stage stage) throws Exception {
        Path file = tmp.resolve("result-" + System.nanoTime() + ".h5");
        result = TestResults.sample(null);
        PtychoResultWriter.write(file, result, CxiReader.ID, Map.of());
        context = new TestPerspectiveContext(Files.createDirectories(tmp.resolve("work-" + System.nanoTime())));
        DatasetReader best = null;
        double confidence = 0;
        for (var loaded : context.registry.loaded()) {
            for (DatasetReader r : loaded.readers()) {
                double c = r.probe(file).confidence();
                if (c > confidence) {
                    confidence = c;
                    best = r;
                }
            }
        }
        assertThat(best).isNotNull();
        assertThat(best.id()).isEqualTo("ptychography.result");
        source = best.open(file);
        PerspectiveProvider provider = ServiceLoader.load(PerspectiveProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.techniqueId().equals("ptychography")).findFirst()
                .orElseThrow();
        perspective = provider.create(source, context);
        stage.setScene(new Scene((Parent) perspective.node(), 1100, 700));
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
    void theSavedObjectProbeAndErrorCurveAreShown(FxRobot robot) throws Exception {
        PtychoResultPerspective p = (PtychoResultPerspective) perspective;
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> p.shownProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        FloatImageView amp = robot.lookup("#ptychoObjectAmplitude").queryAs(FloatImageView.class);
        assertThat(amp.imageWidth()).isEqualTo(34);
        assertThat(amp.data()[7]).isEqualTo(result.state().object().amplitude()[7]);
        PlotView err = robot.lookup("#ptychoErrorPlot").queryAs(PlotView.class);
        assertThat(err.series().get(0).y()).containsExactly(1.0, 0.5, 1.0 / 3, 0.25, 0.2);
        assertThat(robot.lookup("#ptychoProbeMode").queryComboBox().getItems()).hasSize(2);
        assertThat(robot.lookup("#ptychoResultInfo").queryLabeled().getText()).contains("3 DM(beta=0.9), 2 ML")
                .contains("5 (stopped early)").contains("Probe modes: 2");
        Screenshots.save(robot, perspective.node(), "ptycho-result-view.png");
    }
}
