package org.beamlinestudio.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.beamlinestudio.core.testing.ComputedDataset;

@ExtendWith(ApplicationExtension.class)
class SliceViewTest {
    private final ExecutorService io = Executors.newFixedThreadPool(2);
    private SliceView view;

    @Start
    void start(Stage stage) {
        view = new SliceView(io);
        stage.setScene(new Scene(view, 600, 400));
        stage.show();
    }

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    private void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void showsTheFirstImageOfAStackWithContrast(FxRobot robot) throws Exception {
        ComputedDataset ds = new ComputedDataset(5, 3, 40, 60);
        robot.interact(() -> view.show(ds));
        waitFor(() -> view.stateProperty().get() == SliceView.State.SHOWN);
        Image img = view.imageProperty().get();
        assertThat(img.getWidth()).isEqualTo(60);
        assertThat(img.getHeight()).isEqualTo(40);
        Set<Integer> greys = new HashSet<>();
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 60; x++) {
                greys.add(img.getPixelReader().getArgb(x, y) & 0xFF);
            }
        }
        assertThat(greys.size()).isGreaterThan(50);
        assertThat(greys).contains(0, 255);
        assertThat(view.slider().getMax()).isEqualTo(4);
        // Rank 4: the second axis stays at 0; pixel (row 2, col 7) of slice 0 is flat index 2*60+7.
        assertThat(view.readoutAt(2, 7)).startsWith("[0, 0, 2, 7] = " + (long) ComputedDataset.value(2 * 60 + 7));

        // The mouse over the image's top-left corner reads pixel (0, 0).
        javafx.scene.image.ImageView iv = robot.lookup("#sliceImage").query();
        javafx.geometry.Bounds b = iv.localToScreen(iv.getLayoutBounds());
        robot.moveTo(new javafx.geometry.Point2D(b.getMinX() + 1, b.getMinY() + 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.statusText()).startsWith("[0, 0, 0, 0] = " + (long) ComputedDataset.value(0));
        robot.moveTo(new javafx.geometry.Point2D(b.getMaxX() - 1, b.getMaxY() - 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.statusText()).startsWith("[0, 0, 39, 59] = " + (long) ComputedDataset.value(39 * 60 + 59));
    }

    @Test
    void onlyTheLatestSliceWinsWhenTheSliderMovesOn(FxRobot robot) throws Exception {
        ComputedDataset ds = new ComputedDataset(10, 20, 30);
        robot.interact(() -> view.show(ds));
        waitFor(() -> view.stateProperty().get() == SliceView.State.SHOWN);
        ds.delayMsForIndex = i -> i == 3 ? 800 : 0;
        robot.interact(() -> view.showIndex(3)); // slow
        Thread.sleep(100);
        robot.interact(() -> view.showIndex(7)); // fast, asked later
        waitFor(() -> view.shownIndexProperty().get() == 7);
        Thread.sleep(1000); // the slow read of 3 has finished by now and must not replace 7
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.shownIndexProperty().get()).isEqualTo(7);
        long flat = 7L * 20 * 30 + 5 * 30 + 4;
        ds.delayMsForIndex = i -> 0;
        // Wheel down over the image: next slice.
        robot.moveTo("#sliceImage").scroll(1, javafx.geometry.VerticalDirection.DOWN);
        waitFor(() -> view.shownIndexProperty().get() != 7);
        assertThat(view.shownIndexProperty().get()).isIn(6, 8);
        robot.interact(() -> view.showIndex(7));
        waitFor(() -> view.shownIndexProperty().get() == 7);
        assertThat(view.readoutAt(5, 4)).startsWith("[7, 5, 4] = " + (long) ComputedDataset.value(flat));
    }

    @Test
    void aFailedReadShowsTheProblemInPlaceOfTheImage(FxRobot robot) throws Exception {
        ComputedDataset ds = new ComputedDataset(20, 30);
        ds.failWith = "filter 32001 (Blosc) is not supported";
        robot.interact(() -> view.show(ds));
        waitFor(() -> view.stateProperty().get() == SliceView.State.FAILED);
        assertThat(view.imageProperty().get()).isNull();
        assertThat(view.message()).contains("/tmp/fake.h5").contains("Blosc");
        assertThat(view.errorProperty().get()).contains("Blosc");
    }

    @Test
    void aOneDimensionalDatasetIsRefusedWithAReason(FxRobot robot) throws Exception {
        ComputedDataset ds = new ComputedDataset(100);
        robot.interact(() -> view.show(ds));
        assertThat(view.stateProperty().get()).isEqualTo(SliceView.State.FAILED);
        assertThat(view.message()).contains("1 dimension");
    }
}
