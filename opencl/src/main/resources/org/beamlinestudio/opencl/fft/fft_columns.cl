/*
 * Column pass of the batched 2-D complex FFT (see fft_rows.cl for the row pass and the conventions).
 * One work-item transforms 8 adjacent columns of one field at once with explicit float16 vectors
 * (8 interleaved complex values: one row's slice), so every butterfly is SIMD on contiguous memory.
 * One work-item per single column with a stride of a row is several times slower on CPU devices:
 * the driver does not vectorise across work-items through the loops of a serial FFT.
 *
 * Compile-time constants: N (column length = height), LOG2N, WIDTH (row length, a multiple of 8),
 * FIELD_STRIDE (height * width). Arguments as in fft_rows.cl; total = fields * WIDTH / 8.
 */
#define GROUPS (WIDTH / 8)

inline float16 row8(__global const float* x, int i)
{
    return vload16(0, x + 2 * i * WIDTH);
}

inline void store8(__global float* x, int i, float16 v)
{
    vstore16(v, 0, x + 2 * i * WIDTH);
}

/* w times each of the 8 interleaved complex values of v. */
inline float16 cmul8(float2 w, float16 v)
{
    const float8 re = v.even;
    const float8 im = v.odd;
    float16 r;
    r.even = w.x * re - w.y * im;
    r.odd = w.x * im + w.y * re;
    return r;
}

__kernel void fft_columns(__global float* data,
                          __global const float2* twiddle,
                          __global const int* bitrev,
                          const int inverse,
                          const float scale,
                          const int first_field,
                          const int total)
{
    const int g = (int) get_global_id(0);
    if (g >= total) {
        return;
    }
    const int field = first_field + g / GROUPS;
    const int group = g - (g / GROUPS) * GROUPS;
    __global float* x = data + 2 * ((size_t) field * FIELD_STRIDE + (size_t) group * 8);

    for (int i = 0; i < N; i++) {
        const int j = bitrev[i];
        if (j > i) {
            const float16 t = row8(x, i);
            store8(x, i, row8(x, j));
            store8(x, j, t);
        }
    }
    const float conj = inverse ? -1.0f : 1.0f;
    int span = 1;
    if (LOG2N & 1) {
        for (int i = 0; i < N; i += 2) {
            const float16 a = row8(x, i);
            const float16 b = row8(x, i + 1);
            store8(x, i, a + b);
            store8(x, i + 1, a - b);
        }
        span = 2;
    }
    for (; span < N; span <<= 2) {
        const int step = N / (4 * span);
        for (int k = 0; k < span; k++) {
            const float2 tt = twiddle[2 * k * step];
            const float2 uu = twiddle[k * step];
            const float2 t = (float2) (tt.x, tt.y * conj);
            const float2 u = (float2) (uu.x, uu.y * conj);
            const float2 v = inverse ? (float2) (-u.y, u.x) : (float2) (u.y, -u.x);
            for (int i0 = k; i0 < N; i0 += 4 * span) {
                const float16 x0 = row8(x, i0);
                const float16 x1 = row8(x, i0 + span);
                const float16 x2 = row8(x, i0 + 2 * span);
                const float16 x3 = row8(x, i0 + 3 * span);
                const float16 t1 = cmul8(t, x1);
                const float16 t3 = cmul8(t, x3);
                const float16 a0 = x0 + t1;
                const float16 a1 = x0 - t1;
                const float16 a2 = x2 + t3;
                const float16 a3 = x2 - t3;
                const float16 ua2 = cmul8(u, a2);
                const float16 va3 = cmul8(v, a3);
                store8(x, i0, a0 + ua2);
                store8(x, i0 + 2 * span, a0 - ua2);
                store8(x, i0 + span, a1 + va3);
                store8(x, i0 + 3 * span, a1 - va3);
            }
        }
    }
    if (scale != 1.0f) {
        for (int i = 0; i < N; i++) {
            store8(x, i, row8(x, i) * scale);
        }
    }
}
