package org.beamlinestudio.ptychography.prep;

import java.util.Arrays;

/**
 * How raw diffraction patterns become the scan's intensities: dark subtraction, a mask (the file's, saturated pixels,
 * hot pixels found by a median test on the mean pattern), centring (the mean pattern's centre of mass goes to the
 * middle), cropping to a square power of two and binning. Pixels the crop window takes from outside the detector are
 * masked, so centring never shrinks the field.
 *
 * @param dark a dark frame (raw H × W) subtracted from every pattern, or {@code null}; results are clipped at 0
 * @param saturationLevel raw value at or above which a pixel is masked (in every pattern); +∞ = off
 * @param hotPixelFactor a pixel whose mean exceeds this factor times the median of its 8 neighbours (at least
 *     one count) is masked as hot; 0 = off
 * @param centre move the mean pattern's centre of mass to the middle of the window
 * @param cropSize window side in raw pixels, a power of two; 0 = the largest power of two that fits the detector
 * @param binning sum {@code binning × binning} raw pixels into one (a power of two dividing the window)
 * @param zeroFrequency where the stored patterns have zero frequency: detector layout (middle), FFT layout
 *     (corners, as tike and some converters store them; quadrants are swapped and no centring is applied since the
 *     writer centred them exactly), or decided from the mean pattern
 * @param darkSource where the dark frame came from ("FILE:/dataset, mean of N frames"), for the provenance
 */
public record PatternPreprocessing(float[] dark, double saturationLevel, double hotPixelFactor, boolean centre,
        int cropSize, int binning, ZeroFrequency zeroFrequency, String darkSource) {

    /** Where a stored pattern's zero frequency is. */
    public enum ZeroFrequency {
        /** Decide from the mean pattern: corners holding more than 4× the middle's intensity mean FFT layout. */
        AUTO,
        /** Detector layout: the direct beam near the middle. */
        MIDDLE,
        /** FFT layout: zero frequency at pixel (0, 0). */
        CORNERS
    }

    /** Default hot-pixel factor: a bright speckle is rarely 50× its neighbours' median, a hot pixel usually is. */
    public static final double DEFAULT_HOT_FACTOR = 50;

    /** Checks values. */
    public PatternPreprocessing {
        if (!(saturationLevel > 0) || hotPixelFactor < 0 || cropSize < 0 || binning < 1) {
            throw new IllegalArgumentException("Preprocessing: saturation level must be > 0 (got " + saturationLevel
                    + "), hot-pixel factor ≥ 0 (" + hotPixelFactor + "), crop ≥ 0 (" + cropSize + "), binning ≥ 1 ("
                    + binning + ")");
        }
        if (cropSize > 0 && Integer.bitCount(cropSize) != 1) {
            throw new IllegalArgumentException("Crop size must be a power of two, got " + cropSize);
        }
        if (zeroFrequency == null) {
            zeroFrequency = ZeroFrequency.AUTO;
        }
        if (Integer.bitCount(binning) != 1) {
            throw new IllegalArgumentException("Binning must be a power of two, got " + binning);
        }
    }

    /** No dark, no saturation level, hot-pixel factor 50, centring on, largest power-of-two crop, no binning. */
    public static PatternPreprocessing defaults() {
        return new PatternPreprocessing(null, Double.POSITIVE_INFINITY, DEFAULT_HOT_FACTOR, true, 0, 1,
                ZeroFrequency.AUTO, null);
    }

    /** Nothing at all: the patterns as stored (they must already be square and a power of two to crop nothing). */
    public static PatternPreprocessing none() {
        return new PatternPreprocessing(null, Double.POSITIVE_INFINITY, 0, false, 0, 1, ZeroFrequency.MIDDLE, null);
    }

    /** With a dark frame (raw H × W; {@code null} for none). */
    public PatternPreprocessing withDark(float[] d) {
        return withDark(d, d == null ? null : "given");
    }

    /** With a dark frame and where it came from (recorded in the result's provenance). */
    public PatternPreprocessing withDark(float[] d, String source) {
        return new PatternPreprocessing(d, saturationLevel, hotPixelFactor, centre, cropSize, binning, zeroFrequency,
                d == null ? null : source);
    }

    /** With a saturation level (+∞ = off). */
    public PatternPreprocessing withSaturationLevel(double level) {
        return new PatternPreprocessing(dark, level, hotPixelFactor, centre, cropSize, binning, zeroFrequency,
                darkSource);
    }

    /** With a hot-pixel factor (0 = off). */
    public PatternPreprocessing withHotPixelFactor(double f) {
        return new PatternPreprocessing(dark, saturationLevel, f, centre, cropSize, binning, zeroFrequency, darkSource);
    }

    /** With centring on or off. */
    public PatternPreprocessing withCentre(boolean on) {
        return new PatternPreprocessing(dark, saturationLevel, hotPixelFactor, on, cropSize, binning, zeroFrequency,
                darkSource);
    }

    /** With this crop window (0 = largest power of two) and binning. */
    public PatternPreprocessing withCrop(int size, int bin) {
        return new PatternPreprocessing(dark, saturationLevel, hotPixelFactor, centre, size, bin, zeroFrequency,
                darkSource);
    }

    /** With the zero-frequency layout of the stored patterns. */
    public PatternPreprocessing withZeroFrequency(ZeroFrequency z) {
        return new PatternPreprocessing(dark, saturationLevel, hotPixelFactor, centre, cropSize, binning, z,
                darkSource);
    }

    /** Whether {@link #plan} needs the mean and maximum patterns (one extra pass over the data). */
    public boolean needsStatistics() {
        return centre || hotPixelFactor > 0 || saturationLevel != Double.POSITIVE_INFINITY
                || zeroFrequency == ZeroFrequency.AUTO;
    }

    /** The settings and what the plan decided, as provenance entries. */
    public java.util.Map<String, String> describe(PreprocessingPlan plan) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("dark", dark == null ? "none" : "subtracted: " + (darkSource == null ? "given" : darkSource));
        m.put("saturation_level", Double.toString(saturationLevel));
        m.put("hot_pixel_factor", Double.toString(hotPixelFactor));
        m.put("centre", Boolean.toString(centre));
        m.put("zero_frequency", zeroFrequency.name());
        m.put("quadrants_swapped", Boolean.toString(plan.quadrantsSwapped()));
        m.put("crop_window", plan.crop() + " px at row " + plan.top() + ", column " + plan.left());
        m.put("binning", Integer.toString(plan.binning()));
        m.put("saturated_pixels", Integer.toString(plan.saturatedPixels()));
        m.put("hot_pixels", Integer.toString(plan.hotPixels()));
        return m;
    }

    /** The largest power of two ≤ n (n ≥ 1). */
    public static int largestPowerOfTwo(int n) {
        return Integer.highestOneBit(n);
    }

    /**
     * Decides the crop window and the mask.
     *
     * @param h raw rows
     * @param w raw columns
     * @param fileMask the file's valid pixels (H × W)
     * @param mean the mean raw pattern (before dark subtraction), or {@code null} when {@link #needsStatistics()}
     *     is false
     * @param max the per-pixel maximum over all patterns, or {@code null} likewise
     */
    public PreprocessingPlan plan(int h, int w, boolean[] fileMask, float[] mean, float[] max) {
        int frame = h * w;
        if (fileMask.length != frame || (dark != null && dark.length != frame)) {
            throw new IllegalArgumentException("Mask / dark frame of " + fileMask.length + " / "
                    + (dark == null ? 0 : dark.length) + " pixels for " + h + " × " + w + " patterns");
        }
        if (needsStatistics() && (mean == null || max == null)) {
            throw new IllegalArgumentException("Centring, saturation and hot pixels need the mean and max patterns");
        }
        boolean swap = zeroFrequency == ZeroFrequency.CORNERS
                || (zeroFrequency == ZeroFrequency.AUTO && cornersDominate(mean, fileMask, h, w));
        float[] darkRaw = dark;
        if (swap) {
            fileMask = swapQuadrants(fileMask, h, w);
            mean = swapQuadrants(mean, h, w);
            max = swapQuadrants(max, h, w);
            darkRaw = swapQuadrants(dark, h, w);
        }
        boolean[] valid = fileMask.clone();
        int saturated = 0;
        if (saturationLevel != Double.POSITIVE_INFINITY) {
            for (int k = 0; k < frame; k++) {
                if (valid[k] && max[k] >= saturationLevel) {
                    valid[k] = false;
                    saturated++;
                }
            }
        }
        float[] corrected = null;
        if (mean != null) {
            corrected = new float[frame];
            for (int k = 0; k < frame; k++) {
                corrected[k] = Math.max(0f, mean[k] - (darkRaw == null ? 0f : darkRaw[k]));
            }
        }
        int hot = hotPixelFactor > 0 ? maskHotPixels(corrected, valid, h, w, hotPixelFactor) : 0;

        double cy = h / 2.0;
        double cx = w / 2.0;
        if (centre && !swap) {
            double s = 0;
            double sy = 0;
            double sx = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int k = y * w + x;
                    if (valid[k]) {
                        s += corrected[k];
                        sy += corrected[k] * y;
                        sx += corrected[k] * x;
                    }
                }
            }
            if (s > 0) {
                cy = sy / s;
                cx = sx / s;
            }
        }
        int crop = cropSize > 0 ? cropSize : largestPowerOfTwo(Math.min(h, w));
        if (crop % binning != 0 || crop / binning < 2) {
            throw new IllegalArgumentException("Binning " + binning + " does not divide the " + crop + " px window");
        }
        // Zero frequency at index crop/2 of the window, as the scan's convention asks.
        boolean com = centre && !swap;
        int top = com ? (int) Math.round(cy) - crop / 2 : h / 2 - crop / 2;
        int left = com ? (int) Math.round(cx) - crop / 2 : w / 2 - crop / 2;
        int out = crop / binning;
        boolean[] outMask = new boolean[out * out];
        for (int oy = 0; oy < out; oy++) {
            for (int ox = 0; ox < out; ox++) {
                boolean ok = true;
                for (int dy = 0; dy < binning && ok; dy++) {
                    for (int dx = 0; dx < binning && ok; dx++) {
                        int y = top + oy * binning + dy;
                        int x = left + ox * binning + dx;
                        ok = y >= 0 && y < h && x >= 0 && x < w && valid[y * w + x];
                    }
                }
                outMask[oy * out + ox] = ok;
            }
        }
        return new PreprocessingPlan(h, w, top, left, crop, binning, outMask, cy, cx, saturated, hot, swap);
    }

    /**
     * Whether the mean pattern's four corner quarters (together a quarter of the frame) hold more than 4× the
     * intensity of the middle quarter: the signature of patterns stored with zero frequency at (0, 0).
     */
    static boolean cornersDominate(float[] mean, boolean[] valid, int h, int w) {
        if (mean == null) {
            return false;
        }
        double middle = 0;
        double corners = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = y * w + x;
                if (!valid[k]) {
                    continue;
                }
                boolean my = y >= h / 4 && y < h - h / 4;
                boolean mx = x >= w / 4 && x < w - w / 4;
                if (my && mx) {
                    middle += mean[k];
                } else if (!my && !mx) {
                    corners += mean[k];
                }
            }
        }
        return corners > 4 * middle && corners > 0;
    }

    /**
     * One frame as a person should see it: quadrants swapped when it is stored in FFT layout (zero frequency at the
     * corners), else unchanged. For display; the scan itself goes through {@link #plan} and {@link #apply}.
     */
    public static float[] centredForDisplay(float[] frame, int h, int w) {
        boolean[] all = new boolean[h * w];
        java.util.Arrays.fill(all, true);
        return cornersDominate(frame, all, h, w) ? swapQuadrants(frame, h, w) : frame;
    }

    /** fftshift of a frame (null stays null). */
    static float[] swapQuadrants(float[] v, int h, int w) {
        if (v == null) {
            return null;
        }
        float[] out = new float[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[((y + h / 2) % h) * w + (x + w / 2) % w] = v[y * w + x];
            }
        }
        return out;
    }

    static boolean[] swapQuadrants(boolean[] v, int h, int w) {
        boolean[] out = new boolean[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[((y + h / 2) % h) * w + (x + w / 2) % w] = v[y * w + x];
            }
        }
        return out;
    }

    /** Median test on the (dark-corrected) mean pattern; returns how many pixels it masked. */
    static int maskHotPixels(float[] mean, boolean[] valid, int h, int w, double factor) {
        boolean[] hot = new boolean[h * w];
        float[] nb = new float[8];
        int count = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = y * w + x;
                if (!valid[k]) {
                    continue;
                }
                int m = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if ((dy != 0 || dx != 0) && yy >= 0 && yy < h && xx >= 0 && xx < w && valid[yy * w + xx]) {
                            nb[m++] = mean[yy * w + xx];
                        }
                    }
                }
                if (m < 3) {
                    continue;
                }
                Arrays.sort(nb, 0, m);
                double median = (m % 2 == 1) ? nb[m / 2] : 0.5 * (nb[m / 2 - 1] + nb[m / 2]);
                if (mean[k] > factor * Math.max(median, 1.0)) {
                    hot[k] = true;
                    count++;
                }
            }
        }
        for (int k = 0; k < hot.length; k++) {
            valid[k] &= !hot[k];
        }
        return count;
    }

    /**
     * Applies the plan to one raw pattern read at {@code raw[offset ..]}: dark subtracted (clipped at 0), cropped,
     * binned; masked pixels are 0. Writes {@code size()²} values into {@code out[outOffset ..]}.
     */
    public void apply(PreprocessingPlan plan, float[] raw, int offset, float[] out, int outOffset) {
        int h = plan.rawHeight();
        int w = plan.rawWidth();
        int b = plan.binning();
        int n = plan.size();
        boolean[] mask = plan.mask();
        boolean swap = plan.quadrantsSwapped();
        for (int oy = 0; oy < n; oy++) {
            for (int ox = 0; ox < n; ox++) {
                int o = oy * n + ox;
                if (!mask[o]) {
                    out[outOffset + o] = 0f;
                    continue;
                }
                float sum = 0f;
                for (int dy = 0; dy < b; dy++) {
                    int y = plan.top() + oy * b + dy;
                    int row = (swap ? (y + h - h / 2) % h : y) * w;
                    for (int dx = 0; dx < b; dx++) {
                        int x = plan.left() + ox * b + dx;
                        // k indexes the stored (unswapped) frame, as raw and the dark frame are.
                        int k = row + (swap ? (x + w - w / 2) % w : x);
                        float v = raw[offset + k] - (dark == null ? 0f : dark[k]);
                        sum += v > 0f ? v : 0f;
                    }
                }
                out[outOffset + o] = sum;
            }
        }
    }
}
