package org.beamlinestudio.tomography.center.preview;

import java.util.Locale;

/**
 * One center preview: a slice reconstructed with exactly {@code center} from a sinogram reduced by
 * {@code binning} columns and every {@code angleStride}-th angle.
 *
 * @param center      axis position it was reconstructed with, in full-resolution detector columns
 * @param binning     detector columns per slice pixel (1 = full resolution)
 * @param angleStride every n-th angle was used (1 = all)
 * @param slice       {@code size × size}, C order, attenuation per full-resolution pixel length
 * @param size        edge of the slice in (binned) pixels
 * @param nanos       wall time the reconstruction took, reduction included
 * @param device      the compute device it ran on ({@code java} or an OpenCL device id)
 */
public record PreviewSlice(double center, int binning, int angleStride, float[] slice, int size, long nanos,
                           String device) {

    /** Milliseconds the reconstruction took. */
    public double millis() {
        return nanos / 1e6;
    }

    /** The caption a scientist reads under the preview, e.g. "center 133.25 px · bin 2 · 41 ms · java". */
    public String caption() {
        String every = angleStride == 1 ? "all angles" : "every " + ordinal(angleStride) + " angle";
        String bin = binning == 1 ? (angleStride == 1 ? "full resolution" : "full resolution, " + every)
                : angleStride == binning ? "bin " + binning : "bin " + binning + ", " + every;
        return String.format(Locale.ROOT, "center %.2f px · %s · %.0f ms · %s", center, bin, millis(), device);
    }

    private static String ordinal(int n) {
        return n + (n % 10 == 2 && n % 100 != 12 ? "nd" : n % 10 == 3 && n % 100 != 13 ? "rd" : "th");
    }
}
