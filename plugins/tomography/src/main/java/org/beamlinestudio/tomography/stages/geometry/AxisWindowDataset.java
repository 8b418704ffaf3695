package org.beamlinestudio.tomography.stages.geometry;

import java.nio.file.Path;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.LazyDataset;

/**
 * A window {@code [from, from + count)} of one axis of a lazy dataset, renumbered from 0: e.g. the
 * flat fields' rows that match a row range of the projections. Reads go to the underlying dataset.
 */
public final class AxisWindowDataset implements LazyDataset {

    private final LazyDataset base;
    private final int axis;
    private final long from;
    private final long count;

    /**
     * @throws IllegalArgumentException when the window leaves the dataset
     */
    public AxisWindowDataset(LazyDataset base, int axis, long from, long count) {
        long[] s = base.shape();
        if (axis < 0 || axis >= s.length || from < 0 || count < 0 || from + count > s[axis]) {
            throw new IllegalArgumentException("window [" + from + ", " + (from + count) + ") of axis " + axis
                    + " is outside " + base.path() + " of shape " + java.util.Arrays.toString(s));
        }
        this.base = base;
        this.axis = axis;
        this.from = from;
        this.count = count;
    }

    @Override
    public Path file() {
        return base.file();
    }

    @Override
    public String path() {
        return base.path();
    }

    @Override
    public long[] shape() {
        long[] s = base.shape();
        s[axis] = count;
        return s;
    }

    @Override
    public ElementType elementType() {
        return base.elementType();
    }

    @Override
    public long[] chunkShape() {
        return base.chunkShape();
    }

    @Override
    public float[] readFloats(long[] offset, int[] cnt) throws DataFileException {
        if (offset[axis] < 0 || offset[axis] + cnt[axis] > count) {
            throw new DataFileException(base.file(), base.path(), "a request for [" + offset[axis] + ", "
                    + (offset[axis] + cnt[axis]) + ") along axis " + axis,
                    "indices within the window of " + count + " starting at " + from);
        }
        long[] o = offset.clone();
        o[axis] += from;
        return base.readFloats(o, cnt);
    }

    @Override
    public RandomAccessibleInterval<FloatType> asImg() {
        RandomAccessibleInterval<FloatType> img = base.asImg();
        int n = img.numDimensions();
        long[] min = new long[n];
        long[] max = new long[n];
        for (int d = 0; d < n; d++) {
            min[d] = img.min(d);
            max[d] = img.max(d);
        }
        // ImgLib2 axes are the file's reversed.
        int d = n - 1 - axis;
        min[d] = img.min(d) + from;
        max[d] = min[d] + count - 1;
        return Views.zeroMin(Views.interval(img, min, max));
    }
}
