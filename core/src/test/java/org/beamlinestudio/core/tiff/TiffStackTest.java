package org.beamlinestudio.core.tiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.exec.TiffStackSink;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.testing.TiffFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TIFF stacks as lazy 3-D datasets: an export of TiffStackSink, uint16 slices, a multi-page file, refusals. */
class TiffStackTest {
    @TempDir
    Path dir;

    /** Value of voxel (k, y, x) in the float stack: every voxel different, with a fraction. */
    static float value(int k, int y, int x) {
        return k * 100 + y * 10 + x + 0.25f;
    }

    /** Writes a (slices, 5, 6) float32 export with TiffStackSink, as a pipeline run does. */
    static Path writeFloatExport(Path target, int slices) throws Exception {
        int h = 5;
        int w = 6;
        float[] data = new float[slices * h * w];
        for (int k = 0; k < slices; k++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    data[(k * h + y) * w + x] = value(k, y, x);
                }
            }
        }
        try (TiffStackSink sink = new TiffStackSink(target, new long[] {slices, h, w}, 0)) {
            sink.write(new Chunk(new FloatBlock(data, new int[] {slices, h, w}, new long[3]), DataKind.VOLUME, 0, null));
            return sink.commit("{\"technique\":\"tomography\"}");
        }
    }

    @Test
    void aFloatExportOpensAsOneLazyVolumeWithItsSidecar() throws Exception {
        Path out = writeFloatExport(dir.resolve("recon"), 12);
        TiffStack stack = TiffStack.open(out);
        LazyDataset ds = stack.dataset();
        assertThat(ds.shape()).containsExactly(12, 5, 6);
        assertThat(ds.elementType()).isEqualTo(ElementType.FLOAT32);
        assertThat(stack.files()).hasSize(12);
        assertThat(stack.sidecarJson()).contains("{\"technique\":\"tomography\"}");
        float[] slice10 = ds.readFloats(new long[] {10, 0, 0}, new int[] {1, 5, 6});
        assertThat(slice10[3 * 6 + 4]).isEqualTo(value(10, 3, 4));
        float[] column = ds.readFloats(new long[] {0, 2, 5}, new int[] {12, 1, 1});
        for (int k = 0; k < 12; k++) {
            assertThat(column[k]).isEqualTo(value(k, 2, 5));
        }
        assertThat(stack.facts()).containsEntry("slices", "12").containsEntry("sample type", "float32")
                .containsEntry("image size", "6 × 5 px");
    }

    @Test
    void uint16SlicesSortInNaturalOrderAndKeepTheirValues() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("u16"));
        // Written out of order and without zero padding: slice_10 must come after slice_2.
        for (int k : new int[] {10, 2, 1}) {
            int[] px = new int[4 * 3];
            for (int i = 0; i < px.length; i++) {
                px[i] = 60000 + k * 10 + i;
            }
            TiffFiles.writeUnsigned(folder.resolve("slice_" + k + ".tif"), 16, 4, 3, px);
        }
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        TiffStack stack = TiffStack.open(folder);
        assertThat(stack.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("slice_1.tif", "slice_2.tif", "slice_10.tif");
        assertThat(stack.dataset().elementType()).isEqualTo(ElementType.UINT16);
        assertThat(stack.dataset().readFloats(new long[] {2, 2, 3}, new int[] {1, 1, 1})[0]).isEqualTo(60000 + 100 + 11);
        assertThat(stack.sidecarJson()).isEmpty();
    }

    @Test
    void aMultiPageTiffIsAStackOfItsPagesWhateverItsName() throws Exception {
        Path file = dir.resolve("pages.data");
        int[][] pages = new int[3][2 * 2];
        for (int k = 0; k < 3; k++) {
            java.util.Arrays.fill(pages[k], 7 * k + 1);
        }
        TiffFiles.writeUnsigned(file, 8, 2, 2, pages);
        TiffStack stack = TiffStack.open(file);
        assertThat(stack.isMultiPage()).isTrue();
        assertThat(stack.dataset().shape()).containsExactly(3, 2, 2);
        assertThat(stack.dataset().readFloats(new long[] {2, 1, 1}, new int[] {1, 1, 1})[0]).isEqualTo(15f);
    }

    @Test
    void anEmptyFolderAndANonTiffAreRefusedByName() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("nothing-here"));
        assertThatThrownBy(() -> TiffStack.open(empty)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("nothing-here").hasMessageContaining("no TIFF image");
        Path fake = Files.writeString(dir.resolve("fake.tif"), "hello");
        assertThatThrownBy(() -> TiffStack.open(fake)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("fake.tif").hasMessageContaining("does not start like a TIFF");
    }
}
