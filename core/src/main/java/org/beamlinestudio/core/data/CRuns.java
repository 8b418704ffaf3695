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

    /**
     * Copies the box {@code box} at {@code srcOrigin} of {@code src} (shape {@code srcShape}) to
     * {@code dstOrigin} of {@code dst} (shape {@code dstShape}). Same result as {@link #forEach} with an
     * {@code arraycopy} per run, without the per-run bookkeeping: offsets move by strides, and runs of one
     * element (a YZ plane cut from x-fastest blocks) are a strided gather instead of a million tiny copies.
     */
    public static void copy(float[] src, int[] srcShape, int[] srcOrigin, float[] dst, int[] dstShape,
                            int[] dstOrigin, int[] box) {
        int rank = box.length;
        if (rank == 0) {
            dst[0] = src[0];
            return;
        }
        for (int b : box) {
            if (b <= 0) {
                return;
            }
        }
        int[] ss = strides(srcShape);
        int[] ds = strides(dstShape);
        int s = 0;
        int d = 0;
        for (int a = 0; a < rank; a++) {
            s += srcOrigin[a] * ss[a];
            d += dstOrigin[a] * ds[a];
        }
        int len = box[rank - 1];
        if (rank == 1) {
            System.arraycopy(src, s, dst, d, len);
            return;
        }
        int rows = box[rank - 2];
        int sRow = ss[rank - 2];
        int dRow = ds[rank - 2];
        int[] pos = new int[rank];
        while (true) {
            if (len == 1) {
                for (int r = 0, si = s, di = d; r < rows; r++, si += sRow, di += dRow) {
                    dst[di] = src[si];
                }
            } else {
                for (int r = 0, si = s, di = d; r < rows; r++, si += sRow, di += dRow) {
                    System.arraycopy(src, si, dst, di, len);
                }
            }
            int a = rank - 3;
            while (a >= 0) {
                pos[a]++;
                s += ss[a];
                d += ds[a];
                if (pos[a] < box[a]) {
                    break;
                }
                s -= ss[a] * box[a];
                d -= ds[a] * box[a];
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
