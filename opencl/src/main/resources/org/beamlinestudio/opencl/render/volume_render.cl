/*
 * Ray casting of one image row band. Twin: JavaVolumeRenderer.castRay (same float operations in the
 * same order; contraction into fma is switched off so the two agree to rounding).
 *
 * p[] holds RayGeometry: 0-2 origin, 3-5 du, 6-8 dv, 9-11 dir, 12-14 box min, 15-17 box max,
 * 18-20 grid voxels per full-resolution voxel, 21 tMax, 22 step, 23 low, 24 1/(high-low),
 * 25 perspective (0/1), 26-28 eye (rays then start there and pass through their pixel's point).
 * lut: 256 RGBA entries (opacity already corrected for the step). keys: one per 8³ brick
 * (BrickRanges.skipKeys): a brick is jumped over when its key <= the ray's threshold. Global size: (width, rows)
 * rounded up; the guard skips the padding.
 */
#pragma OPENCL FP_CONTRACT OFF

#define OPAQUE 0.99f

static int slab(float p, float d, float lo, float hi, float* tn, float* tf)
{
    if (d > -1e-12f && d < 1e-12f) {
        return p >= lo && p <= hi;
    }
    float inv = 1.0f / d;
    float t1 = (lo - p) * inv;
    float t2 = (hi - p) * inv;
    float a = t1 < t2 ? t1 : t2;
    float b = t1 < t2 ? t2 : t1;
    *tn = a > *tn ? a : *tn;
    *tf = b < *tf ? b : *tf;
    return 1;
}

/* The smaller of tExit and where the ray, at u (grid units) at tk, leaves brick b along one axis. */
static float brick_exit(float tExit, float tk, float u, float speed, int b)
{
    float te;
    if (speed > 0.0f) {
        te = tk + ((float) ((b + 1) * 8) - u) / speed;
    } else if (speed < 0.0f) {
        te = tk + ((float) (b * 8) - u) / speed;
    } else {
        return tExit;
    }
    return te < tExit ? te : tExit;
}

/* Twin of JavaVolumeRenderer.headlight. */
static float headlight(__global const float* data, int nx, int ny, int nz, float qx, float qy, float qz,
                       float dirX, float dirY, float dirZ)
{
    const int xi = (int) (qx + 0.5f);
    const int yi = (int) (qy + 0.5f);
    const int zi = (int) (qz + 0.5f);
    const int xm = xi > 0 ? xi - 1 : xi;
    const int xp = xi < nx - 1 ? xi + 1 : xi;
    const int ym = yi > 0 ? yi - 1 : yi;
    const int yp = yi < ny - 1 ? yi + 1 : yi;
    const int zm = zi > 0 ? zi - 1 : zi;
    const int zp = zi < nz - 1 ? zi + 1 : zi;
    const float gx = data[(zi * ny + yi) * nx + xp] - data[(zi * ny + yi) * nx + xm];
    const float gy = data[(zi * ny + yp) * nx + xi] - data[(zi * ny + ym) * nx + xi];
    const float gz = data[(zp * ny + yi) * nx + xi] - data[(zm * ny + yi) * nx + xi];
    const float g2 = gx * gx + gy * gy + gz * gz;
    if (!(g2 > 1e-20f) || g2 == INFINITY) {
        return 1.0f;
    }
    float c = (gx * dirX + gy * dirY + gz * dirZ) / sqrt(g2);
    c = c < 0.0f ? -c : c;
    return 0.3f + 0.7f * c;
}

static uint channel(float c)
{
    int v = (int) (c * 255.0f + 0.5f);
    return (uint) (v < 0 ? 0 : (v > 255 ? 255 : v));
}

__kernel void render_volume(__global const float* data, const int nx, const int ny, const int nz,
                            __global const float* lut, __global const float* p,
                            const int width, const int height, const int row0, const int dvr,
                            __global uint* argb, __global float* values,
                            __global const float* keys, const int bnx, const int bny, const int shaded)
{
    const int i = get_global_id(0);
    const int j = get_global_id(1) + row0;
    if (i >= width || j >= height) {
        return;
    }
    const int pixel = j * width + i;
    float px = p[0] + i * p[3] + j * p[6];
    float py = p[1] + i * p[4] + j * p[7];
    float pz = p[2] + i * p[5] + j * p[8];
    float dirX = p[9];
    float dirY = p[10];
    float dirZ = p[11];
    if (p[25] != 0.0f) {
        const float dx = px - p[26];
        const float dy = py - p[27];
        const float dz = pz - p[28];
        const float len = sqrt(dx * dx + dy * dy + dz * dz);
        dirX = dx / len;
        dirY = dy / len;
        dirZ = dz / len;
        px = p[26];
        py = p[27];
        pz = p[28];
    }
    float tNear = 0.0f;
    float tFar = p[21];
    if (!slab(px, dirX, p[12], p[15], &tNear, &tFar) || !slab(py, dirY, p[13], p[16], &tNear, &tFar)
            || !slab(pz, dirZ, p[14], p[17], &tNear, &tFar) || tNear >= tFar) {
        argb[pixel] = 0xFF000000u;
        values[pixel] = dvr ? 0.0f : NAN;
        return;
    }
    const float scaleX = p[18];
    const float scaleY = p[19];
    const float scaleZ = p[20];
    const float step = p[22];
    const float low = p[23];
    const float invRange = p[24];
    const float maxX = (float) (nx - 1);
    const float maxY = (float) (ny - 1);
    const float maxZ = (float) (nz - 1);
    float mx = -INFINITY;
    int any = 0;
    float cr = 0.0f;
    float cg = 0.0f;
    float cb = 0.0f;
    float ca = 0.0f;
    const float sx = dirX * scaleX;
    const float sy = dirY * scaleY;
    const float sz = dirZ * scaleZ;
    for (int k = 0; ; k++) {
        const float tk = tNear + (k + 0.5f) * step;
        if (tk >= tFar) {
            break;
        }
        const float ux = (px + tk * dirX) * scaleX - 0.5f;
        const float uy = (py + tk * dirY) * scaleY - 0.5f;
        const float uz = (pz + tk * dirZ) * scaleZ - 0.5f;
        const float qx = ux < 0.0f ? 0.0f : (ux > maxX ? maxX : ux);
        const float qy = uy < 0.0f ? 0.0f : (uy > maxY ? maxY : uy);
        const float qz = uz < 0.0f ? 0.0f : (uz > maxZ ? maxZ : uz);
        const int x0 = (int) qx;
        const int y0 = (int) qy;
        const int z0 = (int) qz;
        const int bx = x0 >> 3;
        const int by = y0 >> 3;
        const int bz = z0 >> 3;
        if (keys[(bz * bny + by) * bnx + bx] <= (dvr ? -INFINITY : mx)) {
            /* Nothing in this brick can change the pixel: jump to the first sample past its far face. */
            float tExit = tFar;
            tExit = brick_exit(tExit, tk, ux, sx, bx);
            tExit = brick_exit(tExit, tk, uy, sy, by);
            tExit = brick_exit(tExit, tk, uz, sz, bz);
            const int next = (int) ceil((tExit - tNear) / step - 0.5f);
            k = (next > k ? next : k + 1) - 1;
            continue;
        }
        const float fx = qx - x0;
        const float fy = qy - y0;
        const float fz = qz - z0;
        const int dx = x0 < nx - 1 ? 1 : 0;
        const int dy = y0 < ny - 1 ? nx : 0;
        const int dz = z0 < nz - 1 ? nx * ny : 0;
        const int base = (z0 * ny + y0) * nx + x0;
        const float v000 = data[base];
        const float v001 = data[base + dx];
        const float v010 = data[base + dy];
        const float v011 = data[base + dy + dx];
        const float v100 = data[base + dz];
        const float v101 = data[base + dz + dx];
        const float v110 = data[base + dz + dy];
        const float v111 = data[base + dz + dy + dx];
        const float c00 = v000 + (v001 - v000) * fx;
        const float c01 = v010 + (v011 - v010) * fx;
        const float c10 = v100 + (v101 - v100) * fx;
        const float c11 = v110 + (v111 - v110) * fx;
        const float c0 = c00 + (c01 - c00) * fy;
        const float c1 = c10 + (c11 - c10) * fy;
        const float v = c0 + (c1 - c0) * fz;
        if (!dvr) {
            if (v > mx) {
                mx = v;
            }
            any = 1;
            continue;
        }
        if (v != v) {
            continue;
        }
        float tt = (v - low) * invRange;
        tt = tt < 0.0f ? 0.0f : (tt > 1.0f ? 1.0f : tt);
        const float xl = tt * 255.0f;
        int e = (int) xl;
        e = e > 254 ? 254 : e;
        const float fl = xl - e;
        const int a0 = 4 * e;
        const float sa = lut[a0 + 3] + (lut[a0 + 7] - lut[a0 + 3]) * fl;
        if (sa <= 0.0f) {
            continue;
        }
        float sr = lut[a0] + (lut[a0 + 4] - lut[a0]) * fl;
        float sg = lut[a0 + 1] + (lut[a0 + 5] - lut[a0 + 1]) * fl;
        float sb = lut[a0 + 2] + (lut[a0 + 6] - lut[a0 + 2]) * fl;
        if (shaded) {
            const float light = headlight(data, nx, ny, nz, qx, qy, qz, dirX, dirY, dirZ);
            sr *= light;
            sg *= light;
            sb *= light;
        }
        const float wgt = (1.0f - ca) * sa;
        cr += wgt * sr;
        cg += wgt * sg;
        cb += wgt * sb;
        ca += wgt;
        if (ca >= OPAQUE) {
            break;
        }
    }
    if (dvr) {
        argb[pixel] = 0xFF000000u | (channel(cr) << 16) | (channel(cg) << 8) | channel(cb);
        values[pixel] = ca;
        return;
    }
    if (!any || mx == -INFINITY) {
        argb[pixel] = 0xFF000000u;
        values[pixel] = NAN;
        return;
    }
    float tt = (mx - low) * invRange;
    tt = tt < 0.0f ? 0.0f : (tt > 1.0f ? 1.0f : tt);
    const float xl = tt * 255.0f;
    int e = (int) xl;
    e = e > 254 ? 254 : e;
    const float fl = xl - e;
    const int a0 = 4 * e;
    const float r = lut[a0] + (lut[a0 + 4] - lut[a0]) * fl;
    const float g = lut[a0 + 1] + (lut[a0 + 5] - lut[a0 + 1]) * fl;
    const float b = lut[a0 + 2] + (lut[a0 + 6] - lut[a0 + 2]) * fl;
    argb[pixel] = 0xFF000000u | (channel(r) << 16) | (channel(g) << 8) | channel(b);
    values[pixel] = mx;
}
