/*
 * Batched 2-D complex FFT as two passes of 1-D FFTs ("lines"): rows, then columns. Data are
 * interleaved complex (float2), row-major, fields back to back. Twin: JTransforms
 * FloatFFT_2D.complexForward / complexInverse(a, true) (same transform, same 1/(h w) scaling).
 *
 * One work-item transforms one whole line, serially, in place (bit-reversal permutation, then
 * radix-2 butterflies with a twiddle table computed in double on the host). On a CPU device
 * (PoCL) that is the efficient shape: a 128-point line is 1 KiB and stays in L1, and for the column
 * pass consecutive work-items own consecutive columns, so the driver's implicit vectorisation
 * across work-items turns every butterfly into SIMD on contiguous memory.
 *
 * Arguments (element units, not floats):
 *   n, log2n       line length
 *   stride         distance between consecutive elements of a line (1 for rows, width for columns)
 *   line_step      distance between the first elements of consecutive lines of a field
 *   lines          lines per field
 *   field_stride   distance between fields (height * width)
 *   inverse        0 forward (exp(-2 pi i k/n)), 1 inverse (conjugate twiddles)
 *   scale          every output is multiplied by this (1, or 1/(h w) on the inverse's last pass)
 *   first_field    index of the first field to transform
 *   total          fields * lines; work-items beyond it (padding) return at once
 */
__kernel void fft_lines(__global float2* data,
                        __global const float2* twiddle,
                        __global const int* bitrev,
                        const int n,
                        const int stride,
                        const int line_step,
                        const int lines,
                        const int field_stride,
                        const int inverse,
                        const float scale,
                        const int first_field,
                        const int total)
{
    const int g = (int) get_global_id(0);
    if (g >= total) {
        return;
    }
    const int field = first_field + g / lines;
    const int line = g - (g / lines) * lines;
    __global float2* x = data + (size_t) field * field_stride + (size_t) line * line_step;

    for (int i = 0; i < n; i++) {
        const int j = bitrev[i];
        if (j > i) {
            const float2 t = x[i * stride];
            x[i * stride] = x[j * stride];
            x[j * stride] = t;
        }
    }
    const float conj = inverse ? -1.0f : 1.0f;
    for (int span = 1, step = n >> 1; span < n; span <<= 1, step >>= 1) {
        for (int k = 0; k < span; k++) {
            float2 w = twiddle[k * step];
            w.y *= conj;
            for (int i = k; i < n; i += span << 1) {
                const float2 a = x[i * stride];
                const float2 b = x[(i + span) * stride];
                const float2 wb = (float2) (w.x * b.x - w.y * b.y, w.x * b.y + w.y * b.x);
                x[i * stride] = a + wb;
                x[(i + span) * stride] = a - wb;
            }
        }
    }
    if (scale != 1.0f) {
        for (int i = 0; i < n; i++) {
            x[i * stride] *= scale;
        }
    }
}
