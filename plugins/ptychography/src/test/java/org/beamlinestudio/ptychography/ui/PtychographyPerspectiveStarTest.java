package org.beamlinestudio.ptychography.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.ptychography.io.CxiReader;
import org.beamlinestudio.ptychography.io.PtychoSource;
import org.beamlinestudio.ptychography.recon.PtychoResult;
import org.beamlinestudio.viewer.FloatImageView;
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

/** The perspective on the real Siemens star file: 516 positions, the pattern browser, preprocessing settings. */
@ExtendWith(ApplicationExtension.class)
class PtychographyPerspectiveStarTest {

    @TempDir
    static Path tmp;

    private TestPerspectiveContext context;
    private PtychoSource source;
    private PtychographyPerspective perspective;

    @Start
    void start(Stage stage) throws Exception {
        Path f = SharedData.require("ptychography/siemens_star_516x128.cxi");
        context = new TestPerspectiveContext(Files.createDirectories(tmp.resolve("work-" + System.nanoTime())));
        source = new CxiReader().open(f);
        perspective = new PtychographyPerspective(source, context);
        stage.setScene(new Scene((Parent) perspective.node(), 1280, 800));
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
    void positionsPatternsAndABinnedRun(FxRobot robot) throws Exception {
        FloatImageView pattern = robot.lookup("#ptychoPattern").queryAs(FloatImageView.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> pattern.imageProperty().get() != null);
        assertThat(pattern.imageWidth()).isEqualTo(128);
        // tike stored the patterns in FFT layout; the browser shows them centred, the bright ring around the middle
        assertThat(pattern.caption()).contains("quadrants swapped");
        float[] shown = pattern.data();
        double middle = 0;
        double corner = 0;
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                middle += shown[(56 + y) * 128 + 56 + x];
                corner += shown[y * 128 + x];
            }
        }
        assertThat(middle).isGreaterThan(5 * corner);
        PlotView pos = robot.lookup("#ptychoPositions").queryAs(PlotView.class);
        PlotView.Series points = pos.series().stream().filter(s -> s.name().equals("positions")).findFirst()
                .orElseThrow();
        assertThat(points.x()).hasSize(516);
        // ±1.7 µm scan, as the file's translation says
        assertThat(pos.xRange()[1] - pos.xRange()[0]).isGreaterThan(3.4);
        assertThat(robot.lookup("#ptychoScanInfo").queryLabeled().getText()).contains("516 × 128 × 128")
                .contains("10.42 nm");
        Screenshots.save(robot, perspective.node(), "ptycho-star-scan.png");

        // a short run with the patterns binned 2×: the scan goes in at 64² with 150 µm pixels, so the object pixel
        // λz/(NΔ) stays 10.42 nm (binning trades field of view in reciprocal space, not resolution of the field)
        robot.interact(() -> {
            robot.lookup(".titled-pane").queryAs(TitledPane.class).setExpanded(true);
            @SuppressWarnings("unchecked")
            ComboBox<Integer> bin = robot.lookup("#ptychoPrepBin").queryAs(ComboBox.class);
            bin.setValue(2);
            robot.lookup("#ptychoIterations-0").queryAs(TextField.class).setText("2");
            robot.lookup("#ptychoIterations-1").queryAs(TextField.class).setText("1");
        });
        robot.interact(() -> robot.lookup("#ptychoRun").queryButton().fire());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> perspective.resultProperty().get() != null
                || robot.lookup("#ptychoStatus").queryLabeled().getText().startsWith("Failed"));
        PtychoResult r = perspective.resultProperty().get();
        assertThat(r).as(robot.lookup("#ptychoStatus").queryLabeled().getText()).isNotNull();
        assertThat(r.scan().height()).isEqualTo(64);
        assertThat(r.scan().detectorPixelY()).isEqualTo(150e-6);
        assertThat(r.objectPixelSize()[0]).isCloseTo(10.417e-9, org.assertj.core.data.Offset.offset(1e-11));
        assertThat(r.state().history()).hasSize(3);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> perspective.shownProperty().get() != null
                && perspective.shownProperty().get().iteration() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.save(robot, perspective.node(), "ptycho-star-binned-run.png");
    }
}
