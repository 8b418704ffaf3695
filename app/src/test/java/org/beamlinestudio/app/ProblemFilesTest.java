package org.beamlinestudio.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beamlinestudio.app.StudioWindowTest.open;
import static org.beamlinestudio.app.StudioWindowTest.waitFor;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.viewer.SliceView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Real HDF5 files with problems, made with h5py: a dangling external link and a dataset whose filter
 * (Blosc) cannot be decoded, reported in their tab only when selected; and a truncated file.
 */
@ExtendWith(ApplicationExtension.class)
class ProblemFilesTest {
    @TempDir
    static Path dir;
    static String python;

    private final ExecutorService io = StudioApp.newIoExecutor();
    private StudioWindow window;

    /** Deflate is written, then its filter id is patched to Blosc's (32001): no plugin needed to write it. */
    private static final String SCRIPT = """
            import sys, struct, h5py, numpy as np
            out = sys.argv[1] + '/problems.h5'
            with h5py.File(out, 'w') as f:
                d = f.create_dataset('/entry/blosc', data=np.arange(64, dtype='f4').reshape(8, 8), chunks=(4, 4),
                                     compression='gzip')
                f.create_dataset('/entry/good', data=np.arange(4 * 16 * 16, dtype='f4').reshape(4, 16, 16))
                f['/entry/flats'] = h5py.ExternalLink('gone.h5', '/exchange/data_white')
                addr = h5py.h5o.get_info(d.id).addr
            b = bytearray(open(out, 'rb').read())
            assert b[addr] == 1
            nmsg = struct.unpack_from('<H', b, addr + 2)[0]
            pos = addr + 16
            for _ in range(nmsg):
                mtype, size = struct.unpack_from('<HH', b, pos)
                body = pos + 8
                if mtype == 0x000B:
                    assert struct.unpack_from('<H', b, body + 8)[0] == 1
                    struct.pack_into('<H', b, body + 8, 32001)
                    break
                pos = body + size
            else:
                raise SystemExit('no filter pipeline message')
            open(out, 'wb').write(b)
            """;

    @BeforeAll
    static void makeFile() throws Exception {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import h5py, numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    python = candidate;
                    break;
                }
            } catch (IOException e) {
                // try the next one
            }
        }
        assumeTrue(python != null, "python3 with h5py and numpy is needed to make the fixture");
        Path script = dir.resolve("make.py");
        Files.writeString(script, SCRIPT);
        Process p = new ProcessBuilder(python, script.toString(), dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
    }

    @Start
    void start(Stage stage) {
        window = PlainWindows.open(stage, dir, Hdf5OpenedFile::open, io);
        stage.show();
    }

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    @Test
    void danglingLinkAndUndecodableFilterAreReportedWhenSelected(FxRobot robot) throws Exception {
        FileTab tab = open(robot, window, dir.resolve("problems.h5"));
        waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        // The first image is the one that can be read.
        assertThat(tab.browser().selectedNodeProperty().get().path()).isEqualTo("/entry/good");
        assertThat(tab.sliceView().imageProperty().get().getWidth()).isEqualTo(16);
        assertThat(tab.errorText()).isEmpty();

        robot.interact(() -> tab.browser().select("/entry/flats"));
        waitFor(() -> !tab.errorText().isEmpty());
        assertThat(tab.errorText()).contains("problems.h5").contains("/entry/flats").contains("gone.h5");
        assertThat(tab.sliceView().message()).contains("broken link");

        robot.interact(() -> tab.browser().select("/entry/blosc"));
        waitFor(() -> tab.sliceView().stateProperty().get() != SliceView.State.SHOWN
                && tab.errorText().toLowerCase(Locale.ROOT).contains("blosc"));
        assertThat(tab.errorText()).contains("problems.h5").contains("/entry/blosc");
        assertThat(tab.sliceView().message().toLowerCase(Locale.ROOT)).contains("blosc");

        // The file and the app still work.
        robot.interact(() -> tab.browser().select("/entry/good"));
        waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        assertThat(tab.sliceView().imageProperty().get().getHeight()).isEqualTo(16);
    }

    @Test
    void aTruncatedFileIsReportedNamingIt(FxRobot robot) throws Exception {
        Path tooth = SharedData.require("tomography/real/tooth.h5");
        byte[] all = Files.readAllBytes(tooth);
        Path cut = dir.resolve("tooth-truncated.h5");
        Files.write(cut, Arrays.copyOf(all, all.length / 3));
        FileTab tab = open(robot, window, cut);
        // Either the tree cannot be read, or the data behind the cut cannot: both are reported in the tab.
        waitFor(() -> tab.phaseProperty().get() == FileTab.Phase.FAILED
                || tab.sliceView().stateProperty().get() == SliceView.State.FAILED
                || tab.sliceView().stateProperty().get() == SliceView.State.SHOWN);
        if (tab.sliceView().stateProperty().get() != SliceView.State.SHOWN) {
            assertThat(tab.errorText()).contains("tooth-truncated.h5");
        } else {
            // The first projection sits before the cut; a projection beyond it must fail with a message.
            robot.interact(() -> tab.sliceView().showIndex(180));
            waitFor(() -> tab.sliceView().stateProperty().get() == SliceView.State.FAILED);
            assertThat(tab.errorText()).contains("tooth-truncated.h5");
        }
    }
}
