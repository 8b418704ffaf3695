package org.beamlinestudio.core.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Maps a data value to colour and opacity: the window [{@code low}, {@code high}] is mapped to
 * [0, 1]; the opacity is the piecewise-linear ramp through {@code points} (constant beyond the
 * first and last point); the colour is the 256-entry ARGB table {@code colors} (a colormap).
 *
 * @param low    data value at position 0
 * @param high   data value at position 1 (greater than low)
 * @param points opacity ramp, sorted by position here; at least one point
 * @param colors 256 ARGB colours from position 0 to 1 (alpha ignored)
 */
public record TransferFunction(double low, double high, List<OpacityPoint> points, int[] colors) {

    /** Entries in the tables handed to renderers. */
    public static final int TABLE_SIZE = 256;

    /** The named opacity ramps the view offers. */
    public enum Preset {
        /** Opacity rises linearly over the window. */
        LINEAR("Linear ramp"),
        /** Only the upper half of the window shows: dense material in a transparent surrounding. */
        BRIGHT("Bright only"),
        /** A band in the middle of the window: one material between two others. */
        BAND("Middle band"),
        /** Everything in the window equally opaque, faint: an X-ray-like look. */
        FLAT("Flat (faint)");

        private final String title;

        Preset(String title) {
            this.title = title;
        }

        /** Name shown to the user. */
        public String title() {
            return title;
        }

        /** This preset's opacity ramp. */
        public List<OpacityPoint> points() {
            switch (this) {
                case BRIGHT:
                    return List.of(new OpacityPoint(0, 0), new OpacityPoint(0.5, 0), new OpacityPoint(1, 0.6));
                case BAND:
                    return List.of(new OpacityPoint(0, 0), new OpacityPoint(0.35, 0), new OpacityPoint(0.5, 0.4),
                            new OpacityPoint(0.65, 0), new OpacityPoint(1, 0));
                case FLAT:
                    return List.of(new OpacityPoint(0, 0.02), new OpacityPoint(1, 0.02));
                case LINEAR:
                default:
                    return List.of(new OpacityPoint(0, 0), new OpacityPoint(1, 0.3));
            }
        }

        @Override
        public String toString() {
            return title;
        }
    }

    public TransferFunction {
        if (!(high > low) || Double.isInfinite(low) || Double.isInfinite(high)) {
            throw new IllegalArgumentException("transfer function window needs finite low < high, was [" + low + ", "
                    + high + "]");
        }
        if (points == null || points.isEmpty()) {
            throw new IllegalArgumentException("transfer function needs at least one opacity point");
        }
        if (colors == null || colors.length != TABLE_SIZE) {
            throw new IllegalArgumentException("transfer function needs " + TABLE_SIZE + " colours, got "
                    + (colors == null ? "none" : String.valueOf(colors.length)));
        }
        List<OpacityPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(OpacityPoint::position));
        points = List.copyOf(sorted);
        colors = colors.clone();
    }

    /** A grey ramp over the window with {@code preset}'s opacity. */
    public static TransferFunction of(double low, double high, Preset preset) {
        return new TransferFunction(low, high, preset.points(), grayColors());
    }

    /** The colours are a copy (the record keeps its own). */
    @Override
    public int[] colors() {
        return colors.clone();
    }

    /** The grey table, black to white. */
    public static int[] grayColors() {
        int[] c = new int[TABLE_SIZE];
        for (int i = 0; i < TABLE_SIZE; i++) {
            c[i] = 0xFF000000 | (i << 16) | (i << 8) | i;
        }
        return c;
    }

    /** Same ramp and colours over another window. */
    public TransferFunction withWindow(double newLow, double newHigh) {
        return new TransferFunction(newLow, newHigh, points, colors);
    }

    /** Same window and colours with another opacity ramp. */
    public TransferFunction withPoints(List<OpacityPoint> newPoints) {
        return new TransferFunction(low, high, newPoints, colors);
    }

    /** Same window and ramp with another colour table. */
    public TransferFunction withColors(int[] newColors) {
        return new TransferFunction(low, high, points, newColors);
    }

    /** Opacity at window position {@code t} (linear between points, constant beyond the ends). */
    public double opacityAt(double t) {
        OpacityPoint first = points.get(0);
        if (t <= first.position()) {
            return first.opacity();
        }
        for (int i = 1; i < points.size(); i++) {
            OpacityPoint b = points.get(i);
            if (t <= b.position()) {
                OpacityPoint a = points.get(i - 1);
                double span = b.position() - a.position();
                return span <= 0 ? b.opacity() : a.opacity() + (b.opacity() - a.opacity()) * (t - a.position()) / span;
            }
        }
        return points.get(points.size() - 1).opacity();
    }

    /**
     * The table renderers sample: {@value #TABLE_SIZE} RGBA entries (floats 0 … 1, not premultiplied)
     * from window position 0 to 1. Opacity is corrected for the sampling step: a point's opacity is
     * per full-resolution voxel, so a sample {@code stepVoxels} long has {@code 1 − (1 − a)^step}, and
     * the image keeps its look whatever the step or level.
     */
    public float[] lookupTable(double stepVoxels) {
        float[] table = new float[TABLE_SIZE * 4];
        for (int i = 0; i < TABLE_SIZE; i++) {
            int c = colors[i];
            double a = opacityAt(i / (double) (TABLE_SIZE - 1));
            table[4 * i] = ((c >> 16) & 0xFF) / 255f;
            table[4 * i + 1] = ((c >> 8) & 0xFF) / 255f;
            table[4 * i + 2] = (c & 0xFF) / 255f;
            table[4 * i + 3] = (float) (a >= 1 ? 1 : 1 - Math.pow(1 - a, stepVoxels));
        }
        return table;
    }
}
