package org.beamlinestudio.core.mesh;

import java.util.HashMap;
import java.util.Map;

/**
 * An indexed triangle mesh: vertex positions and unit normals (x, y, z per vertex) and triangles as three vertex
 * indices each, wound counter-clockwise seen from the side the normals point to.
 *
 * @param positions x, y, z of each vertex (x along the volume's last axis, z along its first)
 * @param normals   unit normal of each vertex, same layout as positions
 * @param triangles three vertex indices per triangle
 */
public record TriangleMesh(float[] positions, float[] normals, int[] triangles) {

    /** A mesh with no triangles. */
    public static final TriangleMesh EMPTY = new TriangleMesh(new float[0], new float[0], new int[0]);

    public TriangleMesh {
        if (positions.length % 3 != 0 || normals.length != positions.length || triangles.length % 3 != 0) {
            throw new IllegalArgumentException("positions (" + positions.length + "), normals (" + normals.length
                    + ") and triangles (" + triangles.length + ") must come in threes, one normal per position");
        }
    }

    public int vertexCount() {
        return positions.length / 3;
    }

    public int triangleCount() {
        return triangles.length / 3;
    }

    /** The total area of the triangles, in the units of the positions squared. */
    public double area() {
        double sum = 0;
        for (int t = 0; t < triangles.length; t += 3) {
            double[] c = cross(t);
            sum += 0.5 * Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
        }
        return sum;
    }

    /**
     * The volume the mesh encloses (divergence theorem), positive when the triangles face outwards; meaningful
     * only for a closed mesh.
     */
    public double enclosedVolume() {
        double sum = 0;
        for (int t = 0; t < triangles.length; t += 3) {
            int a = 3 * triangles[t];
            double[] c = cross(t);
            sum += positions[a] * c[0] + positions[a + 1] * c[1] + positions[a + 2] * c[2];
        }
        return sum / 6;
    }

    /**
     * The number of edges not shared by exactly two triangles (0 for a watertight mesh); each undirected edge
     * counts once.
     */
    public int openEdgeCount() {
        Map<Long, Integer> uses = new HashMap<>(triangles.length * 2);
        for (int t = 0; t < triangles.length; t += 3) {
            for (int k = 0; k < 3; k++) {
                long a = triangles[t + k];
                long b = triangles[t + (k + 1) % 3];
                uses.merge(Math.min(a, b) << 32 | Math.max(a, b), 1, Integer::sum);
            }
        }
        int open = 0;
        for (int n : uses.values()) {
            if (n != 2) {
                open++;
            }
        }
        return open;
    }

    /** The lowest and highest x, y, z of the vertices: {minX, minY, minZ, maxX, maxY, maxZ}. */
    public float[] bounds() {
        float[] b = {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int i = 0; i < positions.length; i += 3) {
            for (int k = 0; k < 3; k++) {
                b[k] = Math.min(b[k], positions[i + k]);
                b[k + 3] = Math.max(b[k + 3], positions[i + k]);
            }
        }
        return b;
    }

    /** (b - a) x (c - a) of triangle starting at index t. */
    private double[] cross(int t) {
        int a = 3 * triangles[t];
        int b = 3 * triangles[t + 1];
        int c = 3 * triangles[t + 2];
        double ux = positions[b] - positions[a];
        double uy = positions[b + 1] - positions[a + 1];
        double uz = positions[b + 2] - positions[a + 2];
        double vx = positions[c] - positions[a];
        double vy = positions[c + 1] - positions[a + 1];
        double vz = positions[c + 2] - positions[a + 2];
        return new double[] {uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx};
    }
}
