package org.beamlinestudio.core.data;

/** Walks an N-d box inside two C-order arrays as runs along the last (fastest) axis. */
public final class CRuns {

    /** Receives one run: {@code length} consecutive elements at the given flat indices. */
    @FunctionalInterface
    public interface Run {
        void copy(int srcIndex, int dstIndex, int length);
    }

    private CRuns() {
    }

    /**
     * Calls {@code run} for every row of the box {@code box} that sits at {@code srcOrigin} in an
     * array of shape {@code srcShape} and at {@code dstOrigin} in an array of shape {@code dstShape}.
     */
    public static void forEach(int[] box, int[] srcShape, int[] srcOrigin, int[] dstShape, int[] dstOrigin, Run run) {
        int rank = box.length;
        if (rank == 0) {
            run.copy(0, 0, 1);
            return;
        }
        for (int b : box) {
            if (b <= 0) {
                return;
            }
        }
        int[] srcStride = strides(srcShape);
        int[] dstStride = strides(dstShape);
        int[] pos = new int[rank];
        int len = box[rank - 1];
        while (true) {
            int s = 0;
            int d = 0;
            for (int a = 0; a < rank; a++) {
                s += (srcOrigin[a] + pos[a]) * srcStride[a];
                d += (dstOrigin[a] + pos[a]) * dstStride[a];
            }
            run.copy(s, d, len);
            int a = rank - 2;
            while (a >= 0) {
                if (++pos[a] < box[a]) {
                    break;
                }
                pos[a] = 0;
                a--;
            }
            if (a < 0) {
                return;
            }
        }
    }

    /** C-order strides (elements) of a shape. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        long acc = 1;
        for (int a = shape.length - 1; a >= 0; a--) {
            s[a] = (int) acc;
            acc *= shape[a];
        }
        return s;
    }
}
