package org.beamlinestudio.viewer.ortho;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.beamlinestudio.core.data.ChunkCache;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingDataset;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The orthogonal views draw a coarse level first and replace it with the full-resolution plane. */
@ExtendWith(ApplicationExtension.class)
class OrthoSliceViewCoarseFirstTest {
    private static final int NZ = 32;
    private static final int NY = 512;
    private static final int NX = 512;

    @TempDir
    Path dir;
    private final ExecutorService reader = Executors.newFixedThreadPool(3);
    private OrthoSliceView ortho;
    private Hdf5File h5;

    @Start
    void start(Stage stage) {
        ortho = new OrthoSliceView(reader);
        stage.setScene(new Scene(ortho, 900, 700));
        stage.show();
    }

    @AfterEach
    void stop() {
        reader.shutdown();
        if (h5 != null) {
            h5.close();
        }
    }

    private static float v(long z, long y, long x) {
        return (z * 7 + y * 3 + x * 5) % 4093;
    }

    private LazyDataset volume() throws Exception {
        Path file = dir.resolve("vol.h5");
        float[] slice = new float[NY * NX];
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            StreamingDataset d = w.createDataset("/exchange/data", ElementType.FLOAT32, new long[] {NZ, NY, NX},
                    Layout.chunked(16, 64, 64));
            for (int z = 0; z < NZ; z++) {
                for (int y = 0; y < NY; y++) {
                    for (int x = 0; x < NX; x++) {
                        slice[y * NX + x] = v(z, y, x);
                    }
                }
                d.write(new long[] {z, 0, 0}, new int[] {1, NY, NX}, slice);
            }
            w.commit();
        }
        h5 = Hdf5File.open(file);
        return h5.dataset("/exchange/data");
    }

    @Test
    void theXyViewShowsACoarseLevelFirstThenTheFullPlane(FxRobot robot) throws Exception {
        LazyDataset ds = volume();
        ChunkCache.clear();
        List<float[]> shown = new CopyOnWriteArrayList<>();
        List<String> captions = new CopyOnWriteArrayList<>();
        robot.interact(() -> {
            ortho.view(Plane.XY).imageProperty().addListener((obs, o, n) -> {
                if (n != null) {
                    shown.add(ortho.view(Plane.XY).data());
                    captions.add(ortho.view(Plane.XY).caption());
                }
            });
            ortho.show(ds);
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return ortho.shownLevel(Plane.XY) == 0;
        });
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(shown.size()).as("images shown in XY: %s", captions).isGreaterThanOrEqualTo(2);
        // First: level 1 (256 × 256 means of 2 × 2 × 2 voxels) spread over the 512 × 512 grid.
        float[] first = shown.get(0);
        assertThat(captions.get(0)).contains("1:2");
        double mean = 0;
        for (int k = 16; k < 18; k++) {          // z = 16 (the centre) is in level-1 slice 8: base slices 16, 17
            for (int j = 100; j < 102; j++) {
                for (int i = 40; i < 42; i++) {
                    mean += v(k, j, i) / 8.0;
                }
            }
        }
        assertThat((double) first[100 * NX + 40]).isEqualTo(mean);
        assertThat(first[101 * NX + 41]).as("one coarse value covers 2 × 2 pixels").isEqualTo(first[100 * NX + 40]);
        // Last: the full-resolution plane z = 16.
        float[] last = shown.get(shown.size() - 1);
        assertThat(captions.get(captions.size() - 1)).doesNotContain("1:");
        for (int y = 0; y < NY; y += 7) {
            for (int x = 0; x < NX; x += 5) {
                assertThat(last[y * NX + x]).isEqualTo(v(16, y, x));
            }
        }
        Screenshots.save(robot, ortho, "ortho-coarse-first-final.png");
    }
}
