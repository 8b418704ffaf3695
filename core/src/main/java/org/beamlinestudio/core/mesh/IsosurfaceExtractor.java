package org.beamlinestudio.core.mesh;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;

/**
 * Marching cubes on a {@link FloatVolume}: the surface where the value crosses a threshold, as an indexed mesh
 * whose vertices are shared between neighbouring cubes (so it is watertight where the surface stays inside the
 * volume), with normals from the volume's gradient, pointing to lower values. Positions are in the source's voxel
 * coordinates (x = last axis, z = first axis; a voxel of a downsampled level sits at the centre of the block it
 * stands for). The volume is cut into slabs of planes that run in parallel and are stitched on their shared planes.
 */
public final class IsosurfaceExtractor {
    private final int slabCount;

    /** Slabs for every core, a few per core to even out the load. */
    public IsosurfaceExtractor() {
        this(4 * Runtime.getRuntime().availableProcessors());
    }

    /** {@code slabCount} slabs (1 = one thread). */
    public IsosurfaceExtractor(int slabCount) {
        if (slabCount < 1) {
            throw new IllegalArgumentException("slab count must be at least 1, got " + slabCount);
        }
        this.slabCount = slabCount;
    }

    /** The surface at {@code threshold}; values at or above it are inside. */
    public TriangleMesh extract(FloatVolume volume, float threshold, Cancellation cancel, Progress progress)
            throws Cancellation.CancelledException {
        int layers = volume.nz() - 1;
        if (layers < 1 || volume.ny() < 2 || volume.nx() < 2) {
            return TriangleMesh.EMPTY;
        }
        int slabs = Math.min(slabCount, layers);
        Slab[] parts = new Slab[slabs];
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, slabs).parallel().forEach(s -> {
            int z0 = (int) ((long) layers * s / slabs);
            int z1 = (int) ((long) layers * (s + 1) / slabs);
            parts[s] = new Slab(volume, threshold, z0, z1);
            parts[s].run(cancel, () -> progress.update(done.incrementAndGet() / (double) layers,
                    "Isosurface: plane " + done.get() + " of " + layers));
        });
        cancel.check();
        return stitch(parts, volume.nx() * volume.ny() * 2);
    }

    /** Joins the slabs: a vertex on a shared plane is made by both slabs and kept once. */
    private static TriangleMesh stitch(Slab[] parts, int planeSize) {
        int[][] remap = new int[parts.length][];
        int total = 0;
        for (int s = 0; s < parts.length; s++) {
            Slab p = parts[s];
            int[] map = new int[p.vertexCount];
            Arrays.fill(map, -1);
            if (s > 0) {
                int[] below = parts[s - 1].top;
                for (int i = 0; i < planeSize; i++) {
                    if (p.bottom[i] >= 0 && below[i] >= 0) {
                        map[p.bottom[i]] = remap[s - 1][below[i]];
                    }
                }
            }
            for (int v = 0; v < map.length; v++) {
                if (map[v] < 0) {
                    map[v] = total++;
                }
            }
            remap[s] = map;
        }
        float[] positions = new float[3 * total];
        float[] normals = new float[3 * total];
        int triangles = 0;
        for (Slab p : parts) {
            triangles += p.triangles.size;
        }
        int[] tris = new int[triangles];
        int t = 0;
        for (int s = 0; s < parts.length; s++) {
            Slab p = parts[s];
            int[] map = remap[s];
            for (int v = 0; v < p.vertexCount; v++) {
                System.arraycopy(p.positions.data, 3 * v, positions, 3 * map[v], 3);
                System.arraycopy(p.normals.data, 3 * v, normals, 3 * map[v], 3);
            }
            for (int i = 0; i < p.triangles.size; i++) {
                tris[t++] = map[p.triangles.data[i]];
            }
        }
        return new TriangleMesh(positions, normals, tris);
    }

    /** The cubes between planes z0 and z1 of the volume, with their own vertex numbering. */
    private static final class Slab {
        private final FloatVolume volume;
        private final float iso;
        private final int z0;
        private final int z1;
        private final int nx;
        private final int ny;
        private final float[] d;
        final FloatList positions = new FloatList();
        final FloatList normals = new FloatList();
        final IntList triangles = new IntList();
        int vertexCount;
        /** Vertex per x/y edge on plane z0 and on plane z1, index (y * nx + x) * 2 + axis; -1 where none. */
        int[] bottom;
        int[] top;

        Slab(FloatVolume volume, float iso, int z0, int z1) {
            this.volume = volume;
            this.iso = iso;
            this.z0 = z0;
            this.z1 = z1;
            this.nx = volume.nx();
            this.ny = volume.ny();
            this.d = volume.data();
        }

        void run(Cancellation cancel, Runnable layerDone) {
            int plane = nx * ny;
            int[] lower = new int[2 * plane];
            int[] upper = new int[2 * plane];
            int[] vertical = new int[plane];
            Arrays.fill(lower, -1);
            Arrays.fill(upper, -1);
            bottom = lower;
            int[] cube = new int[16];
            for (int z = z0; z < z1; z++) {
                if (cancel.isCancelled()) {
                    top = upper;
                    return;
                }
                Arrays.fill(vertical, -1);
                for (int y = 0; y + 1 < ny; y++) {
                    for (int x = 0; x + 1 < nx; x++) {
                        int base = (z * ny + y) * nx + x;
                        int mask = 0;
                        for (int c = 0; c < 8; c++) {
                            if (d[base + ((c >> 2) * ny + (c >> 1 & 1)) * nx + (c & 1)] >= iso) {
                                mask |= 1 << c;
                            }
                        }
                        int[] tri = MarchingCubesTable.TRIANGLES[mask];
                        if (tri.length == 0) {
                            continue;
                        }
                        Arrays.fill(cube, -1);
                        for (int k = 0; k < tri.length; k++) {
                            int e = tri[k];
                            if (cube[e] < 0) {
                                if (e < 12) {
                                    cube[e] = vertex(e, x, y, z, lower, upper, vertical);
                                } else {
                                    for (int edge : MarchingCubesTable.LOOPS[mask][e - 12]) {
                                        if (cube[edge] < 0) {
                                            cube[edge] = vertex(edge, x, y, z, lower, upper, vertical);
                                        }
                                    }
                                    cube[e] = centre(MarchingCubesTable.LOOPS[mask][e - 12], cube);
                                }
                            }
                            triangles.add(cube[e]);
                        }
                    }
                }
                layerDone.run();
                if (z + 1 < z1) {
                    int[] old = lower;
                    lower = upper;
                    upper = old == bottom ? new int[2 * plane] : old;
                    Arrays.fill(upper, -1);
                }
            }
            top = upper;
        }

        /** The vertex on cube edge e of the cube at (x, y, z), made on first use. */
        private int vertex(int e, int x, int y, int z, int[] lower, int[] upper, int[] vertical) {
            int c = MarchingCubesTable.EDGE_START[e];
            int axis = MarchingCubesTable.EDGE_AXIS[e];
            int px = x + (c & 1);
            int py = y + (c >> 1 & 1);
            int pz = z + (c >> 2);
            int[] cache;
            int slot;
            if (axis == 2) {
                cache = vertical;
                slot = py * nx + px;
            } else {
                cache = pz == z ? lower : upper;
                slot = (py * nx + px) * 2 + axis;
            }
            if (cache[slot] >= 0) {
                return cache[slot];
            }
            int qx = px + (axis == 0 ? 1 : 0);
            int qy = py + (axis == 1 ? 1 : 0);
            int qz = pz + (axis == 2 ? 1 : 0);
            float a = d[(pz * ny + py) * nx + px];
            float b = d[(qz * ny + qy) * nx + qx];
            float t = b == a ? 0.5f : (iso - a) / (b - a);
            t = Math.max(0, Math.min(1, t));
            int f = volume.factor();
            float half = (f - 1) / 2f;
            positions.add((px + t * (qx - px)) * f + half);
            positions.add((py + t * (qy - py)) * f + half);
            positions.add((pz + t * (qz - pz)) * f + half);
            float[] ga = gradient(px, py, pz);
            float[] gb = gradient(qx, qy, qz);
            float gx = ga[0] + t * (gb[0] - ga[0]);
            float gy = ga[1] + t * (gb[1] - ga[1]);
            float gz = ga[2] + t * (gb[2] - ga[2]);
            float len = (float) Math.sqrt(gx * gx + gy * gy + gz * gz);
            if (len > 0 && Float.isFinite(len)) {
                // Inside is the high side: the outward normal points down the gradient.
                normals.add(-gx / len);
                normals.add(-gy / len);
                normals.add(-gz / len);
            } else {
                normals.add(0);
                normals.add(0);
                normals.add(1);
            }
            cache[slot] = vertexCount;
            return vertexCount++;
        }

        /** A vertex at the mean of a loop's vertices, with their mean normal; it belongs to this cube alone. */
        private int centre(int[] loop, int[] cube) {
            float[] p = new float[3];
            float[] n = new float[3];
            for (int edge : loop) {
                int v = 3 * cube[edge];
                for (int k = 0; k < 3; k++) {
                    p[k] += positions.data[v + k] / loop.length;
                    n[k] += normals.data[v + k];
                }
            }
            float len = (float) Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
            for (int k = 0; k < 3; k++) {
                positions.add(p[k]);
                normals.add(len > 0 ? n[k] / len : (k == 2 ? 1 : 0));
            }
            return vertexCount++;
        }

        /** Central differences (one-sided at the volume's faces). */
        private float[] gradient(int x, int y, int z) {
            return new float[] {
                diff(x, nx, (x > 0 ? at(x - 1, y, z) : at(x, y, z)), (x + 1 < nx ? at(x + 1, y, z) : at(x, y, z))),
                diff(y, ny, (y > 0 ? at(x, y - 1, z) : at(x, y, z)), (y + 1 < ny ? at(x, y + 1, z) : at(x, y, z))),
                diff(z, volume.nz(), (z > 0 ? at(x, y, z - 1) : at(x, y, z)),
                        (z + 1 < volume.nz() ? at(x, y, z + 1) : at(x, y, z))),
            };
        }

        private static float diff(int i, int n, float before, float after) {
            return (i > 0 && i + 1 < n) ? (after - before) / 2 : after - before;
        }

        private float at(int x, int y, int z) {
            return d[(z * ny + y) * nx + x];
        }
    }

    /** A growable float array (boxing a million vertices would cost more than the surface). */
    private static final class FloatList {
        float[] data = new float[1024];
        int size;

        void add(float v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = v;
        }
    }

    /** A growable int array. */
    private static final class IntList {
        int[] data = new int[1024];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = v;
        }
    }
}
