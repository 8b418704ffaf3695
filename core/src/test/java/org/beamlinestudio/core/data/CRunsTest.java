package org.beamlinestudio.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CRunsTest {

    @Test
    void copyMovesTheSameElementsAsTheRunByRunWalk() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 300; trial++) {
            int rank = 1 + rnd.nextInt(4);
            int[] srcShape = new int[rank];
            int[] dstShape = new int[rank];
            int[] box = new int[rank];
            int[] so = new int[rank];
            int[] dO = new int[rank];
            for (int a = 0; a < rank; a++) {
                // one-element runs along the last axis are common (YZ planes): make them likely
                box[a] = a == rank - 1 && rnd.nextBoolean() ? 1 : 1 + rnd.nextInt(5);
                so[a] = rnd.nextInt(3);
                dO[a] = rnd.nextInt(3);
                srcShape[a] = so[a] + box[a] + rnd.nextInt(3);
                dstShape[a] = dO[a] + box[a] + rnd.nextInt(3);
            }
            float[] src = new float[size(srcShape)];
            for (int i = 0; i < src.length; i++) {
                src[i] = i + 1;
            }
            float[] expected = new float[size(dstShape)];
            float[] actual = new float[size(dstShape)];
            CRuns.forEach(box, srcShape, so, dstShape, dO, (s, d, len) -> System.arraycopy(src, s, expected, d, len));
            CRuns.copy(src, srcShape, so, actual, dstShape, dO, box);
            assertThat(actual).as("trial %d", trial).containsExactly(expected);
            assertThat(actual).as("something was copied").contains((float) (so.length > 0 ? 1 + offset(so, srcShape) : 1));
        }
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    private static int offset(int[] pos, int[] shape) {
        int[] st = CRuns.strides(shape);
        int o = 0;
        for (int a = 0; a < pos.length; a++) {
            o += pos[a] * st[a];
        }
        return o;
    }
}
