package org.beamlinestudio.core.render;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.stream.IntStream;

/**
 * The value range of each {@value #SIZE}³ brick of a grid, for empty-space skipping: a ray jumps
 * over a brick whose range the transfer function makes transparent (DVR), or whose maximum cannot
 * raise the ray's maximum (MIP). Each range covers the brick plus one voxel on every side, so
 * every trilinear sample taken inside the brick (even one rounded across its face) lies within it
 * and skipping never changes the image.
 *
 * <p>Computed once per grid (cached by the grid's array, weakly) and shared by all renderers.
 */
public final class BrickRanges {

    /** Brick side in grid voxels. */
    public static final int SIZE = 8;
    /** log2 of {@link #SIZE}, for index shifts in the kernels. */
    public static final int SHIFT = 3;

    private static final Map<float[], BrickRanges> CACHE = new WeakHashMap<>();

    private final int bnx;
    private final int bny;
    private final int bnz;
    private final float[] min;
    private final float[] max;

    private BrickRanges(int bnx, int bny, int bnz, float[] min, float[] max) {
        this.bnx = bnx;
        this.bny = bny;
        this.bnz = bnz;
        this.min = min;
        this.max = max;
    }

    /** The ranges of {@code g}, computed on first use (on all cores). */
    public static BrickRanges of(VolumeGrid g) {
        synchronized (CACHE) {
            BrickRanges r = CACHE.get(g.data());
            if (r != null) {
                return r;
            }
        }
        BrickRanges r = compute(g);
        synchronized (CACHE) {
            CACHE.put(g.data(), r);
        }
        return r;
    }

    private static BrickRanges compute(VolumeGrid g) {
        int nx = g.nx();
        int ny = g.ny();
        int nz = g.nz();
        int bnx = (nx + SIZE - 1) / SIZE;
        int bny = (ny + SIZE - 1) / SIZE;
        int bnz = (nz + SIZE - 1) / SIZE;
        float[] min = new float[bnx * bny * bnz];
        float[] max = new float[bnx * bny * bnz];
        float[] d = g.data();
        IntStream.range(0, bnz).parallel().forEach(bz -> {
            int z0 = Math.max(0, bz * SIZE - 1);
            int z1 = Math.min(nz, bz * SIZE + SIZE + 1);
            for (int by = 0; by < bny; by++) {
                int y0 = Math.max(0, by * SIZE - 1);
                int y1 = Math.min(ny, by * SIZE + SIZE + 1);
                for (int bx = 0; bx < bnx; bx++) {
                    int x0 = Math.max(0, bx * SIZE - 1);
                    int x1 = Math.min(nx, bx * SIZE + SIZE + 1);
                    float lo = Float.POSITIVE_INFINITY;
                    float hi = Float.NEGATIVE_INFINITY;
                    for (int z = z0; z < z1; z++) {
                        for (int y = y0; y < y1; y++) {
                            int row = (z * ny + y) * nx;
                            for (int x = x0; x < x1; x++) {
                                float v = d[row + x];
                                // NaN fails both tests: holes do not widen the range (they are skipped anyway).
                                if (v < lo) {
                                    lo = v;
                                }
                                if (v > hi) {
                                    hi = v;
                                }
                            }
                        }
                    }
                    int b = (bz * bny + by) * bnx + bx;
                    min[b] = lo;
                    max[b] = hi;
                }
            }
        });
        return new BrickRanges(bnx, bny, bnz, min, max);
    }

    /** Bricks along x. */
    public int bricksX() {
        return bnx;
    }

    /** Bricks along y. */
    public int bricksY() {
        return bny;
    }

    /** Bricks along z. */
    public int bricksZ() {
        return bnz;
    }

    /**
     * The per-brick key renderers compare with the ray's threshold (skip when key ≤ threshold):
     * MIP: the brick's maximum (threshold: the ray's maximum so far); DVR: −∞ for a brick the
     * transfer function's table makes fully transparent, +∞ otherwise (threshold −∞).
     */
    public float[] skipKeys(RenderMode mode, RayGeometry g, float[] lut) {
        if (!mode.composites()) {
            return max;
        }
        float[] keys = new float[max.length];
        for (int b = 0; b < keys.length; b++) {
            keys[b] = transparent(min[b], max[b], g, lut) ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        }
        return keys;
    }

    /** Whether every table entry a value in [lo, hi] can interpolate from has opacity 0. */
    private static boolean transparent(float lo, float hi, RayGeometry g, float[] lut) {
        if (lo > hi) {
            return true; // only NaN: no sample composites
        }
        float tlo = (lo - g.low) * g.invRange;
        float thi = (hi - g.low) * g.invRange;
        tlo = tlo < 0f ? 0f : (tlo > 1f ? 1f : tlo);
        thi = thi < 0f ? 0f : (thi > 1f ? 1f : thi);
        int e0 = Math.min(254, (int) (tlo * 255f));
        int e1 = Math.min(255, (int) (thi * 255f) + 1);
        for (int e = e0; e <= e1; e++) {
            if (lut[4 * e + 3] > 0f) {
                return false;
            }
        }
        return true;
    }
}
