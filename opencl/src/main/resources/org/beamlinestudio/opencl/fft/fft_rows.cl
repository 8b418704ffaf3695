/*
 * Row pass of the batched 2-D complex FFT (fft_columns.cl is the column pass); the kernel is generic over the line shape. Data are
 * interleaved complex (float2), row-major, fields back to back. Twin: JTransforms
 * FloatFFT_2D.complexForward / complexInverse(a, true) (same transform, same 1/(h w) scaling).
 *
 * One work-item transforms one whole line, serially, in place (bit-reversal permutation, then
 * radix-2 butterflies with a twiddle table computed in double on the host). On a CPU device
 * (PoCL) that is the efficient shape: a 128-point line is 1 KiB and stays in L1, and for the column
 * pass consecutive work-items own consecutive columns, so the driver's implicit vectorisation
 * across work-items turns every butterfly into SIMD on contiguous memory.
 *
 * Compile-time constants (build options, one program per line shape; constants let the compiler unroll and
 * fold the index arithmetic), in elements, not floats:
 *   N              line length
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
    for (int span = 1, step = N >> 1; span < N; span <<= 1, step >>= 1) {
        for (int k = 0; k < span; k++) {
            float2 w = twiddle[k * step];
            w.y *= conj;
            for (int i = k; i < N; i += span << 1) {
                const float2 a = x[i * STRIDE];
                const float2 b = x[(i + span) * STRIDE];
                const float2 wb = (float2) (w.x * b.x - w.y * b.y, w.x * b.y + w.y * b.x);
                x[i * STRIDE] = a + wb;
                x[(i + span) * STRIDE] = a - wb;
            }
        }
    }
    if (scale != 1.0f) {
        for (int i = 0; i < N; i++) {
            x[i * STRIDE] *= scale;
        }
    }
}
