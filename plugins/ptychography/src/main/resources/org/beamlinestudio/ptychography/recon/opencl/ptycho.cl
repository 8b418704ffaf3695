/*
 * The ptychography engines' device kernels; twin: JavaPtychoKernels (same float expressions in the same order, so
 * the two agree within float tolerance: FP contraction is off, and the program is built with
 * -cl-fp32-correctly-rounded-divide-sqrt).
 *
 * Compile-time constants: H, W (pattern), M = H * W, K (probe modes), OH, OW (object), TILE (object tile side of
 * the overlap lists), TILES_X (object tiles per row); USE_FP64 when the device has doubles (partial sums in double,
 * as the Java twin's scalar sums; else float).
 *
 * Layout: complex values are float2; a stack of fields is contiguous, field f element q at f * M + q. Positions are
 * int2 (row, column) of each view's top-left corner in the object.
 */
#pragma OPENCL FP_CONTRACT OFF
#ifdef USE_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double acc_t;
typedef double8 acc8_t;
#define CONVERT_ACC8 convert_double8
#define VSTORE_ACC8 vstore8
#else
typedef float acc_t;
typedef float8 acc8_t;
#define CONVERT_ACC8 convert_float8
#define VSTORE_ACC8 vstore8
#endif

#define EPS_S 1e-6f
#define EPS_PROJ 1e-10f

inline float2 cmul(float2 a, float2 b)
{
    return (float2) (a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x);
}

/* Top-left of view n shifted by (dy, dx), clamped into the object (the host reports +inf for shifts that leave it). */
inline int2 origin(__global const int2* pos, int n, int dy, int dx)
{
    int2 p = pos[n];
    return (int2) (clamp(p.x + dy, 0, OH - H), clamp(p.y + dx, 0, OW - W));
}

/* dst field (dst_field0 + b * K + k) <- P_k * O_{n0 + b} for b < nb. Global (M, nb * K). */
__kernel void views(__global const float2* obj, __global const float2* probe, __global const int2* pos,
                    __global float2* dst, const int dst_field0, const int n0, const int dy, const int dx)
{
    const int q = (int) get_global_id(0);
    const int bk = (int) get_global_id(1);
    const int b = bk / K;
    const int k = bk - b * K;
    const int2 o = origin(pos, n0 + b, dy, dx);
    const int y = q / W;
    const int x = q - y * W;
    dst[(size_t) (dst_field0 + bk) * M + q] = cmul(probe[k * M + q], obj[(size_t) (o.x + y) * OW + o.y + x]);
}

/* DM: a <- P_k O_n; b <- 2 a - psi_{n,k}, for n = n0 + field / K. Global (M, nb * K). */
__kernel void dm_prepare(__global const float2* obj, __global const float2* probe, __global const int2* pos,
                         __global const float2* waves, __global float2* a, __global float2* b, const int n0)
{
    const int q = (int) get_global_id(0);
    const int bk = (int) get_global_id(1);
    const int bb = bk / K;
    const int k = bk - bb * K;
    const int2 o = origin(pos, n0 + bb, 0, 0);
    const int y = q / W;
    const int x = q - y * W;
    const float2 phi = cmul(probe[k * M + q], obj[(size_t) (o.x + y) * OW + o.y + x]);
    const size_t i = (size_t) bk * M + q;
    a[i] = phi;
    b[i] = 2.0f * phi - waves[(size_t) n0 * K * M + i];
}

/* DM: psi_{n,k} += beta (b - a). Global (M, nb * K). */
__kernel void dm_update(__global float2* waves, __global const float2* a, __global const float2* b, const int n0,
                        const float beta)
{
    const size_t i = get_global_id(1) * (size_t) M + get_global_id(0);
    const size_t wi = (size_t) n0 * K * M + i;
    waves[wi] += beta * (b[i] - a[i]);
}

/* The 8 factors of g, each repeated for (re, im). */
inline float16 pairs(float8 g)
{
    return (float16) (g.s0, g.s0, g.s1, g.s1, g.s2, g.s2, g.s3, g.s3, g.s4, g.s4, g.s5, g.s5, g.s6, g.s6, g.s7, g.s7);
}

/* sum_k |f_k|^2 of 8 adjacent pixels from q of K fields M apart. */
inline float8 power8(__global const float* fb, int q)
{
    float8 s = 0;
    for (int k = 0; k < K; k++) {
        const float16 v = vload16(0, fb + 2 * (k * M + q));
        s += v.even * v.even + v.odd * v.odd;
    }
    return s;
}

inline void scale8(__global float* fb, int q, float8 g)
{
    const float16 g2 = pairs(g);
    for (int k = 0; k < K; k++) {
        __global float* p = fb + 2 * (k * M + q);
        vstore16(vload16(0, p) * g2, 0, p);
    }
}

/*
 * Fourier error of each column of each position's K transformed fields (f, fields b * K + k for position n0 + b),
 * and, when project, the Fourier-magnitude projection in place. One work-item does 8 adjacent columns in float8
 * (explicit vectors: the driver does not vectorise a loop across work-items). Column partial sums go to
 * err[row_base + (n0 + b) * W + col]. Global (W / 8, nb).
 */
__kernel void fourier_project(__global float2* f, __global const float* amp, __global const int* valid,
                              __global acc_t* err, const long row_base, const int n0, const int project)
{
    const int c0 = 8 * (int) get_global_id(0);
    const int b = (int) get_global_id(1);
    const int n = n0 + b;
    __global float* fb = (__global float*) (f + (size_t) b * K * M);
    __global const float* an = amp + (size_t) n * M;
    acc8_t e = 0;
    for (int q = c0; q < M; q += W) {
        const float8 s = power8(fb, q);
        const int8 ok = vload8(0, valid + q) != 0;
        const float8 a = sqrt(s);
        const float8 meas = vload8(0, an + q);
        const float8 d = a - meas;
        e += CONVERT_ACC8(d) * CONVERT_ACC8(d) * CONVERT_ACC8(select((float8) 0.0f, (float8) 1.0f, ok));
        if (project) {
            scale8(fb, q, select((float8) 1.0f, meas / (a + EPS_PROJ), ok));
        }
    }
    VSTORE_ACC8(e, 0, err + row_base + (size_t) n * W + c0);
}

/*
 * Object overlap sums over the positions listed for this pixel's tile (ascending n), modes ascending.
 * Global (OW, OH).
 */
__kernel void accumulate_object(__global const float2* waves, __global const float2* probe, __global const int2* pos,
                                __global const int* tile_start, __global const int* tile_list,
                                __global float2* numer, __global float* denom, const int with_denom)
{
    const int rx = (int) get_global_id(0);
    const int ry = (int) get_global_id(1);
    const int t = (ry / TILE) * TILES_X + rx / TILE;
    float nr = 0;
    float ni = 0;
    float dn = 0;
    for (int i = tile_start[t]; i < tile_start[t + 1]; i++) {
        const int n = tile_list[i];
        const int2 p = pos[n];
        const int y = ry - p.x;
        const int x = rx - p.y;
        if (y < 0 || y >= H || x < 0 || x >= W) {
            continue;
        }
        const int q = y * W + x;
        for (int k = 0; k < K; k++) {
            const float2 pv = probe[k * M + q];
            const float2 v = waves[((size_t) n * K + k) * M + q];
            nr += pv.x * v.x + pv.y * v.y;
            ni += pv.x * v.y - pv.y * v.x;
            dn += pv.x * pv.x + pv.y * pv.y;
        }
    }
    const size_t o = (size_t) ry * OW + rx;
    numer[o] = (float2) (nr, ni);
    if (with_denom) {
        denom[o] = dn;
    }
}

/*
 * Probe overlap sums over every position (ascending n), 8 adjacent pixels of a row per work-item in float16 (explicit
 * vectors; W is a multiple of 8, so the 8 stay in one row of the view). Global (M / 8).
 */
__kernel void accumulate_probe(__global const float2* waves, __global const float2* obj, __global const int2* pos,
                               __global float2* numer, __global float* denom, const int with_denom, const int count)
{
    const int q = 8 * (int) get_global_id(0);
    const int y = q / W;
    const int x = q - y * W;
    __global const float* wf = (__global const float*) waves;
    __global const float* of = (__global const float*) obj;
    float16 acc[K];
    for (int k = 0; k < K; k++) {
        acc[k] = 0;
    }
    float8 dn = 0;
    for (int n = 0; n < count; n++) {
        const int2 p = pos[n];
        const float16 ov = vload16(0, of + 2 * ((size_t) (p.x + y) * OW + p.y + x));
        const float8 orr = ov.even;
        const float8 oi = ov.odd;
        for (int k = 0; k < K; k++) {
            const float16 v = vload16(0, wf + 2 * (((size_t) n * K + k) * M + q));
            acc[k].even += orr * v.even + oi * v.odd;
            acc[k].odd += orr * v.odd - oi * v.even;
        }
        dn += orr * orr + oi * oi;
    }
    for (int k = 0; k < K; k++) {
        vstore16(acc[k], 0, (__global float*) numer + 2 * (k * M + q));
    }
    if (with_denom) {
        vstore8(dn, 0, denom + q);
    }
}

/* target <- (numer + c target) / (denom + c), then the amplitude limit. Global (values). */
__kernel void divide_clip(__global const float2* numer, __global const float* denom, const float inertia,
                          __global float2* target, const float limit, const int field_pixels)
{
    const int i = (int) get_global_id(0);
    const float d = denom[i % field_pixels] + inertia;
    if (d == 0) {
        return;
    }
    const float2 nv = numer[i];
    const float2 tv = target[i];
    float re = (nv.x + inertia * tv.x) / d;
    float im = (nv.y + inertia * tv.y) / d;
    if (limit > 0) {
        const float a2 = re * re + im * im;
        if (a2 > limit * limit) {
            const float s = limit / sqrt(a2);
            re *= s;
            im *= s;
        }
    }
    target[i] = (float2) (re, im);
}

/* y <- a y + b x on floats (with_x = 0: y <- a y). Global (floats). */
__kernel void scale_add(__global float* yv, const float a, __global const float* xv, const float b,
                        const int with_x)
{
    const size_t i = get_global_id(0);
    yv[i] = with_x ? a * yv[i] + b * xv[i] : a * yv[i];
}

/* Partial sums of Re(conj(a) b) over complex values: work-item g sums [g * chunk, min((g+1) * chunk, total)). */
__kernel void dot_partial(__global const float2* a, __global const float2* b, __global acc_t* out,
                          const int chunk, const int total)
{
    const int g = (int) get_global_id(0);
    const int end = min((g + 1) * chunk, total);
    acc_t s = 0;
    for (int i = g * chunk; i < end; i++) {
        const float2 u = a[i];
        const float2 v = b[i];
        s += (acc_t) u.x * v.x + (acc_t) u.y * v.y;
    }
    out[g] = s;
}

/* PIE: per-row maxima of S_P = sum_k |P_k|^2 and of |O_n|^2 over view n. Global (H). */
__kernel void pie_row_max(__global const float2* obj, __global const float2* probe, __global const int2* pos,
                          __global float* row_max, const int n)
{
    const int y = (int) get_global_id(0);
    const int2 p = pos[n];
    float max_sp = 0;
    float max_o = 0;
    for (int x = 0; x < W; x++) {
        float sp = 0;
        for (int k = 0; k < K; k++) {
            const float2 pv = probe[k * M + y * W + x];
            sp += pv.x * pv.x + pv.y * pv.y;
        }
        max_sp = fmax(max_sp, sp);
        const float2 ov = obj[(size_t) (p.x + y) * OW + p.y + x];
        max_o = fmax(max_o, ov.x * ov.x + ov.y * ov.y);
    }
    row_max[2 * y] = max_sp;
    row_max[2 * y + 1] = max_o;
}

/* PIE: the two maxima over the rows, into row_max[2 * H], row_max[2 * H + 1]. Global (1). */
__kernel void pie_max(__global float* row_max)
{
    float max_sp = 0;
    float max_o = 0;
    for (int y = 0; y < H; y++) {
        max_sp = fmax(max_sp, row_max[2 * y]);
        max_o = fmax(max_o, row_max[2 * y + 1]);
    }
    row_max[2 * H] = max_sp;
    row_max[2 * H + 1] = max_o;
}

/*
 * PIE update of object view n and the probe, per pixel, from psi (a, K fields) and the projected wave (b, K fields),
 * both from the old values. Global (M).
 */
__kernel void pie_update(__global float2* obj, __global float2* probe, __global const int2* pos,
                         __global const float2* a, __global const float2* b, __global const float* row_max,
                         const int n, const float object_step, const float object_mix, const float probe_step,
                         const float probe_mix, const float limit)
{
    const int q = (int) get_global_id(0);
    const int y = q / W;
    const int x = q - y * W;
    const int2 p = pos[n];
    const size_t oi = (size_t) (p.x + y) * OW + p.y + x;
    const float max_sp = row_max[2 * H];
    const float max_o = row_max[2 * H + 1];
    const float2 ov = obj[oi];
    float sp = 0;
    float nr = 0;
    float ni = 0;
    for (int k = 0; k < K; k++) {
        const float2 pv = probe[k * M + q];
        const float2 d = b[k * M + q] - a[k * M + q];
        sp += pv.x * pv.x + pv.y * pv.y;
        nr += pv.x * d.x + pv.y * d.y;
        ni += pv.x * d.y - pv.y * d.x;
    }
    if (probe_step != 0) {
        const float od = (1 - probe_mix) * (ov.x * ov.x + ov.y * ov.y) + probe_mix * max_o;
        if (od > 0) {
            const float g = probe_step / od;
            for (int k = 0; k < K; k++) {
                const float2 d = b[k * M + q] - a[k * M + q];
                float2 pv = probe[k * M + q];
                pv.x += g * (ov.x * d.x + ov.y * d.y);
                pv.y += g * (ov.x * d.y - ov.y * d.x);
                probe[k * M + q] = pv;
            }
        }
    }
    const float pd = (1 - object_mix) * sp + object_mix * max_sp;
    if (pd > 0) {
        const float g = object_step / pd;
        float re = ov.x + g * nr;
        float im = ov.y + g * ni;
        if (limit > 0) {
            const float a2 = re * re + im * im;
            if (a2 > limit * limit) {
                const float s = limit / sqrt(a2);
                re *= s;
                im *= s;
            }
        }
        obj[oi] = (float2) (re, im);
    }
}

/*
 * ML: Poisson likelihood and Fourier error, and the gradient scaling of the transformed fields f (fields
 * (f_field0 + b K + k)): f <- (1 - I/S) f on valid pixels, 0 on masked ones. One work-item does 8 adjacent columns
 * with float8 arithmetic (the log dominates; the driver's vector log is several times faster than 8 scalar ones).
 * Column partials: L to like[2 (n0 + b) W + col], E to like[(2 (n0 + b) + 1) W + col]. Global (W / 8, nb).
 */
__kernel void ml_project(__global float2* f, const int f_field0, __global const float* amp,
                         __global const int* valid, __global acc_t* like, const int n0)
{
    const int c0 = 8 * (int) get_global_id(0);
    const int b = (int) get_global_id(1);
    const int n = n0 + b;
    __global float* fb = (__global float*) (f + (size_t) (f_field0 + b * K) * M);
    __global const float* an = amp + (size_t) n * M;
    acc8_t l = 0;
    acc8_t e = 0;
    for (int q = c0; q < M; q += W) {
        float8 s0 = 0;
        for (int k = 0; k < K; k++) {
            const float16 v = vload16(0, fb + 2 * (k * M + q));
            s0 += v.even * v.even + v.odd * v.odd;
        }
        const float8 sm = s0 + EPS_S;
        const int8 ok = vload8(0, valid + q) != 0;
        const float8 a = vload8(0, an + q);
        const float8 meas = a * a;
        const acc8_t use = CONVERT_ACC8(select((float8) 0.0f, (float8) 1.0f, ok));
        l += (CONVERT_ACC8(sm) - CONVERT_ACC8(meas) * CONVERT_ACC8(log(sm))) * use;
        const float8 dv = sqrt(s0) - a;
        e += CONVERT_ACC8(dv) * CONVERT_ACC8(dv) * use;
        const float8 g = select((float8) 0.0f, 1 - meas / sm, ok);
        scale8(fb, q, g);
    }
    VSTORE_ACC8(l, 0, like + (size_t) 2 * n * W + c0);
    VSTORE_ACC8(e, 0, like + (size_t) (2 * n + 1) * W + c0);
}

/* ML line search: a <- P O_n, b <- P hO_n + hP O_n, c <- hP hO_n. Global (M, nb * K). */
__kernel void ml_line_views(__global const float2* obj, __global const float2* probe, __global const float2* hobj,
                            __global const float2* hprobe, __global const int2* pos, __global float2* a,
                            __global float2* b, __global float2* c, const int n0)
{
    const int q = (int) get_global_id(0);
    const int bk = (int) get_global_id(1);
    const int bb = bk / K;
    const int k = bk - bb * K;
    const int2 o = origin(pos, n0 + bb, 0, 0);
    const int y = q / W;
    const int x = q - y * W;
    const size_t oi = (size_t) (o.x + y) * OW + o.y + x;
    const float2 pv = probe[k * M + q];
    const float2 hp = hprobe[k * M + q];
    const float2 ov = obj[oi];
    const float2 ho = hobj[oi];
    const size_t i = (size_t) bk * M + q;
    a[i] = cmul(pv, ov);
    b[i] = cmul(pv, ho) + cmul(hp, ov);
    c[i] = cmul(hp, ho);
}

/* ML line search: column partials of L'(0), L''(0) and the Fisher curvature into d[(3 (n0 + b) + {0, 1, 2}) W + col]. */
__kernel void ml_line_sums(__global const float2* a, __global const float2* b, __global const float2* c,
                           __global const float* amp, __global const int* valid, __global acc_t* d, const int n0)
{
    const int col = (int) get_global_id(0);
    const int bb = (int) get_global_id(1);
    const int n = n0 + bb;
    const size_t f0 = (size_t) bb * K * M;
    __global const float* an = amp + (size_t) n * M;
    acc_t l1 = 0;
    acc_t l2 = 0;
    acc_t l3 = 0;
    for (int q = col; q < M; q += W) {
        if (!valid[q]) {
            continue;
        }
        acc_t s0 = EPS_S;
        acc_t s1 = 0;
        acc_t s2 = 0;
        for (int k = 0; k < K; k++) {
            const size_t i = f0 + (size_t) k * M + q;
            const float2 f = a[i];
            const float2 av = b[i];
            const float2 bv = c[i];
            s0 += f.x * f.x + f.y * f.y;
            s1 += 2 * (f.x * av.x + f.y * av.y);
            s2 += av.x * av.x + av.y * av.y + 2 * (f.x * bv.x + f.y * bv.y);
        }
        const acc_t am = an[q];
        const acc_t meas = am * am;
        const acc_t r = 1 - meas / s0;
        l1 += r * s1;
        l2 += 2 * r * s2 + meas * s1 * s1 / (s0 * s0);
        l3 += s1 * s1 / s0;
    }
    d[(size_t) 3 * n * W + col] = l1;
    d[(size_t) (3 * n + 1) * W + col] = l2;
    d[(size_t) (3 * n + 2) * W + col] = l3;
}

/* Per position of a batch, the sum of its column partials (ascending): sums[n] = sum_c err[n * W + c]. Global (nb). */
__kernel void position_sums(__global const acc_t* err, __global acc_t* sums, const int n0)
{
    const int n = n0 + (int) get_global_id(0);
    acc_t s = 0;
    for (int c = 0; c < W; c++) {
        s += err[(size_t) n * W + c];
    }
    sums[n] = s;
}

/*
 * DM with ptypy's power bound: where the mean error per valid pixel e_n / valid_count exceeds power_bound, moduli move
 * to A + (sqrt(S) - A) sqrt(power_bound / mean); elsewhere the fields are left as they are. 8 columns per work-item.
 * Global (W / 8, nb).
 */
__kernel void bounded_project(__global float2* f, __global const float* amp, __global const int* valid,
                              __global const acc_t* sums, const int n0, const float power_bound,
                              const int valid_count)
{
    const int c0 = 8 * (int) get_global_id(0);
    const int b = (int) get_global_id(1);
    const int n = n0 + b;
    const acc_t mean = sums[n] / valid_count;
    if (!(mean > power_bound)) {
        return;
    }
    const float renorm = (float) sqrt((acc_t) power_bound / mean);
    __global float* fb = (__global float*) (f + (size_t) b * K * M);
    __global const float* an = amp + (size_t) n * M;
    for (int q = c0; q < M; q += W) {
        const float8 a = sqrt(power8(fb, q));
        const float8 meas = vload8(0, an + q);
        const int8 ok = vload8(0, valid + q) != 0;
        scale8(fb, q, select((float8) 1.0f, (meas + (a - meas) * renorm) / (a + EPS_PROJ), ok));
    }
}

/* Mixes modes per pixel in groups of K fields: v'_k = sum_j U_kj v_j, j ascending. Global (M, groups). */
__kernel void mix_modes(__global float2* fields, __global const float2* u)
{
    const int q = (int) get_global_id(0);
    const size_t g = get_global_id(1);
    float2 v[K];
    for (int j = 0; j < K; j++) {
        v[j] = fields[(g * K + j) * M + q];
    }
    for (int k = 0; k < K; k++) {
        float sr = 0;
        float si = 0;
        for (int j = 0; j < K; j++) {
            const float2 a = u[k * K + j];
            sr += a.x * v[j].x - a.y * v[j].y;
            si += a.x * v[j].y + a.y * v[j].x;
        }
        fields[(g * K + k) * M + q] = (float2) (sr, si);
    }
}
