package org.beamlinestudio.ptychography.recon;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * In-place 2-D complex FFT of interleaved H × W fields, rows then columns with JTransforms' 1-D float transforms.
 * JTransforms' own 2-D transform allocates a work array per call; this one does not (the caller passes a column
 * scratch), and one instance serves every thread (the 1-D plans are read-only after construction for the
 * power-of-two sizes of detectors).
 */
final class Fft2 {

    /** Columns gathered together: a block of columns is read row by row, which keeps the caches busy. */
    private static final int BLOCK = 8;

    private final int height;
    private final int width;
    private final FloatFFT_1D rows;
    private final FloatFFT_1D cols;

    Fft2(int height, int width) {
        this.height = height;
        this.width = width;
        this.rows = new FloatFFT_1D(width);
        this.cols = height == width ? rows : new FloatFFT_1D(height);
    }

    /** Scratch floats one thread needs. */
    int scratchLength() {
        return 2 * height * BLOCK;
    }

    /** Forward (unnormalised) transform of the field at {@code off}. */
    void forward(float[] a, int off, float[] scratch) {
        transform(a, off, scratch, true, false);
    }

    /** Inverse transform; with {@code scale} it includes 1/(H W), else it is the adjoint of {@link #forward}. */
    void inverse(float[] a, int off, float[] scratch, boolean scale) {
        transform(a, off, scratch, false, scale);
    }

    private void transform(float[] a, int off, float[] scratch, boolean forward, boolean scale) {
        int rowStride = 2 * width;
        for (int y = 0; y < height; y++) {
            if (forward) {
                rows.complexForward(a, off + y * rowStride);
            } else {
                rows.complexInverse(a, off + y * rowStride, false);
            }
        }
        int h2 = 2 * height;
        for (int x0 = 0; x0 < width; x0 += BLOCK) {
            int nb = Math.min(BLOCK, width - x0);
            for (int y = 0; y < height; y++) {
                int src = off + y * rowStride + 2 * x0;
                for (int b = 0; b < nb; b++) {
                    scratch[b * h2 + 2 * y] = a[src + 2 * b];
                    scratch[b * h2 + 2 * y + 1] = a[src + 2 * b + 1];
                }
            }
            for (int b = 0; b < nb; b++) {
                if (forward) {
                    cols.complexForward(scratch, b * h2);
                } else {
                    cols.complexInverse(scratch, b * h2, false);
                }
            }
            float s = scale ? 1f / ((float) height * width) : 1f;
            for (int y = 0; y < height; y++) {
                int dst = off + y * rowStride + 2 * x0;
                for (int b = 0; b < nb; b++) {
                    a[dst + 2 * b] = scratch[b * h2 + 2 * y] * s;
                    a[dst + 2 * b + 1] = scratch[b * h2 + 2 * y + 1] * s;
                }
            }
        }
    }
}
