package org.beamlinestudio.core.render;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.beamlinestudio.core.stage.Cancellation;

/**
 * Ray casting in plain Java on all cores: the fallback and the test oracle of every other renderer
 * (the OpenCL kernel {@code volume_render.cl} is this class's {@link #castRay} line by line).
 *
 * <p>Per ray: cut to the clip box (slab test), samples every {@code step} voxels from half a step
 * inside, trilinear interpolation (clamped at the edges); MIP keeps the largest sample, DVR
 * composites front to back and stops once the ray is {@value #OPAQUE} opaque.
 */
public final class JavaVolumeRenderer implements VolumeRenderer {

    /** Accumulated opacity at which DVR stops a ray: what is behind cannot change the pixel visibly. */
    public static final float OPAQUE = 0.99f;

    private final ForkJoinPool pool;
    private final int threads;

    /** On all cores. */
    public JavaVolumeRenderer() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** On {@code threads} threads. */
    public JavaVolumeRenderer(int threads) {
        this.threads = Math.max(1, threads);
        AtomicInteger n = new AtomicInteger();
        this.pool = new ForkJoinPool(this.threads, p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("volume-render-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    @Override
    public RenderedImage render(RenderRequest request, Cancellation cancel) throws Cancellation.CancelledException {
        long start = System.nanoTime();
        RayGeometry g = new RayGeometry(request);
        float[] lut = request.transfer().lookupTable(g.opacityStep());
        int w = request.width();
        int h = request.height();
        int[] argb = new int[w * h];
        float[] values = new float[w * h];
        VolumeGrid grid = request.grid();
        boolean dvr = request.mode().composites();
        boolean shaded = request.mode() == RenderMode.SHADED;
        BrickRanges bricks = BrickRanges.of(grid);
        float[] keys = bricks.skipKeys(request.mode(), g, lut);
        int bnx = bricks.bricksX();
        int bny = bricks.bricksY();
        try {
            pool.submit(() -> IntStream.range(0, h).parallel().forEach(j -> {
                if (cancel.isCancelled()) {
                    throw new CancelledRow();
                }
                float[] out = new float[4];
                for (int i = 0; i < w; i++) {
                    castRay(g, grid, lut, keys, bnx, bny, dvr, shaded, i, j, out);
                    values[j * w + i] = out[3];
                    argb[j * w + i] = toArgb(out[0], out[1], out[2]);
                }
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancellation.CancelledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancelledRow) {
                throw new Cancellation.CancelledException();
            }
            throw new IllegalStateException("ray casting failed: " + e.getCause(), e.getCause());
        }
        cancel.check();
        return new RenderedImage(w, h, argb, values, deviceId(), System.nanoTime() - start);
    }

    /** Unwinds the parallel rows when the render is cancelled. */
    private static final class CancelledRow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CancelledRow() {
            super("cancelled", null, false, false);
        }
    }

    /**
     * One ray: writes r, g, b (0 … 1, over black) and the pixel's value (MIP maximum or NaN; DVR
     * opacity) into {@code out}.
     */
    static void castRay(RayGeometry g, VolumeGrid grid, float[] lut, float[] keys, int bnx, int bny, boolean dvr,
                        boolean shaded, int i, int j, float[] out) {
        float px = g.originX + i * g.duX + j * g.dvX;
        float py = g.originY + i * g.duY + j * g.dvY;
        float pz = g.originZ + i * g.duZ + j * g.dvZ;
        float dirX = g.dirX;
        float dirY = g.dirY;
        float dirZ = g.dirZ;
        if (g.perspective) {
            float dx = px - g.eyeX;
            float dy = py - g.eyeY;
            float dz = pz - g.eyeZ;
            float len = (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
            dirX = dx / len;
            dirY = dy / len;
            dirZ = dz / len;
            px = g.eyeX;
            py = g.eyeY;
            pz = g.eyeZ;
        }
        float tNear = 0f;
        float tFar = g.tMax;
        // Slab test against the clip box, one axis at a time.
        float[] t = {tNear, tFar};
        if (!slab(px, dirX, g.boxMinX, g.boxMaxX, t) || !slab(py, dirY, g.boxMinY, g.boxMaxY, t)
                || !slab(pz, dirZ, g.boxMinZ, g.boxMaxZ, t) || t[0] >= t[1]) {
            out[0] = 0;
            out[1] = 0;
            out[2] = 0;
            out[3] = dvr ? 0f : Float.NaN;
            return;
        }
        tNear = t[0];
        tFar = t[1];
        float[] data = grid.data();
        int nx = grid.nx();
        int ny = grid.ny();
        int nz = grid.nz();
        float maxX = nx - 1;
        float maxY = ny - 1;
        float maxZ = nz - 1;
        float step = g.step;
        float max = Float.NEGATIVE_INFINITY;
        boolean any = false;
        float cr = 0;
        float cg = 0;
        float cb = 0;
        float ca = 0;
        // Grid voxels per unit of t along each axis: how fast a ray crosses bricks.
        float sx = dirX * g.scaleX;
        float sy = dirY * g.scaleY;
        float sz = dirZ * g.scaleZ;
        for (int k = 0; ; k++) {
            float tk = tNear + (k + 0.5f) * step;
            if (tk >= tFar) {
                break;
            }
            float ux = (px + tk * dirX) * g.scaleX - 0.5f;
            float uy = (py + tk * dirY) * g.scaleY - 0.5f;
            float uz = (pz + tk * dirZ) * g.scaleZ - 0.5f;
            float qx = ux < 0f ? 0f : (ux > maxX ? maxX : ux);
            float qy = uy < 0f ? 0f : (uy > maxY ? maxY : uy);
            float qz = uz < 0f ? 0f : (uz > maxZ ? maxZ : uz);
            int x0 = (int) qx;
            int y0 = (int) qy;
            int z0 = (int) qz;
            int bx = x0 >> BrickRanges.SHIFT;
            int by = y0 >> BrickRanges.SHIFT;
            int bz = z0 >> BrickRanges.SHIFT;
            if (keys[(bz * bny + by) * bnx + bx] <= (dvr ? Float.NEGATIVE_INFINITY : max)) {
                // Nothing in this brick can change the pixel: jump to the first sample past its far face.
                float tExit = tFar;
                tExit = exit(tExit, tk, ux, sx, bx);
                tExit = exit(tExit, tk, uy, sy, by);
                tExit = exit(tExit, tk, uz, sz, bz);
                int next = (int) Math.ceil((tExit - tNear) / step - 0.5f);
                k = (next > k ? next : k + 1) - 1;
                continue;
            }
            float fx = qx - x0;
            float fy = qy - y0;
            float fz = qz - z0;
            int dx = x0 < nx - 1 ? 1 : 0;
            int dy = y0 < ny - 1 ? nx : 0;
            int dz = z0 < nz - 1 ? nx * ny : 0;
            int base = (z0 * ny + y0) * nx + x0;
            float v000 = data[base];
            float v001 = data[base + dx];
            float v010 = data[base + dy];
            float v011 = data[base + dy + dx];
            float v100 = data[base + dz];
            float v101 = data[base + dz + dx];
            float v110 = data[base + dz + dy];
            float v111 = data[base + dz + dy + dx];
            float c00 = v000 + (v001 - v000) * fx;
            float c01 = v010 + (v011 - v010) * fx;
            float c10 = v100 + (v101 - v100) * fx;
            float c11 = v110 + (v111 - v110) * fx;
            float c0 = c00 + (c01 - c00) * fy;
            float c1 = c10 + (c11 - c10) * fy;
            float v = c0 + (c1 - c0) * fz;
            if (!dvr) {
                if (v > max) {
                    max = v;
                }
                any = true;
                continue;
            }
            if (v != v) {
                continue; // NaN voxels are holes, not material
            }
            float tt = (v - g.low) * g.invRange;
            tt = tt < 0f ? 0f : (tt > 1f ? 1f : tt);
            float xl = tt * 255f;
            int e = (int) xl;
            e = e > 254 ? 254 : e;
            float fl = xl - e;
            int a0 = 4 * e;
            float sa = lut[a0 + 3] + (lut[a0 + 7] - lut[a0 + 3]) * fl;
            if (sa <= 0f) {
                continue;
            }
            float sr = lut[a0] + (lut[a0 + 4] - lut[a0]) * fl;
            float sg = lut[a0 + 1] + (lut[a0 + 5] - lut[a0 + 1]) * fl;
            float sb = lut[a0 + 2] + (lut[a0 + 6] - lut[a0 + 2]) * fl;
            if (shaded) {
                float light = headlight(data, nx, ny, nz, qx, qy, qz, dirX, dirY, dirZ);
                sr *= light;
                sg *= light;
                sb *= light;
            }
            float wgt = (1f - ca) * sa;
            cr += wgt * sr;
            cg += wgt * sg;
            cb += wgt * sb;
            ca += wgt;
            if (ca >= OPAQUE) {
                break;
            }
        }
        if (dvr) {
            out[0] = cr;
            out[1] = cg;
            out[2] = cb;
            out[3] = ca;
            return;
        }
        if (!any || max == Float.NEGATIVE_INFINITY) {
            out[0] = 0;
            out[1] = 0;
            out[2] = 0;
            out[3] = Float.NaN;
            return;
        }
        float tt = (max - g.low) * g.invRange;
        tt = tt < 0f ? 0f : (tt > 1f ? 1f : tt);
        float xl = tt * 255f;
        int e = (int) xl;
        e = e > 254 ? 254 : e;
        float fl = xl - e;
        int a0 = 4 * e;
        out[0] = lut[a0] + (lut[a0 + 4] - lut[a0]) * fl;
        out[1] = lut[a0 + 1] + (lut[a0 + 5] - lut[a0 + 1]) * fl;
        out[2] = lut[a0 + 2] + (lut[a0 + 6] - lut[a0 + 2]) * fl;
        out[3] = max;
    }

    /**
     * 0.3 + 0.7·|cos| of the angle between the ray and the gradient at the voxel nearest q (central
     * differences, one-sided at the edges); 1 where the gradient vanishes or is NaN.
     */
    private static float headlight(float[] data, int nx, int ny, int nz, float qx, float qy, float qz,
                                   float dirX, float dirY, float dirZ) {
        int xi = (int) (qx + 0.5f);
        int yi = (int) (qy + 0.5f);
        int zi = (int) (qz + 0.5f);
        int xm = xi > 0 ? xi - 1 : xi;
        int xp = xi < nx - 1 ? xi + 1 : xi;
        int ym = yi > 0 ? yi - 1 : yi;
        int yp = yi < ny - 1 ? yi + 1 : yi;
        int zm = zi > 0 ? zi - 1 : zi;
        int zp = zi < nz - 1 ? zi + 1 : zi;
        float gx = data[(zi * ny + yi) * nx + xp] - data[(zi * ny + yi) * nx + xm];
        float gy = data[(zi * ny + yp) * nx + xi] - data[(zi * ny + ym) * nx + xi];
        float gz = data[(zp * ny + yi) * nx + xi] - data[(zm * ny + yi) * nx + xi];
        float g2 = gx * gx + gy * gy + gz * gz;
        if (!(g2 > 1e-20f) || g2 == Float.POSITIVE_INFINITY) {
            return 1f;
        }
        float c = (gx * dirX + gy * dirY + gz * dirZ) / (float) Math.sqrt(g2);
        c = c < 0f ? -c : c;
        return 0.3f + 0.7f * c;
    }

    /** The smaller of {@code tExit} and where the ray, at u (grid units) at tk, leaves brick b along one axis. */
    private static float exit(float tExit, float tk, float u, float speed, int b) {
        float te;
        if (speed > 0f) {
            te = tk + ((float) ((b + 1) * BrickRanges.SIZE) - u) / speed;
        } else if (speed < 0f) {
            te = tk + ((float) (b * BrickRanges.SIZE) - u) / speed;
        } else {
            return tExit;
        }
        return te < tExit ? te : tExit;
    }

    /** Narrows t[0..1] to where {@code p + t·d} lies in [lo, hi]; false when the ray misses. */
    private static boolean slab(float p, float d, float lo, float hi, float[] t) {
        if (d > -1e-12f && d < 1e-12f) {
            return p >= lo && p <= hi;
        }
        float inv = 1f / d;
        float t1 = (lo - p) * inv;
        float t2 = (hi - p) * inv;
        float tn = t1 < t2 ? t1 : t2;
        float tf = t1 < t2 ? t2 : t1;
        t[0] = tn > t[0] ? tn : t[0];
        t[1] = tf < t[1] ? tf : t[1];
        return true;
    }

    /** Opaque ARGB of r, g, b in 0 … 1 (rounded, clamped). */
    static int toArgb(float r, float g, float b) {
        return 0xFF000000 | (channel(r) << 16) | (channel(g) << 8) | channel(b);
    }

    private static int channel(float c) {
        int v = (int) (c * 255f + 0.5f);
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }

    @Override
    public String deviceId() {
        return "java";
    }

    @Override
    public String deviceName() {
        return "Plain Java (" + threads + (threads == 1 ? " thread)" : " threads)");
    }

    @Override
    public void close() {
        pool.shutdown();
    }

    @Override
    public String toString() {
        return "JavaVolumeRenderer[" + threads + " threads]";
    }
}
