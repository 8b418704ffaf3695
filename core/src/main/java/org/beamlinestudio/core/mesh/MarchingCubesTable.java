package org.beamlinestudio.core.mesh;

import java.util.ArrayList;
import java.util.List;

/**
 * The marching-cubes case table, derived at class load from the cube's geometry instead of copied: for each of the
 * 256 inside/outside patterns of a cube's corners, the triangles (as cube-edge indices) that separate the inside
 * corners (value at or above the threshold) from the others.
 *
 * <p>Why derived: every face's crossing segments follow one rule (an ambiguous face, inside corners on a diagonal,
 * always cuts each inside corner off), and a face looks the same from both cubes that share it, so neighbouring
 * cubes always agree and the surface is watertight — the classic hand-made tables leave holes at ambiguous faces.
 *
 * <p>Corner i sits at (x, y, z) = (i &amp; 1, i &gt;&gt; 1 &amp; 1, i &gt;&gt; 2 &amp; 1). Edge {@code 4 * axis + j}
 * runs along {@code axis} (0 = x, 1 = y, 2 = z) from corner {@link #EDGE_START}[e] to that corner plus one step.
 */
final class MarchingCubesTable {
    /** The lower corner of each edge. */
    static final int[] EDGE_START = new int[12];
    /** The axis of each edge. */
    static final int[] EDGE_AXIS = new int[12];
    /**
     * Per case, the triangles, three corners each, facing the outside corners: a corner below 12 is the vertex on
     * that cube edge; {@code 12 + j} is the centre (mean) of the vertices of loop j, see {@link #LOOPS}.
     */
    static final int[][] TRIANGLES = new int[256][];
    /** Per case, the cube edges of each loop whose centre a triangle uses (empty rows for loops without one). */
    static final int[][][] LOOPS = new int[256][][];

    static {
        for (int axis = 0; axis < 3; axis++) {
            int j = 0;
            for (int c = 0; c < 8; c++) {
                if ((c >> axis & 1) == 0) {
                    EDGE_START[4 * axis + j] = c;
                    EDGE_AXIS[4 * axis + j] = axis;
                    j++;
                }
            }
        }
        for (int mask = 0; mask < 256; mask++) {
            List<int[]> loops = new ArrayList<>();
            TRIANGLES[mask] = triangulate(mask, loops);
            LOOPS[mask] = loops.toArray(new int[0][]);
        }
        if (!facesOutwards(TRIANGLES[1])) {
            for (int[] tris : TRIANGLES) {
                for (int t = 0; t < tris.length; t += 3) {
                    int swap = tris[t + 1];
                    tris[t + 1] = tris[t + 2];
                    tris[t + 2] = swap;
                }
            }
        }
    }

    private MarchingCubesTable() {
    }

    /** The edge joining two corners that differ in one coordinate. */
    static int edgeBetween(int a, int b) {
        int axis = Integer.numberOfTrailingZeros(a ^ b);
        int lower = Math.min(a, b);
        for (int e = 4 * axis; e < 4 * axis + 4; e++) {
            if (EDGE_START[e] == lower) {
                return e;
            }
        }
        throw new IllegalArgumentException("corners " + a + " and " + b + " share no edge");
    }

    /**
     * Face segments run from the edge where a walk round the face (counter-clockwise seen from outside the cube)
     * enters the inside to the edge where it next leaves it; the two faces sharing a cube edge walk it in opposite
     * directions, so each crossed edge starts one segment and ends one, and the segments chain into closed loops.
     */
    private static int[] triangulate(int mask, List<int[]> centred) {
        int[] next = new int[12];
        java.util.Arrays.fill(next, -1);
        for (int d = 0; d < 3; d++) {
            int u = (d + 1) % 3;
            int v = (d + 2) % 3;
            for (int side = 0; side < 2; side++) {
                int[][] uv = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
                int[] p = new int[4];
                for (int k = 0; k < 4; k++) {
                    int[] q = uv[side == 1 ? k : 3 - k];
                    p[k] = side << d | q[0] << u | q[1] << v;
                }
                for (int k = 0; k < 4; k++) {
                    boolean entry = !inside(mask, p[k]) && inside(mask, p[(k + 1) % 4]);
                    if (entry) {
                        for (int j = 1; j < 4; j++) {
                            int a = p[(k + j) % 4];
                            int b = p[(k + j + 1) % 4];
                            if (inside(mask, a) && !inside(mask, b)) {
                                next[edgeBetween(p[k], p[(k + 1) % 4])] = edgeBetween(a, b);
                                break;
                            }
                        }
                    }
                }
            }
        }
        List<Integer> tris = new ArrayList<>();
        boolean[] used = new boolean[12];
        for (int start = 0; start < 12; start++) {
            if (next[start] < 0 || used[start]) {
                continue;
            }
            List<Integer> loop = new ArrayList<>();
            for (int e = start; !used[e]; e = next[e]) {
                used[e] = true;
                loop.add(e);
            }
            int m = loop.size();
            int apex = fanApex(loop);
            if (apex >= 0) {
                for (int i = 1; i + 1 < m; i++) {
                    tris.add(loop.get(apex));
                    tris.add(loop.get((apex + i) % m));
                    tris.add(loop.get((apex + i + 1) % m));
                }
            } else {
                int centre = 12 + centred.size();
                centred.add(loop.stream().mapToInt(Integer::intValue).toArray());
                for (int i = 0; i < m; i++) {
                    tris.add(centre);
                    tris.add(loop.get(i));
                    tris.add(loop.get((i + 1) % m));
                }
            }
        }
        return tris.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A loop vertex whose fan's diagonals join no two vertices on one face; -1 if there is none. Such a diagonal
     * could also be drawn by the cube on the other side of that face, and the mesh edge would then belong to four
     * triangles; a loop without a safe apex is fanned round its centre instead.
     */
    private static int fanApex(List<Integer> loop) {
        int m = loop.size();
        for (int k = 0; k < m; k++) {
            boolean safe = true;
            for (int j = 2; j + 1 < m && safe; j++) {
                safe = !shareFace(loop.get(k), loop.get((k + j) % m));
            }
            if (safe) {
                return k;
            }
        }
        return -1;
    }

    /** Whether two cube edges lie on a common face of the cube. */
    private static boolean shareFace(int e1, int e2) {
        int a1 = EDGE_START[e1];
        int b1 = a1 | 1 << EDGE_AXIS[e1];
        int a2 = EDGE_START[e2];
        int b2 = a2 | 1 << EDGE_AXIS[e2];
        for (int d = 0; d < 3; d++) {
            int s = a1 >> d & 1;
            if ((b1 >> d & 1) == s && (a2 >> d & 1) == s && (b2 >> d & 1) == s) {
                return true;
            }
        }
        return false;
    }

    private static boolean inside(int mask, int corner) {
        return (mask >> corner & 1) != 0;
    }

    /** Whether the triangle of case 1 (corner 0 inside) turns its face, by the right-hand rule, away from corner 0. */
    private static boolean facesOutwards(int[] tri) {
        double[][] p = new double[3][];
        for (int k = 0; k < 3; k++) {
            p[k] = midpoint(tri[k]);
        }
        double[] u = {p[1][0] - p[0][0], p[1][1] - p[0][1], p[1][2] - p[0][2]};
        double[] w = {p[2][0] - p[0][0], p[2][1] - p[0][1], p[2][2] - p[0][2]};
        double[] n = {u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]};
        return n[0] + n[1] + n[2] > 0;
    }

    private static double[] midpoint(int edge) {
        int c = EDGE_START[edge];
        double[] m = {c & 1, c >> 1 & 1, c >> 2 & 1};
        m[EDGE_AXIS[edge]] += 0.5;
        return m;
    }
}
