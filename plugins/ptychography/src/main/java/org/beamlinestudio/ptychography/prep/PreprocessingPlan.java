package org.beamlinestudio.ptychography.prep;

/**
 * What {@link PatternPreprocessing#plan} decided for one scan: the crop window in raw detector pixels, the binning,
 * and the resulting valid-pixel mask, with counts for the user.
 *
 * @param rawHeight raw pattern rows
 * @param rawWidth raw pattern columns
 * @param top first raw row of the crop window (may be negative: rows outside the detector are masked)
 * @param left first raw column of the crop window (may be negative)
 * @param crop crop window side in raw pixels
 * @param binning binning factor (the output side is {@code crop / binning})
 * @param mask output mask, {@code size() × size()}, {@code true} where valid
 * @param centreY centre of mass of the mean pattern, raw rows (or the detector centre when centring is off)
 * @param centreX centre of mass, raw columns
 * @param saturatedPixels raw pixels masked for reaching the saturation level
 * @param hotPixels raw pixels masked by the median test
 * @param quadrantsSwapped the stored patterns had zero frequency at the corners and were fftshifted (crop window
 *     coordinates are then in the shifted frame)
 */
public record PreprocessingPlan(int rawHeight, int rawWidth, int top, int left, int crop, int binning, boolean[] mask,
        double centreY, double centreX, int saturatedPixels, int hotPixels, boolean quadrantsSwapped) {

    /** Output pattern side. */
    public int size() {
        return crop / binning;
    }

    /** Whether the output is the raw frame unchanged in geometry (no crop, shift or binning). */
    public boolean isIdentityGeometry() {
        return !quadrantsSwapped && top == 0 && left == 0 && crop == rawHeight && crop == rawWidth && binning == 1;
    }
}
