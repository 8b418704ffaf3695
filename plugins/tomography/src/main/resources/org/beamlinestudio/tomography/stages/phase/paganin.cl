/*
 * Paganin filter multiplication on an interleaved complex spectrum (rows × cols complex values,
 * JTransforms' complexForward layout), in place. Twin: JavaPaganinFilter.multiplyJava (same float
 * operations in the same order).
 *
 *   h(u, v) = 1 / (1 + alpha_px · (u² + v²)),  u = signed kx / cols, v = signed ky / rows (cycles/pixel)
 *
 * Global size: (cols rounded up to a multiple of 16, rows); the guard skips the padding.
 */
__kernel void paganin_multiply(__global float* spec,
                               const int rows,
                               const int cols,
                               const float alpha_px)
{
    const int kx = (int) get_global_id(0);
    const int ky = (int) get_global_id(1);
    if (kx >= cols || ky >= rows) {
        return;
    }
    const int fx = kx <= (cols - 1) / 2 ? kx : kx - cols;
    const int fy = ky <= (rows - 1) / 2 ? ky : ky - rows;
    const float u = (float) fx / (float) cols;
    const float v = (float) fy / (float) rows;
    const float h = 1.0f / (1.0f + alpha_px * (u * u + v * v));
    const size_t i = 2 * ((size_t) ky * (size_t) cols + (size_t) kx);
    spec[i] *= h;
    spec[i + 1] *= h;
}
