package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import org.beamlinestudio.core.data.ChunkCache;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.data.SidecarBlockStore;
import org.beamlinestudio.core.hdf5.H5Group;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingDataset;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;
import org.beamlinestudio.viewer.SliceView;
import org.beamlinestudio.viewer.testing.Screenshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A 100 MB volume with slice-wise chunks in the file tab. Never opened before, the full slice comes straight away
 * (a coarse preview would read two slices for one); a background job then keeps the overview level in the sidecar
 * store, so reopening shows a coarse preview first, without reading any full-resolution data, then the full slice;
 * closing the tab closes the store.
 */
@ExtendWith(ApplicationExtension.class)
class FileTabPyramidTest {
    private static final int NZ = 200;
    private static final int NY = 512;
    private static final int NX = 512;

    @TempDir
    static Path dir;
    private static Path file;

    private final ExecutorService io = StudioApp.newIoExecutor();
    /** Full-resolution reads wait on this while closed (the reopening test). */
    private static volatile CountDownLatch gate = new CountDownLatch(0);
    private StudioWindow window;

    /** z·7 + y + x plus 1000 on every other pixel (a checkerboard the coarse levels average to 500). */
    private static int value(int z, int y, int x) {
        return z * 7 + y + x + ((x + y) % 2) * 1000;
    }

    @BeforeAll
    static void writeVolume() throws Exception {
        file = dir.resolve("volume100mb.h5");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            StreamingDataset d = w.createDataset("/exchange/data", ElementType.UINT16, new long[] {NZ, NY, NX},
                    Layout.chunked(1, 256, 256));
            short[] slice = new short[NY * NX];
            for (int z = 0; z < NZ; z++) {
                for (int y = 0; y < NY; y++) {
                    for (int x = 0; x < NX; x++) {
                        slice[y * NX + x] = (short) value(z, y, x);
                    }
                }
                d.write(new long[] {z, 0, 0}, new int[] {1, NY, NX}, slice);
            }
            w.commit();
        }
        Pyramid.configure(dir.resolve("pyramids"), 2L << 30);
    }

    @Start
    void start(Stage stage) {
        window = PlainWindows.open(stage, dir, FileTabPyramidTest::openGated, io);
        stage.setWidth(1000);
        stage.setHeight(760);
        stage.show();
    }

    @AfterEach
    void stop() {
        gate.countDown();
        io.shutdownNow();
    }

    @Test
    void coarseFirstThenFullAndReopeningReadsOnlyTheSidecar(FxRobot robot) throws Exception {
        ChunkCache.clear();
        // First opening: the full slice, without a preview that would cost more to compute than the slice itself.
        List<String> painted = new CopyOnWriteArrayList<>();
        FileTab tab = openWatched(robot, painted);
        waitFor(30, () -> tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        // The full slice has 0 at (0, 0), 1001 beside it.
        assertThat(painted).containsExactly("level 0: 0");
        assertThat(tab.sliceView().readoutAt(0, 1)).startsWith("[0, 0, 1] = 1001 ");
        assertThat(tab.firstImageMillisProperty().get()).isNotNegative();
        Screenshots.save(robot, tab.getContent(), "pyramid-first-open.png");

        // The overview (level 1) is built in the background and kept in the sidecar store.
        SidecarBlockStore store = tab.pyramidStore("/exchange/data");
        assertThat(store).isNotNull();
        assertThat(store.directory()).startsWith(dir.resolve("pyramids"));
        waitFor(120, () -> store.isComplete(1));
        waitFor(10, () -> tab.overviewText().isEmpty());

        robot.interact(window::closeSelected);
        waitFor(10, store::isClosed);

        // Reopening: full-resolution reads are held back, yet the coarse preview appears (from the sidecar).
        ChunkCache.clear();
        gate = new CountDownLatch(1);
        List<String> paintedAgain = new CopyOnWriteArrayList<>();
        FileTab again = openWatched(robot, paintedAgain);
        waitFor(30, () -> !paintedAgain.isEmpty());
        // Every full-resolution read waits on the gate, so this preview needed none of them. Level 1 (1:2) is the
        // coarsest with 256 pixels a side; its pixel (0, 0) is the mean of z 0–1, y 0–1, x 0–1:
        // 3.5 + 0.5 + 0.5 + 500 (half the pixels carry 1000).
        assertThat(paintedAgain).containsExactly("level 1: 504.5");
        assertThat(gate.getCount()).isOne();
        assertThat(again.sliceView().stateProperty().get()).isEqualTo(SliceView.State.LOADING);
        assertThat(again.firstImageMillisProperty().get()).isNotNegative();
        Screenshots.save(robot, again.getContent(), "pyramid-reopened-preview.png");
        gate.countDown();
        waitFor(30, () -> again.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        assertThat(paintedAgain).containsExactly("level 1: 504.5", "level 0: 0");
        assertThat(again.sliceView().readoutAt(0, 1)).startsWith("[0, 0, 1] = 1001 ");
        assertThat(again.overviewText()).as("nothing left to build").isEmpty();
        SidecarBlockStore reopened = again.pyramidStore("/exchange/data");
        assertThat(reopened.directory()).isEqualTo(store.directory());
        robot.interact(window::closeSelected);
        waitFor(10, reopened::isClosed);
    }

    /** Opens the file, noting "level K: value at (0, 0)" of each image its slice view paints, in order. */
    private FileTab openWatched(FxRobot robot, List<String> painted) {
        FileTab[] t = new FileTab[1];
        robot.interact(() -> {
            t[0] = window.open(file);
            watchPaints(t[0], painted);
        });
        return t[0];
    }

    private static void watchPaints(FileTab tab, List<String> painted) {
        tab.sliceView().shownLevelProperty().addListener((obs, o, n) -> {
            if (n.intValue() >= 0) {
                String r = tab.sliceView().readoutAt(0, 0);
                int start = r.indexOf("= ") + 2;
                painted.add("level " + n + ": " + r.substring(start, r.indexOf(' ', start)));
            }
        });
    }

    private static void waitFor(int seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The real file, its datasets' full-resolution reads held while {@link #gate} is closed. */
    private static OpenedFile openGated(Path path) throws DataFileException {
        OpenedFile f = Hdf5OpenedFile.open(path);
        return new OpenedFile() {
            @Override
            public Path path() {
                return f.path();
            }

            @Override
            public H5Group root() {
                return f.root();
            }

            @Override
            public List<H5DatasetInfo> datasets() {
                return f.datasets();
            }

            @Override
            public LazyDataset dataset(String p) throws DataFileException {
                return new Gated(f.dataset(p));
            }

            @Override
            public void close() {
                f.close();
            }
        };
    }

    private record Gated(LazyDataset d) implements LazyDataset {
        @Override
        public Path file() {
            return d.file();
        }

        @Override
        public String path() {
            return d.path();
        }

        @Override
        public long[] shape() {
            return d.shape();
        }

        @Override
        public ElementType elementType() {
            return d.elementType();
        }

        @Override
        public long[] chunkShape() {
            return d.chunkShape();
        }

        @Override
        public float[] readFloats(long[] offset, int[] count) throws DataFileException {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return d.readFloats(offset, count);
        }

        @Override
        public RandomAccessibleInterval<FloatType> asImg() {
            return d.asImg();
        }
    }
}
