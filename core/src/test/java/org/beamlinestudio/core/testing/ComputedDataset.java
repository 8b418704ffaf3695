package org.beamlinestudio.core.testing;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.LazyDataset;

/**
 * A dataset computed on the fly for view tests: value = f(flat index), so any shape costs no memory;
 * a delay per first-axis index and a failure can be injected to test latest-read-wins and error display.
 */
public final class ComputedDataset implements LazyDataset {
    private final long[] shape;
    public final AtomicInteger reads = new AtomicInteger();
    public volatile LongUnaryOperator delayMsForIndex = i -> 0;
    public volatile String failWith;

    public ComputedDataset(long... shape) {
        this.shape = shape.clone();
    }

    public static float value(long flat) {
        return (float) ((flat * 7919) % 1000);
    }

    @Override
    public Path file() {
        return Path.of("/tmp/fake.h5");
    }

    @Override
    public String path() {
        return "/entry/data";
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public ElementType elementType() {
        return ElementType.FLOAT32;
    }

    @Override
    public long[] chunkShape() {
        return null;
    }

    @Override
    public float[] readFloats(long[] offset, int[] count) throws DataFileException {
        reads.incrementAndGet();
        if (failWith != null) {
            throw new DataFileException(file(), path(), failWith, "a readable dataset");
        }
        long delay = delayMsForIndex.applyAsLong(offset[0]);
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int n = 1;
        for (int c : count) {
            n *= c;
        }
        float[] out = new float[n];
        int rank = shape.length;
        int[] idx = new int[rank];
        for (int k = 0; k < n; k++) {
            long flat = 0;
            for (int a = 0; a < rank; a++) {
                flat = flat * shape[a] + offset[a] + idx[a];
            }
            out[k] = value(flat);
            for (int a = rank - 1; a >= 0; a--) {
                if (++idx[a] < count[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        return out;
    }

    @Override
    public RandomAccessibleInterval<FloatType> asImg() {
        throw new UnsupportedOperationException();
    }
}
