/*
 * Column pass of the batched 2-D complex FFT (see fft_rows.cl for the row pass and the conventions).
 * One work-item transforms 8 adjacent columns of one field at once with explicit float16 vectors
 * (8 interleaved complex values: one row's slice), so every butterfly is SIMD on contiguous memory.
 * One work-item per single column with a stride of a row is several times slower on CPU devices:
 * the driver does not vectorise across work-items through the loops of a serial FFT.
 *
 * Compile-time constants: N (column length = height), WIDTH (row length, a multiple of 8),
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
    for (int span = 1, step = N >> 1; span < N; span <<= 1, step >>= 1) {
        for (int k = 0; k < span; k++) {
            const float2 w = twiddle[k * step];
            const float wr = w.x;
            const float wi = w.y * conj;
            for (int i = k; i < N; i += span << 1) {
                const float16 a = row8(x, i);
                const float16 b = row8(x, i + span);
                const float8 br = b.even;
                const float8 bi = b.odd;
                float16 wb;
                wb.even = wr * br - wi * bi;
                wb.odd = wr * bi + wi * br;
                store8(x, i, a + wb);
                store8(x, i + span, a - wb);
            }
        }
    }
    if (scale != 1.0f) {
        for (int i = 0; i < N; i++) {
            store8(x, i, row8(x, i) * scale);
        }
    }
}
