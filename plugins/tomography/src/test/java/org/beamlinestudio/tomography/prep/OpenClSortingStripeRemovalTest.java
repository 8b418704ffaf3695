package org.beamlinestudio.tomography.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import org.beamlinestudio.opencl.OpenClContext;
import org.beamlinestudio.opencl.OpenClDevice;
import org.junit.jupiter.api.Test;
import org.beamlinestudio.opencl.OpenClTestSupport;

/** The OpenCL sorting-based stripe removal against its Java twin, bit for bit, on a slab of striped sinograms. */
class OpenClSortingStripeRemovalTest {

    @Test
    void openClIsBitIdenticalToJava() {
        OpenClDevice device = OpenClTestSupport.requireDevice();
        int n = 256;
        int angles = 181;
        int rows = 3;
        float[] slab = new float[angles * rows * n];
        for (int row = 0; row < rows; row++) {
            float[] s = ArtefactSinograms.withGainStripes(ArtefactSinograms.clean(n, angles, 0.01, row), angles, n);
            s[5 * n + 7] = Float.NaN;
            s[9 * n + 8] = -0.0f;
            for (int a = 0; a < angles; a++) {
                System.arraycopy(s, a * n, slab, (a * rows + row) * n, n);
            }
        }
        try (OpenClContext context = OpenClContext.open(device);
             OpenClSortingStripeRemoval cl = new OpenClSortingStripeRemoval(context)) {
            for (int size : new int[] {3, 21, 101}) {
                long t0 = System.nanoTime();
                float[] actual = cl.correct(slab, angles, rows, n, size);
                long t1 = System.nanoTime();
                for (int row = 0; row < rows; row++) {
                    float[] sino = new float[angles * n];
                    for (int a = 0; a < angles; a++) {
                        System.arraycopy(slab, (a * rows + row) * n, sino, a * n, n);
                    }
                    float[] expected = SortingStripeRemoval.correct(sino, angles, n, size);
                    for (int a = 0; a < angles; a++) {
                        for (int c = 0; c < n; c++) {
                            float e = expected[a * n + c];
                            float g = actual[(a * rows + row) * n + c];
                            if (Float.floatToIntBits(e) != Float.floatToIntBits(g)) {
                                fail("size " + size + " row " + row + " angle " + a + " column " + c + ": OpenCL " + g
                                        + " vs Java " + e);
                            }
                        }
                    }
                }
                System.out.printf("sorting stripes on %s, size %d: %.1f ms for %d sinograms of %d x %d%n",
                        device.describe(), size, (t1 - t0) / 1e6, rows, angles, n);
            }
        }
        assertThat(device.id()).isNotBlank();
    }
}
