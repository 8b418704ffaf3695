package org.beamlinestudio.tomography.prep;

/** Helpers for JTransforms' packed real-FFT layout. */
final class Spectra {

    private Spectra() {
    }

    /**
     * Multiplies the packed spectrum of a real line of length n ({@code FloatFFT_1D.realForward}) by
     * a real, even window given for frequencies k = 0…n/2.
     */
    static void multiplyPacked(float[] line, int n, float[] window) {
        line[0] *= window[0];
        if (n == 1) {
            return;
        }
        int half = n / 2;
        if (n % 2 == 0) {
            line[1] *= window[half]; // Re(n/2)
            for (int k = 1; k < half; k++) {
                line[2 * k] *= window[k];
                line[2 * k + 1] *= window[k];
            }
        } else {
            for (int k = 1; k < half; k++) {
                line[2 * k] *= window[k];
                line[2 * k + 1] *= window[k];
            }
            line[n - 1] *= window[half]; // Re((n−1)/2)
            line[1] *= window[half];     // Im((n−1)/2)
        }
    }
}
