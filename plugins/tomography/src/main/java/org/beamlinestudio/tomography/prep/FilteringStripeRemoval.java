package org.beamlinestudio.tomography.prep;

import java.util.stream.IntStream;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Filtering-based stripe removal (Vo, Atwood, Drakopoulos, Opt. Express 26, 28396 (2018), algorithm 2
 * combined with sorting; Algotom/TomoPy {@code remove_stripe_based_filtering}) for one sinogram
 * (angles × columns).
 *
 * <p>Stripes live in the low temporal frequencies of a pixel's response. Each column is split, along
 * angles, into a low-pass part (a Gaussian window of standard deviation {@code sigma} frequency
 * samples in Fourier space, the column padded by mirroring min(150, angles/10) samples at each end)
 * and the high-pass rest. Only the low-pass part is corrected, with {@link SortingStripeRemoval}
 * (or, with {@code sort == false}, a plain median across {@code size} columns), and the high-pass
 * part, which holds the sample's fine detail and the noise, is added back untouched.
 */
public final class FilteringStripeRemoval {

    private FilteringStripeRemoval() {
    }

    /** Returns the corrected sinogram; {@code sino} is left unchanged. */
    public static float[] correct(float[] sino, int angles, int cols, double sigma, int size, boolean sort) {
        SortingStripeRemoval.checkShape(sino, angles, cols);
        SortingStripeRemoval.checkSize(size);
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be positive, was " + sigma);
        }
        float[] low = lowPassAlongAngles(sino, angles, cols, sigma);
        float[] corrected;
        if (sort) {
            corrected = SortingStripeRemoval.correct(low, angles, cols, size);
        } else {
            corrected = new float[low.length];
            float[] lowRef = low;
            float[] target = corrected;
            IntStream.range(0, angles).parallel().forEach(r ->
                    SlidingMedian.filterRow(lowRef, r * cols, cols, size, target, r * cols));
        }
        float[] out = new float[sino.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = corrected[i] + (sino[i] - low[i]);
        }
        return out;
    }

    /** The low-pass part of every column along angles (Gaussian window in Fourier space). */
    static float[] lowPassAlongAngles(float[] sino, int angles, int cols, double sigma) {
        int pad = Math.min(150, angles / 10);
        int n = angles + 2 * pad;
        float[] window = new float[n / 2 + 1];
        for (int k = 0; k < window.length; k++) {
            window[k] = (float) Math.exp(-(double) k * k / (2 * sigma * sigma));
        }
        float[] columns = Transpose.of(sino, angles, cols);
        float[] lowT = new float[sino.length];
        int block = 16;
        IntStream.range(0, (cols + block - 1) / block).parallel().forEach(b -> {
            float[] line = new float[n];
            FloatFFT_1D fft = new FloatFFT_1D(n); // one per task: no shared state between threads
            for (int c = b * block; c < Math.min(cols, (b + 1) * block); c++) {
                int base = c * angles;
                for (int i = 0; i < n; i++) {
                    line[i] = columns[base + JavaOutlierRemoval.reflect(i - pad, angles)];
                }
                fft.realForward(line);
                Spectra.multiplyPacked(line, n, window);
                fft.realInverse(line, true);
                System.arraycopy(line, pad, lowT, base, angles);
            }
        });
        float[] low = Transpose.of(lowT, cols, angles);
        return low;
    }
}
