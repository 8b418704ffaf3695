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

/*
 * The whole filter on the device when both padded sizes are powers of two: row FFTs, a transpose,
 * row FFTs (the columns), the multiplication, and back. Twin: JTransforms FloatFFT_2D
 * (complexForward / complexInverse with scaling), to float rounding.
 *
 * One radix-2 Stockham pass over every row of length n (a power of two) for sub-transforms of
 * length p (1, 2, 4, …, n/2), from src to dst; after log2(n) passes the transform is in natural
 * order. sign = −1 forward (exp(−2πi·jk/n), as JTransforms), +1 inverse (unscaled).
 * twiddles[m] = exp(−2πi·m/n) for m < n/2, computed on the host in double precision.
 * Global size: (n/2, rows).
 */
__kernel void fft_pass(__global const float2* src,
                       __global float2* dst,
                       __global const float2* twiddles,
                       const int n,
                       const int p,
                       const float sign)
{
    const int i = (int) get_global_id(0);
    const int row = (int) get_global_id(1);
    const int nh = n >> 1;  /* "half" is a type in OpenCL C */
    if (i >= nh) {
        return;
    }
    const int k = i & (p - 1);
    __global const float2* s = src + (size_t) row * (size_t) n;
    __global float2* d = dst + (size_t) row * (size_t) n;
    const float2 a = s[i];
    const float2 b0 = s[i + nh];
    /* exp(sign·iπk/p) = twiddles[k·n/(2p)] (which holds exp(−2πi·m/n)), conjugated for the inverse. */
    const float2 w = twiddles[k * (nh / p)];
    const float c = w.x;
    const float sn = -sign * w.y;
    const float2 b = (float2) (b0.x * c - b0.y * sn, b0.x * sn + b0.y * c);
    const int j = ((i - k) << 1) + k;
    d[j] = a + b;
    d[j + p] = a - b;
}

/* dst (cols × rows) = transpose of src (rows × cols). Global size: (cols, rows). */
__kernel void transpose(__global const float2* src,
                        __global float2* dst,
                        const int rows,
                        const int cols)
{
    const int x = (int) get_global_id(0);
    const int y = (int) get_global_id(1);
    if (x >= cols || y >= rows) {
        return;
    }
    dst[(size_t) x * (size_t) rows + (size_t) y] = src[(size_t) y * (size_t) cols + (size_t) x];
}

/* spec[i] *= factor over n floats (the inverse FFT's 1/(rows·cols)). */
__kernel void scale(__global float* spec, const int n, const float factor)
{
    const int i = (int) get_global_id(0);
    if (i < n) {
        spec[i] *= factor;
    }
}
