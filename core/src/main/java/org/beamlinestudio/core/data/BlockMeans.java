package org.beamlinestudio.core.data;

import java.util.function.IntToDoubleFunction;

/**
 * Block means of a C-order float array: the arithmetic behind coarse levels. Sums run in double and
 * axis by axis (each pass is a plain strided loop, whatever the rank); a block cut by the array's edge
 * is the mean of the voxels it has.
 */
public final class BlockMeans {

    private BlockMeans() {
    }

    /**
     * The mean of every {@code factors[0] × factors[1] × …} block of {@code data} (shape {@code shape}),
     * as a C-order array of shape {@code ceil(shape / factors)}. A factor of 1 leaves an axis as it is.
     */
    public static float[] of(float[] data, int[] shape, int[] factors) {
        int rank = shape.length;
        if (rank == 0) {
            return data.clone();
        }
        int[] cur = shape.clone();
        double[] sums = null;
        // Slowest axis first: that pass adds whole rows element by element (independent adds the JIT
        // vectorises) and shrinks the data before the fastest axis, whose adds depend on each other.
        for (int a = 0; a < rank; a++) {
            if (factors[a] > 1) {
                // the first pass reads the floats themselves: no full-size double copy of the block
                sums = sums == null ? sumAlong(data, cur, a, factors[a]) : sumAlong(sums, cur, a, factors[a]);
                cur[a] = (cur[a] + factors[a] - 1) / factors[a];
            }
        }
        if (sums == null) {
            return data.clone();
        }
        // Voxels per output element: the product over axes of the (possibly clipped) block extent.
        int n = sums.length;
        float[] out = new float[n];
        long whole = 1;
        boolean even = true;
        for (int a = 0; a < rank; a++) {
            whole *= factors[a];
            even &= shape[a] % factors[a] == 0;
        }
        if (even) { // the usual inner block: every mean has the same count
            for (int i = 0; i < n; i++) {
                out[i] = (float) (sums[i] / whole);
            }
            return out;
        }
        int[] pos = new int[rank];
        for (int i = 0; i < n; i++) {
            long count = 1;
            for (int a = 0; a < rank; a++) {
                count *= Math.min(factors[a], shape[a] - pos[a] * factors[a]);
            }
            out[i] = (float) (sums[i] / count);
            for (int a = rank - 1; a >= 0; a--) {
                if (++pos[a] < cur[a]) {
                    break;
                }
                pos[a] = 0;
            }
        }
        return out;
    }

    /** {@link #sumAlong(double[], int[], int, int)} for the float input of the first pass. */
    private static double[] sumAlong(float[] in, int[] shape, int axis, int f) {
        return sumAlong(i -> in[i], shape, axis, f);
    }

    /** Sums groups of {@code f} consecutive elements along {@code axis}. */
    private static double[] sumAlong(double[] in, int[] shape, int axis, int f) {
        return sumAlong(i -> in[i], shape, axis, f);
    }

    /**
     * Sums groups of {@code f} consecutive elements along {@code axis} of the values read through {@code in}
     * (one loop for the float first pass and the double later ones; the JIT sees only these two readers).
     */
    private static double[] sumAlong(IntToDoubleFunction in, int[] shape, int axis, int f) {
        int outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= shape[a];
        }
        int inner = 1;
        for (int a = axis + 1; a < shape.length; a++) {
            inner *= shape[a];
        }
        int len = shape[axis];
        int newLen = (len + f - 1) / f;
        double[] out = new double[outer * newLen * inner];
        for (int o = 0; o < outer; o++) {
            int inBase = o * len * inner;
            int outBase = o * newLen * inner;
            if (inner == 1) {
                for (int j = 0, i = 0; j < newLen; j++) {
                    int end = Math.min(len, i + f);
                    double acc = 0;
                    for (; i < end; i++) {
                        acc += in.applyAsDouble(inBase + i);
                    }
                    out[outBase + j] = acc;
                }
            } else {
                for (int i = 0; i < len; i++) {
                    int src = inBase + i * inner;
                    int dst = outBase + (i / f) * inner;
                    for (int k = 0; k < inner; k++) {
                        out[dst + k] += in.applyAsDouble(src + k);
                    }
                }
            }
        }
        return out;
    }
}
