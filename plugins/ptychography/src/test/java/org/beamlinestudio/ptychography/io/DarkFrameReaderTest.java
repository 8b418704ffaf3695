package org.beamlinestudio.ptychography.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;
import org.beamlinestudio.core.stage.Cancellation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DarkFrameReaderTest {

    @TempDir
    Path dir;

    private static final int H = 8;
    private static final int W = 6;

    /** Frame i of a stack: pixel q holds q / 10 + i. */
    private static float[] frames(int n) {
        float[] d = new float[n * H * W];
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < H * W; q++) {
                d[i * H * W + q] = q / 10f + i;
            }
        }
        return d;
    }

    private Path write(String name, String[] paths, long[][] shapes) throws Exception {
        Path f = dir.resolve(name);
        try (StreamingHdf5Writer w = StreamingHdf5Writer.createOrReplace(f)) {
            for (int i = 0; i < paths.length; i++) {
                long[] s = shapes[i];
                int n = 1;
                int[] count = new int[s.length];
                for (int d = 0; d < s.length; d++) {
                    n *= (int) s[d];
                    count[d] = (int) s[d];
                }
                float[] values = frames(n / (H * W) == 0 ? 1 : n / (H * W));
                float[] data = new float[n];
                System.arraycopy(values, 0, data, 0, Math.min(n, values.length));
                w.createDataset(paths[i], ElementType.FLOAT32, s, Layout.contiguous()).write(new long[s.length], count,
                        data);
            }
            w.commit();
        }
        return f;
    }

    @Test
    void aSingleFrameIsReadAsItIs() throws Exception {
        Path f = write("one.h5", new String[] {"/entry/dark"}, new long[][] {{H, W}});
        DarkFrameReader.Dark d = DarkFrameReader.read(DarkFrameReader.Source.parse(f + ":/entry/dark"), H, W,
                new Cancellation());
        assertThat(d.frame()).containsExactly(frames(1));
        assertThat(d.frames()).isEqualTo(1);
        assertThat(d.describe()).isEqualTo(f + ":/entry/dark");
    }

    @Test
    void aStackIsAveragedFrameByFrame() throws Exception {
        Path f = write("stack.h5", new String[] {"/darks"}, new long[][] {{4, H, W}});
        DarkFrameReader.Dark d = DarkFrameReader.read(new DarkFrameReader.Source(f, "/darks"), H, W,
                new Cancellation());
        // frames 0..3 add 0, 1, 2, 3 to q / 10: the mean adds 1.5
        for (int q = 0; q < H * W; q++) {
            assertThat(d.frame()[q]).isCloseTo(q / 10f + 1.5f, org.assertj.core.data.Offset.offset(1e-5f));
        }
        assertThat(d.frames()).isEqualTo(4);
        assertThat(d.describe()).endsWith(":/darks, mean of 4 frames");
    }

    @Test
    void withoutADatasetTheOneNamedDarkIsFoundBesideThePatterns() throws Exception {
        Path f = write("scan.h5", new String[] {"/entry/data/data", "/entry/instrument/detector/data_dark",
            "/entry/other"}, new long[][] {{5, H, W}, {2, H, W}, {3, 4}});
        DarkFrameReader.Dark d = DarkFrameReader.read(DarkFrameReader.Source.parse(f.toString()), H, W,
                new Cancellation());
        assertThat(d.source().dataset()).isEqualTo("/entry/instrument/detector/data_dark");
        assertThat(d.frames()).isEqualTo(2);

        Path only = write("only.h5", new String[] {"/background"}, new long[][] {{H, W}});
        assertThat(DarkFrameReader.read(new DarkFrameReader.Source(only, null), H, W, new Cancellation()).source()
                .dataset()).isEqualTo("/background");
    }

    @Test
    void twoCandidatesOrAWrongShapeSayWhatWasFoundAndWhatToDo() throws Exception {
        Path two = write("two.h5", new String[] {"/a", "/b"}, new long[][] {{H, W}, {3, H, W}});
        assertThatThrownBy(() -> DarkFrameReader.read(new DarkFrameReader.Source(two, null), H, W,
                new Cancellation())).isInstanceOf(DataFileException.class).hasMessageContaining(two.toString())
                .hasMessageContaining("2 datasets that could be the dark frame: /a, /b")
                .hasMessageContaining("FILE:/path/to/dark");

        Path wrong = write("wrong.h5", new String[] {"/dark"}, new long[][] {{H, W + 1}});
        assertThatThrownBy(() -> DarkFrameReader.read(new DarkFrameReader.Source(wrong, "/dark"), H, W,
                new Cancellation())).isInstanceOf(DataFileException.class).hasMessageContaining(wrong.toString())
                .hasMessageContaining("/dark").hasMessageContaining("shape 8 × 7")
                .hasMessageContaining("8 × 6 (one dark frame) or N × 8 × 6");

        assertThatThrownBy(() -> DarkFrameReader.read(new DarkFrameReader.Source(dir.resolve("none.h5"), null), H,
                W, new Cancellation())).isInstanceOf(DataFileException.class).hasMessageContaining("no such file");
    }

    @Test
    void fileAndDatasetAreSplitAtTheLastColonSlash() {
        DarkFrameReader.Source s = DarkFrameReader.Source.parse("/data/run 7/dark.h5:/entry/dark");
        assertThat(s.file()).isEqualTo(Path.of("/data/run 7/dark.h5"));
        assertThat(s.dataset()).isEqualTo("/entry/dark");
        assertThat(DarkFrameReader.Source.parse("dark.h5").dataset()).isNull();
        assertThatThrownBy(() -> DarkFrameReader.Source.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
