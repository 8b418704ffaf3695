package org.beamlinestudio.tomography.prep;

import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Fourier–wavelet stripe removal (Münch, Trtik, Marone, Stampanoni, Opt. Express 17, 8567 (2009);
 * TomoPy {@code remove_stripe_fw}) for one sinogram (angles × columns).
 *
 * <p>A stripe is constant along angles and narrow across columns, so a 2-D wavelet decomposition puts
 * it in the vertical detail bands (high-pass across columns, low-pass along angles), and there in the
 * lowest frequencies along angles. At each of {@code level} levels the vertical detail band is Fourier
 * transformed along angles and multiplied by 1 − exp(−k²/(2σ²)) (k the frequency index of that band),
 * which removes the stripes' constant part and keeps the sample's varying content; then the
 * decomposition is inverted.
 *
 * <p>Here: Daubechies wavelets (dbN) and a periodic {@link PeriodicDwt2}, on the sinogram padded by
 * mirroring (edge repeated) to at least 1/8 more in each direction and to a multiple of 2^level, so
 * the transform's wrap-around and the FFT's periodicity meet smooth data; a stripe mirrored along
 * angles stays constant, so its k = 0 content is removed exactly. The padding is cropped at the end.
 */
public final class FourierWaveletStripeRemoval {

    private static final ConcurrentHashMap<Integer, double[]> FILTERS = new ConcurrentHashMap<>();

    private FourierWaveletStripeRemoval() {
    }

    /**
     * The default level: log2 of the shorter side minus 4 (4 for 256 columns, 6 for 1500 angles × 2048
     * columns), so the coarsest bands keep about 16 samples. Shallower levels leave the coarse part of wide
     * or strong stripes (e.g. a dead pixel) in the approximation; deeper ones damp more of the sample.
     */
    public static int automaticLevel(int angles, int cols, int order) {
        int shorter = Math.min(angles, cols);
        int log2 = 31 - Integer.numberOfLeadingZeros(Math.max(1, shorter));
        return Math.max(1, Math.min(10, log2 - 4));
    }

    /** Returns the corrected sinogram; {@code sino} is left unchanged. */
    public static float[] correct(float[] sino, int angles, int cols, int level, double sigma, int order) {
        SortingStripeRemoval.checkShape(sino, angles, cols);
        if (level < 1 || level > 12) {
            throw new IllegalArgumentException("the wavelet level must be 1…12, was " + level);
        }
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be positive, was " + sigma);
        }
        int unit = 1 << level;
        int ap = roundUp(angles + Math.max(2, angles / 8), unit);
        int cp = roundUp(cols + Math.max(2, cols / 8), unit);
        int a0 = (ap - angles) / 2;
        int c0 = (cp - cols) / 2;
        float[] work = new float[ap * cp];
        IntStream.range(0, ap).parallel().forEach(r -> {
            int src = JavaOutlierRemoval.reflect(r - a0, angles) * cols;
            int dst = r * cp;
            for (int c = 0; c < cp; c++) {
                work[dst + c] = sino[src + JavaOutlierRemoval.reflect(c - c0, cols)];
            }
        });
        PeriodicDwt2 dwt = new PeriodicDwt2(FILTERS.computeIfAbsent(order, Daubechies::scalingFilter));
        dwt.forward(work, ap, cp, level);
        for (int l = 1; l <= level; l++) {
            // Vertical detail of level l: rows [0, ap/2^l), columns [cp/2^l, cp/2^(l−1)).
            dampAlongAngles(work, cp, ap >> l, cp >> l, cp >> (l - 1), sigma);
        }
        dwt.inverse(work, ap, cp, level);
        float[] out = new float[angles * cols];
        for (int a = 0; a < angles; a++) {
            System.arraycopy(work, (a + a0) * cp + c0, out, a * cols, cols);
        }
        return out;
    }

    /** Multiplies each column c in [c0, c1) of rows [0, h) by the Fourier damping along rows. */
    private static void dampAlongAngles(float[] work, int stride, int h, int c0, int c1, double sigma) {
        if (h < 2) { // one row: only k = 0, which the damping removes
            for (int c = c0; c < c1; c++) {
                work[c] = 0;
            }
            return;
        }
        float[] damp = new float[h / 2 + 1];
        for (int k = 0; k < damp.length; k++) {
            damp[k] = (float) -Math.expm1(-(double) k * k / (2 * sigma * sigma));
        }
        int block = 8;
        IntStream.range(0, (c1 - c0 + block - 1) / block).parallel().forEach(b -> {
            float[] line = new float[h];
            FloatFFT_1D fft = new FloatFFT_1D(h); // one per task: no shared state between threads
            for (int c = c0 + b * block; c < Math.min(c1, c0 + (b + 1) * block); c++) {
                for (int i = 0; i < h; i++) {
                    line[i] = work[i * stride + c];
                }
                fft.realForward(line);
                Spectra.multiplyPacked(line, h, damp);
                fft.realInverse(line, true);
                for (int i = 0; i < h; i++) {
                    work[i * stride + c] = line[i];
                }
            }
        });
    }

    private static int roundUp(int n, int unit) {
        return (n + unit - 1) / unit * unit;
    }
}
