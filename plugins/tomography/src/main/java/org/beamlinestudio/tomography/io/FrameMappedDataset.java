package org.beamlinestudio.tomography.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.numeric.real.FloatType;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.data.UncheckedDataFileException;

/**
 * A (frame, row, column) stack whose frame k is frame {@code index[k]} of {@code sources[k]}: the
 * projections among an NXtomo scan's frames, or one HDF5 dataset per image (ALS 8.3.2). Holds no
 * data and no cache of its own: reads go straight to the sources, which cache their blocks, so the
 * same bytes are never held twice. Frames that are consecutive in the same source are read in one
 * request.
 */
final class FrameMappedDataset implements LazyDataset {

    private final Path file;
    private final String path;
    private final LazyDataset[] sources;
    private final int[] index;
    private final long[] shape;
    private final ElementType type;
    private volatile RandomAccessibleInterval<FloatType> img;

    /**
     * @param sources per frame, the 3-D dataset holding it (all of the same rows × columns)
     * @param index   per frame, its frame index in that source
     */
    FrameMappedDataset(Path file, String path, List<LazyDataset> sources, int[] index) {
        if (sources.isEmpty() || sources.size() != index.length) {
            throw new IllegalArgumentException("need one source per frame: " + sources.size() + " vs " + index.length);
        }
        this.file = file;
        this.path = path;
        this.sources = sources.toArray(new LazyDataset[0]);
        this.index = index.clone();
        long[] s = this.sources[0].shape();
        this.shape = new long[] {index.length, s[1], s[2]};
        this.type = this.sources[0].elementType();
    }

    /** Frames {@code index} of one parent. */
    static FrameMappedDataset subset(LazyDataset parent, int[] index, String label) {
        LazyDataset[] same = new LazyDataset[index.length];
        Arrays.fill(same, parent);
        return new FrameMappedDataset(parent.file(), parent.path() + label, Arrays.asList(same), index);
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public ElementType elementType() {
        return type;
    }

    @Override
    public long[] chunkShape() {
        return null;
    }

    /** The frame index in its source of each frame of this stack. */
    int[] frameIndex() {
        return index.clone();
    }

    @Override
    public float[] readFloats(long[] offset, int[] count) throws DataFileException {
        if (offset == null || count == null || offset.length != 3 || count.length != 3) {
            throw new DataFileException(file, path, "a request of rank " + (offset == null ? "null" : offset.length),
                    "offset and count of rank 3 (shape " + Arrays.toString(shape) + ")");
        }
        for (int a = 0; a < 3; a++) {
            if (offset[a] < 0 || count[a] < 0 || offset[a] + count[a] > shape[a]) {
                throw new DataFileException(file, path, "a request for offset " + Arrays.toString(offset) + " count "
                        + Arrays.toString(count) + " that leaves the array along axis " + a,
                        "0 <= offset, offset + count <= shape " + Arrays.toString(shape));
            }
        }
        int f0 = (int) offset[0];
        int nf = count[0];
        int image = count[1] * count[2];
        float[] out = new float[nf * image];
        int k = 0;
        while (k < nf) {
            LazyDataset src = sources[f0 + k];
            int run = 1;
            while (k + run < nf && sources[f0 + k + run] == src && index[f0 + k + run] == index[f0 + k] + run) {
                run++;
            }
            float[] part = src.readFloats(new long[] {index[f0 + k], offset[1], offset[2]},
                    new int[] {run, count[1], count[2]});
            System.arraycopy(part, 0, out, k * image, part.length);
            k += run;
        }
        return out;
    }

    /** Cells of one frame (ImgLib2 order: columns, rows, frames), read from the sources when touched. */
    @Override
    public RandomAccessibleInterval<FloatType> asImg() {
        RandomAccessibleInterval<FloatType> result = img;
        if (result == null) {
            synchronized (this) {
                result = img;
                if (result == null) {
                    long[] dims = {shape[2], shape[1], shape[0]};
                    CellGrid grid = new CellGrid(dims, new int[] {(int) shape[2], (int) shape[1], 1});
                    LazyCellImg.Get<Cell<FloatArray>> get = i -> {
                        long[] min = new long[3];
                        int[] size = new int[3];
                        grid.getCellDimensions(i, min, size);
                        try {
                            float[] data = readFloats(new long[] {min[2], 0, 0},
                                    new int[] {1, (int) shape[1], (int) shape[2]});
                            return new Cell<>(size, min, new FloatArray(data));
                        } catch (DataFileException e) {
                            throw new UncheckedDataFileException(e);
                        }
                    };
                    result = new LazyCellImg<>(grid, new FloatType(), get);
                    img = result;
                }
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return "FrameMappedDataset[" + file + ":" + path + " " + Arrays.toString(shape) + "]";
    }
}
