package org.beamlinestudio.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class FloatImageViewColormapTest {
    private FloatImageView view;

    @Start
    void start(Stage stage) {
        view = new FloatImageView();
        stage.setScene(new Scene(view, 300, 300));
        stage.show();
    }

    /** A ramp 0…99 along x, so x = 0 is the minimum and x = 99 the maximum. */
    private static float[] ramp() {
        float[] d = new float[100 * 10];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 100; x++) {
                d[y * 100 + x] = x;
            }
        }
        return d;
    }

    @Test
    void viridisShowsItsEndColoursAtTheMinAndMaxPixels(FxRobot robot) {
        robot.interact(() -> {
            view.fixedWindowProperty().set(new FloatImageView.Window(0, 99));
            view.setImage(ramp(), 100, 10, "ramp");
        });
        PixelReader grey = view.imageProperty().get().getPixelReader();
        assertThat(view.colormapProperty().get()).isEqualTo("gray");
        assertThat(grey.getArgb(0, 5)).isEqualTo(0xFF000000);
        assertThat(grey.getArgb(99, 5)).isEqualTo(0xFFFFFFFF);
        robot.interact(() -> view.colormapProperty().set("viridis"));
        WaitForAsyncUtils.waitForFxEvents();
        PixelReader px = view.imageProperty().get().getPixelReader();
        assertThat(px.getArgb(0, 5)).isEqualTo(0xFF440154);
        assertThat(px.getArgb(99, 5)).isEqualTo(0xFFFDE725);
        robot.interact(() -> view.colormapProperty().set("viridis_r"));
        assertThat(view.imageProperty().get().getPixelReader().getArgb(0, 5)).isEqualTo(0xFFFDE725);
    }

    @Test
    void logScaleSpreadsDecadesEvenlyAndSendsZeroToTheLowEnd(FxRobot robot) {
        // 0, then 1, 10, 100, 1000: on a log window 1…1000 the decades land at t = 0, 1/3, 2/3, 1.
        float[] d = {0, 1, 10, 100, 1000};
        robot.interact(() -> {
            view.colormapProperty().set("magma");
            view.logScaleProperty().set(true);
            view.fixedWindowProperty().set(new FloatImageView.Window(1, 1000));
            view.setImage(d, 5, 1, "decades");
        });
        PixelReader px = view.imageProperty().get().getPixelReader();
        assertThat(px.getArgb(0, 0)).isEqualTo(Colormaps.argb("magma", 0)).isEqualTo(0xFF000004);
        assertThat(px.getArgb(1, 0)).isEqualTo(0xFF000004);
        assertThat(px.getArgb(2, 0)).isEqualTo(Colormaps.table("magma")[85]);
        assertThat(px.getArgb(3, 0)).isEqualTo(Colormaps.table("magma")[170]);
        assertThat(px.getArgb(4, 0)).isEqualTo(0xFFFCFDBF);
    }
}
