package org.beamlinestudio.tomography.center;

/**
 * Parameters of Vo's Fourier method (Vo, Atwood, Drakopoulos, Opt. Express 22, 19078, 2014). The defaults are
 * those of the paper's reference implementations where they exist.
 *
 * @param start           first candidate centre in columns; NaN = a quarter of the width left of the middle
 * @param stop            last candidate centre in columns; NaN = a quarter of the width right of the middle
 * @param fineRadius      half-width of the fine search around the coarse answer, in columns (default 6)
 * @param fineStep        step of the fine search in columns (default 0.25, the sub-pixel resolution)
 * @param ratio           object radius as a fraction of the detector half-width (default 0.5); sets the
 *                        opening of the double wedge
 * @param drop            lowest angular frequencies ignored by the metric (default 20); they carry the
 *                        stripes of bad detector columns
 * @param coarseMaxColumns the coarse search bins columns until at most this many remain (default 512)
 * @param maxAngles       both searches bin angles until at most this many remain (default 512)
 * @param removeStripes   remove constant-offset stripes (miscalibrated/dead columns) before searching (default on)
 * @param denoise         median 3×3 against zingers and single dead pixels before searching (default on)
 */
public record VoOptions(double start, double stop, double fineRadius, double fineStep, double ratio, int drop,
                        int coarseMaxColumns, int maxAngles, boolean removeStripes, boolean denoise) {

    public VoOptions {
        if (!(fineStep > 0) || !(fineRadius > 0) || !(ratio > 0) || drop < 0 || coarseMaxColumns < 16
                || maxAngles < 16) {
            throw new IllegalArgumentException("invalid Vo options: " + fineStep + ", " + fineRadius + ", " + ratio
                    + ", " + drop + ", " + coarseMaxColumns + ", " + maxAngles);
        }
    }

    /** The defaults: search the middle half of the detector, 0.25 px resolution. */
    public static VoOptions defaults() {
        return new VoOptions(Double.NaN, Double.NaN, 6, 0.25, 0.5, 20, 512, 512, true, true);
    }

    /** The same options searching only {@code [start, stop]} columns. */
    public VoOptions withRange(double newStart, double newStop) {
        return new VoOptions(newStart, newStop, fineRadius, fineStep, ratio, drop, coarseMaxColumns, maxAngles,
                removeStripes, denoise);
    }

    /** The same options with another fine step. */
    public VoOptions withFineStep(double step) {
        return new VoOptions(start, stop, fineRadius, step, ratio, drop, coarseMaxColumns, maxAngles, removeStripes,
                denoise);
    }
}
