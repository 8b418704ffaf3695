package org.beamlinestudio.tomography.stages;

import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.StageException;

/** Runs a per-sinogram operation over every row of a projection slab (angles, rows, cols), rows in parallel. */
final class SinogramSlab {

    /** One sinogram in, the corrected sinogram out (angles × cols, C order). */
    @FunctionalInterface
    interface SinogramOperation {
        float[] apply(float[] sinogram, int angles, int cols);
    }

    private SinogramSlab() {
    }

    /** Checks that the chunk holds whole sinograms: rank 3, streamed along rows. */
    static void requireSinograms(String stageId, Chunk input) throws StageException {
        FloatBlock b = input.block();
        if (b.rank() != 3) {
            throw new StageException(stageId, "expected projections (angle, row, column), got a block of rank "
                    + b.rank());
        }
        if (input.streamAxis() != 1 || b.origin()[0] != 0 || b.origin()[2] != 0) {
            throw new StageException(stageId, "needs whole sinograms (chunks streamed along detector rows, axis 1), "
                    + "got a chunk streamed along axis " + input.streamAxis() + " at " + b);
        }
    }

    static Chunk map(String stageId, Chunk input, SinogramOperation op, Progress progress, Cancellation cancel)
            throws StageException, Cancellation.CancelledException {
        requireSinograms(stageId, input);
        FloatBlock b = input.block();
        int angles = b.shape()[0];
        int rows = b.shape()[1];
        int cols = b.shape()[2];
        float[] in = b.data();
        float[] out = new float[in.length];
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        IntStream.range(0, rows).parallel().forEach(r -> {
            if (cancel.isCancelled() || failure.get() != null) {
                return;
            }
            try {
                float[] sino = new float[angles * cols];
                for (int a = 0; a < angles; a++) {
                    System.arraycopy(in, (a * rows + r) * cols, sino, a * cols, cols);
                }
                float[] res = op.apply(sino, angles, cols);
                for (int a = 0; a < angles; a++) {
                    System.arraycopy(res, a * cols, out, (a * rows + r) * cols, cols);
                }
                int n = done.incrementAndGet();
                progress.update((double) n / rows, "sinogram " + (b.origin()[1] + r));
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        });
        cancel.check();
        if (failure.get() != null) {
            throw new StageException(stageId, failure.get().getMessage(), failure.get());
        }
        return input.withData(out);
    }
}
