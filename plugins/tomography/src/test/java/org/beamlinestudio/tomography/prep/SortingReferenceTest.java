package org.beamlinestudio.tomography.prep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sorting-based method against the paper's recipe written with numpy/scipy (stable argsort of each
 * column, {@code scipy.ndimage.median_filter} of size (1, 21) in its default 'reflect' mode, unsort):
 * identical values. Skipped with a message when Debian's python3 with numpy and scipy is missing.
 */
class SortingReferenceTest {

    @Test
    void equalsNumpyScipyRecipe(@TempDir Path dir) throws Exception {
        int n = 256;
        int angles = 200;
        float[] sino = ArtefactSinograms.withGainStripes(ArtefactSinograms.clean(n, angles, 0.01, 9), angles, n);
        Path in = dir.resolve("in.f32");
        Path out = dir.resolve("out.f32");
        ByteBuffer buf = ByteBuffer.allocate(sino.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(sino);
        Files.write(in, buf.array());
        WaveletTest.python("import numpy as np, scipy.ndimage as ndi\n"
                + "s = np.fromfile('" + in + "', dtype='<f4').reshape(" + angles + ", " + n + ")\n"
                + "idx = np.argsort(s, axis=0, kind='stable')\n"
                + "srt = np.take_along_axis(s, idx, axis=0)\n"
                + "med = ndi.median_filter(srt, size=(1, 21))\n"
                + "res = np.empty_like(s)\n"
                + "np.put_along_axis(res, idx, med, axis=0)\n"
                + "res.astype('<f4').tofile('" + out + "')\n");
        ByteBuffer ref = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        float[] expected = new float[sino.length];
        ref.asFloatBuffer().get(expected);
        float[] actual = SortingStripeRemoval.correct(sino, angles, n, 21);
        assertThat(actual).containsExactly(expected);
    }
}
