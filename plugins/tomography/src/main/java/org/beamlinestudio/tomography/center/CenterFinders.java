package org.beamlinestudio.tomography.center;

/**
 * Centre-of-rotation finders: the API the CLI ({@code studio find-center}) and the GUI call. All take one
 * sinogram ({@code nAngles × nCols}, C order, after flat/dark normalisation and −log; not modified) with its
 * angles in radians, and return the axis in the column convention of
 * {@link org.beamlinestudio.tomography.recon.ReconstructionGeometry}. Thread-safe, free of UI; they use the
 * common fork-join pool.
 */
public final class CenterFinders {

    private CenterFinders() {
    }

    /** The robust default: Vo's Fourier method with its default options (see {@link VoOptions}). */
    public static CenterEstimate vo(float[] sinogram, int nAngles, int nCols, double[] angles) {
        return vo(sinogram, nAngles, nCols, angles, VoOptions.defaults());
    }

    /**
     * Vo's Fourier method (Opt. Express 22, 19078, 2014): survives dead and miscalibrated columns, sub-pixel to
     * {@link VoOptions#fineStep()}. Needs at least a half turn; a full-turn scan uses its first half. By default
     * it searches the middle half of the detector; an axis nearer an edge needs {@link VoOptions#withRange} or,
     * for offset-axis full turns, {@link #halfAcquisition}.
     */
    public static CenterEstimate vo(float[] sinogram, int nAngles, int nCols, double[] angles, VoOptions options) {
        check(sinogram, nAngles, nCols);
        return VoMethod.find(sinogram, nAngles, nCols, angles, options);
    }

    /**
     * The quick estimate: phase correlation of the first projection with the mirrored one nearest 180° later
     * (nearest, so 0…179° scans work). Fooled by dead or miscalibrated detector columns and static artefacts.
     */
    public static CenterEstimate phaseCorrelation(float[] sinogram, int nAngles, int nCols, double[] angles) {
        check(sinogram, nAngles, nCols);
        return PhaseCorrelationMethod.find(sinogram, nAngles, nCols, angles);
    }

    /**
     * Offset-axis full-turn scans (half acquisition): the overlap of each projection with the mirrored one 180°
     * later, searched over every width of at least {@code minOverlap} columns on either side.
     */
    public static CenterEstimate halfAcquisition(float[] sinogram, int nAngles, int nCols, double[] angles,
                                                 int minOverlap) {
        check(sinogram, nAngles, nCols);
        return HalfAcquisitionMethod.find(sinogram, nAngles, nCols, angles, minOverlap);
    }

    /** The recommended finder for the acquisition mode: Vo for half turns, the overlap search for offset axes. */
    public static CenterEstimate find(float[] sinogram, int nAngles, int nCols, double[] angles,
                                      AcquisitionMode mode) {
        if (mode == AcquisitionMode.OFFSET_AXIS_FULL_TURN) {
            return halfAcquisition(sinogram, nAngles, nCols, angles, Math.max(16, nCols / 32));
        }
        return vo(sinogram, nAngles, nCols, angles);
    }

    /** {@link #byName} on a {@link Sinogram} (e.g. from {@link Sinogram#read}). */
    public static CenterEstimate byName(String method, Sinogram s) {
        return byName(method, s.data(), s.nAngles(), s.nCols(), s.angles());
    }

    /**
     * By name, for the CLI's {@code --method}: {@code vo} (default), {@code pc} (phase correlation) or
     * {@code 360} (offset axis, full turn).
     */
    public static CenterEstimate byName(String method, float[] sinogram, int nAngles, int nCols, double[] angles) {
        String m = method == null ? "vo" : method.trim().toLowerCase(java.util.Locale.ROOT);
        switch (m) {
            case "vo":
                return vo(sinogram, nAngles, nCols, angles);
            case "pc":
                return phaseCorrelation(sinogram, nAngles, nCols, angles);
            case "360":
            case "vo-360":
            case "half-acquisition":
                return find(sinogram, nAngles, nCols, angles, AcquisitionMode.OFFSET_AXIS_FULL_TURN);
            default:
                throw new IllegalArgumentException("unknown centre method '" + method + "': use vo, pc or 360");
        }
    }

    private static void check(float[] sinogram, int nAngles, int nCols) {
        if (nAngles < 2 || nCols < 8 || sinogram == null || sinogram.length < (long) nAngles * nCols) {
            throw new IllegalArgumentException("sinogram of " + (sinogram == null ? 0 : sinogram.length)
                    + " values is not " + nAngles + " angles × " + nCols + " columns");
        }
    }
}
