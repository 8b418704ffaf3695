/*
 * Row pass of the batched 2-D complex FFT (fft_columns.cl is the column pass); the kernel is generic over the line shape. Data are
 * interleaved complex (float2), row-major, fields back to back. Twin: JTransforms
 * FloatFFT_2D.complexForward / complexInverse(a, true) (same transform, same 1/(h w) scaling).
 *
 * One work-item transforms one whole line, serially, in place (bit-reversal permutation, then
 * radix-4 butterflies (pairs of radix-2 stages) with a twiddle table computed in double on the host). On a CPU device
 * (PoCL) that is the efficient shape: a 128-point line is 1 KiB and stays in L1, and for the column
 * pass consecutive work-items own consecutive columns, so the driver's implicit vectorisation
 * across work-items turns every butterfly into SIMD on contiguous memory.
 *
 * Compile-time constants (build options, one program per line shape; constants let the compiler unroll and
 * fold the index arithmetic), in elements, not floats:
 *   N, LOG2N       line length and its base-2 logarithm
 *   STRIDE         distance between consecutive elements of a line (1 for rows, width for columns)
 *   LINE_STEP      distance between the first elements of consecutive lines of a field
 *   LINES          lines per field
 *   FIELD_STRIDE   distance between fields (height * width)
 * Arguments:
 *   inverse        0 forward (exp(-2 pi i k/N)), 1 inverse (conjugate twiddles)
 *   scale          every output is multiplied by this (1, or 1/(h w) on the inverse's last pass)
 *   first_field    index of the first field to transform
 *   total          fields * LINES; work-items beyond it (padding) return at once
 */
inline float2 cmul(float2 w, float2 b)
{
    return (float2) (w.x * b.x - w.y * b.y, w.x * b.y + w.y * b.x);
}

__kernel void fft_lines(__global float2* data,
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
    const int field = first_field + g / LINES;
    const int line = g - (g / LINES) * LINES;
    __global float2* x = data + (size_t) field * FIELD_STRIDE + (size_t) line * LINE_STEP;

    for (int i = 0; i < N; i++) {
        const int j = bitrev[i];
        if (j > i) {
            const float2 t = x[i * STRIDE];
            x[i * STRIDE] = x[j * STRIDE];
            x[j * STRIDE] = t;
        }
    }
    const float conj = inverse ? -1.0f : 1.0f;
    int span = 1;
    if (LOG2N & 1) {
        // An odd number of radix-2 stages: the first one alone (twiddle 1), the rest in radix-4 pairs.
        for (int i = 0; i < N; i += 2) {
            const float2 a = x[i * STRIDE];
            const float2 b = x[(i + 1) * STRIDE];
            x[i * STRIDE] = a + b;
            x[(i + 1) * STRIDE] = a - b;
        }
        span = 2;
    }
    // Two radix-2 stages (spans s and 2s) per pass over the line: one load and store per element per pair.
    for (; span < N; span <<= 2) {
        const int step = N / (4 * span);
        for (int k = 0; k < span; k++) {
            float2 t = twiddle[2 * k * step];
            float2 u = twiddle[k * step];
            t.y *= conj;
            u.y *= conj;
            // W_{4s}^{k+s} = u * W_4^1: -i u forward, +i u inverse.
            const float2 v = inverse ? (float2) (-u.y, u.x) : (float2) (u.y, -u.x);
            for (int i0 = k; i0 < N; i0 += 4 * span) {
                const float2 x0 = x[i0 * STRIDE];
                const float2 x1 = x[(i0 + span) * STRIDE];
                const float2 x2 = x[(i0 + 2 * span) * STRIDE];
                const float2 x3 = x[(i0 + 3 * span) * STRIDE];
                const float2 t1 = cmul(t, x1);
                const float2 t3 = cmul(t, x3);
                const float2 a0 = x0 + t1;
                const float2 a1 = x0 - t1;
                const float2 a2 = x2 + t3;
                const float2 a3 = x2 - t3;
                const float2 ua2 = cmul(u, a2);
                const float2 va3 = cmul(v, a3);
                x[i0 * STRIDE] = a0 + ua2;
                x[(i0 + 2 * span) * STRIDE] = a0 - ua2;
                x[(i0 + span) * STRIDE] = a1 + va3;
                x[(i0 + 3 * span) * STRIDE] = a1 - va3;
            }
        }
    }
    if (scale != 1.0f) {
        for (int i = 0; i < N; i++) {
            x[i * STRIDE] *= scale;
        }
    }
}
