package org.beamlinestudio.tomography.prep;

import java.util.Locale;

/**
 * How {@link OutlierRemoval} decides that a pixel is an outlier (a zinger) and what it compares it
 * with. The neighbourhood lies in the sinogram plane (angles × columns of one detector row), so
 * the result never depends on how rows are split into chunks: either {@code size} consecutive
 * angles at the same column ({@link Window#ANGLES}, the default: zingers are isolated in time, and
 * stripes and sharp column edges, constant along angles, are left alone) or {@code size × size}
 * angles × columns ({@link Window#SQUARE}). Edges are mirrored (the edge sample repeated, as
 * {@code scipy.ndimage} mode {@code reflect}).
 *
 * @param mode      how the threshold is measured
 * @param threshold the threshold: data units ({@link Mode#DIFFERENCE}), a fraction of |median|
 *                  ({@link Mode#RATIO}) or a number of robust standard deviations, 1.4826·MAD
 *                  ({@link Mode#MAD})
 * @param size      window length, odd, 3…15
 * @param window    the neighbourhood's shape
 * @param sign      which deviations count: above the median (zingers in intensity or transmission,
 *                  TomoPy's only case), below it (zingers after −log), or both
 */
public record OutlierSettings(Mode mode, double threshold, int size, Window window, Sign sign) {

    /** Largest window length: a square window then holds 225 values, the kernel's private buffer. */
    public static final int MAX_SIZE = 15;

    public OutlierSettings {
        if (size < 3 || size > MAX_SIZE || size % 2 == 0) {
            throw new IllegalArgumentException("the median window must be an odd number of pixels from 3 to "
                    + MAX_SIZE + ", was " + size);
        }
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("the threshold must be a finite number ≥ 0, was " + threshold);
        }
        if (mode == Mode.MAD && window == Window.ANGLES && size < 5) {
            throw new IllegalArgumentException("a MAD threshold needs at least 5 samples in the window: "
                    + "use size ≥ 5 or the square window");
        }
    }

    /** TomoPy's {@code remove_outlier(arr, dif, size=3)} semantics, in the sinogram plane along angles. */
    public static OutlierSettings difference(double dif) {
        return new OutlierSettings(Mode.DIFFERENCE, dif, 3, Window.ANGLES, Sign.BOTH);
    }

    /** The number of values in one window. */
    public int windowLength() {
        return window == Window.ANGLES ? size : size * size;
    }

    /** Threshold measure. */
    public enum Mode {
        /** |value − median| above {@code threshold}, in data units (TomoPy's {@code dif}). */
        DIFFERENCE,
        /** |value − median| above {@code threshold × |median|}. */
        RATIO,
        /** |value − median| above {@code threshold × 1.4826 × MAD} of the window. */
        MAD;

        /** The name used in stage parameters. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Neighbourhood shape in the sinogram plane. */
    public enum Window {
        /** {@code size} consecutive angles at one column. */
        ANGLES,
        /** {@code size × size} angles × columns. */
        SQUARE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which side of the median an outlier lies on. */
    public enum Sign {
        BRIGHT, DARK, BOTH;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Code passed to the kernel: 1 bright, −1 dark, 0 both. */
        int code() {
            return this == BRIGHT ? 1 : this == DARK ? -1 : 0;
        }
    }
}
