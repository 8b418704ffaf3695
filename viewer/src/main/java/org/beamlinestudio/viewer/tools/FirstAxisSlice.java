package org.beamlinestudio.viewer.tools;

import java.nio.file.Path;
import java.util.Arrays;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.LazyDataset;

/**
 * A lazy view of one index of a dataset's first axis (a 3-D sub-volume of a 4-D dataset) or, with index −1, of a
 * dataset with a leading axis of length 1 added (a 2-D image as a one-slice volume). Reads go to the parent.
 */
public final class FirstAxisSlice implements LazyDataset {
    private final LazyDataset parent;
    private final long index;
    private final long[] shape;

    private FirstAxisSlice(LazyDataset parent, long index, long[] shape) {
        this.parent = parent;
        this.index = index;
        this.shape = shape;
    }

    /** The sub-array at {@code index} of the parent's first axis (rank one less). */
    public static FirstAxisSlice at(LazyDataset parent, long index) {
        long[] s = parent.shape();
        if (s.length < 2 || index < 0 || index >= s[0]) {
            throw new IllegalArgumentException("index " + index + " outside the first axis (0…" + (s[0] - 1)
                    + ") of " + parent.path() + " in " + parent.file());
        }
        return new FirstAxisSlice(parent, index, Arrays.copyOfRange(s, 1, s.length));
    }

    /** The parent with a leading axis of length 1 (rank one more). */
    public static FirstAxisSlice lifted(LazyDataset parent) {
        long[] s = parent.shape();
        long[] shape = new long[s.length + 1];
        shape[0] = 1;
        System.arraycopy(s, 0, shape, 1, s.length);
        return new FirstAxisSlice(parent, -1, shape);
    }

    /** The index on the parent's first axis, −1 for a lifted view. */
    public long index() {
        return index;
    }

    /** The dataset this views. */
    public LazyDataset parent() {
        return parent;
    }

    @Override
    public Path file() {
        return parent.file();
    }

    @Override
    public String path() {
        return index < 0 ? parent.path() : parent.path() + "[" + index + "]";
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public ElementType elementType() {
        return parent.elementType();
    }

    @Override
    public long[] chunkShape() {
        long[] c = parent.chunkShape();
        if (c == null) {
            return null;
        }
        if (index < 0) {
            long[] out = new long[c.length + 1];
            out[0] = 1;
            System.arraycopy(c, 0, out, 1, c.length);
            return out;
        }
        return Arrays.copyOfRange(c, 1, c.length);
    }

    @Override
    public float[] readFloats(long[] offset, int[] count) throws DataFileException {
        if (index < 0) {
            if (offset.length != shape.length || offset[0] != 0 || count[0] != 1) {
                throw new DataFileException(file(), path(), "a read at offset " + Arrays.toString(offset)
                        + ", count " + Arrays.toString(count), "one slice of shape " + Arrays.toString(shape));
            }
            return parent.readFloats(Arrays.copyOfRange(offset, 1, offset.length),
                    Arrays.copyOfRange(count, 1, count.length));
        }
        long[] o = new long[offset.length + 1];
        int[] c = new int[count.length + 1];
        o[0] = index;
        c[0] = 1;
        System.arraycopy(offset, 0, o, 1, offset.length);
        System.arraycopy(count, 0, c, 1, count.length);
        return parent.readFloats(o, c);
    }

    @Override
    public RandomAccessibleInterval<FloatType> asImg() {
        RandomAccessibleInterval<FloatType> img = parent.asImg();
        // ImgLib2's dimensions run backwards: the file's first axis is the last dimension.
        return index < 0 ? Views.addDimension(img, 0, 0) : Views.hyperSlice(img, img.numDimensions() - 1, index);
    }
}
