package org.beamlinestudio.tomography.prep;

import java.util.stream.IntStream;

/** Cache-blocked, parallel matrix transpose. */
final class Transpose {

    private static final int BLOCK = 64;

    private Transpose() {
    }

    /** The transpose of {@code a} (rows × cols, C order) as a new cols × rows array. */
    static float[] of(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        int rowBlocks = (rows + BLOCK - 1) / BLOCK;
        int colBlocks = (cols + BLOCK - 1) / BLOCK;
        IntStream.range(0, rowBlocks * colBlocks).parallel().forEach(b -> {
            int r0 = (b / colBlocks) * BLOCK;
            int c0 = (b % colBlocks) * BLOCK;
            int r1 = Math.min(rows, r0 + BLOCK);
            int c1 = Math.min(cols, c0 + BLOCK);
            for (int r = r0; r < r1; r++) {
                int src = r * cols;
                for (int c = c0; c < c1; c++) {
                    t[c * rows + r] = a[src + c];
                }
            }
        });
        return t;
    }
}
