/*
 * Joseph's projector and its exact adjoint. Twin: JosephProjector (same formulas; Java computes
 * positions in double, so results agree to float rounding of the weights).
 *
 * Images: slices x n x n; sinograms: slices x nAngles x cols. Pixel (i, k) sits at x = k - mid,
 * y = mid - i; detector bin j at s = j - center.
 */

/* Global size (cols, nAngles, slices): one ray per work item, gathered along its dominant axis. */
__kernel void joseph_forward(__global const float* img, __global float* sino,
                             __global const float* cosT, __global const float* sinT,
                             const int n, const int cols, const int nAngles,
                             const float center, const float mid)
{
    const int j = get_global_id(0);
    const int a = get_global_id(1);
    const int s = get_global_id(2);
    if (j >= cols || a >= nAngles) {
        return;
    }
    const float c = cosT[a];
    const float sn = sinT[a];
    const float sj = (float) j - center;
    __global const float* im = img + (size_t) s * n * n;
    float acc = 0.0f;
    if (fabs(c) >= fabs(sn)) {
        const float inv = 1.0f / c;
        for (int i = 0; i < n; i++) {
            const float y = mid - (float) i;
            const float kp = (sj - y * sn) * inv + mid;
            const float f = floor(kp);
            const int k0 = (int) f;
            const float fr = kp - f;
            __global const float* row = im + (size_t) i * n;
            if (k0 >= 0 && k0 < n) {
                acc += (1.0f - fr) * row[k0];
            }
            if (k0 + 1 >= 0 && k0 + 1 < n) {
                acc += fr * row[k0 + 1];
            }
        }
        acc *= fabs(inv);
    } else {
        const float inv = 1.0f / sn;
        for (int k = 0; k < n; k++) {
            const float x = (float) k - mid;
            const float ip = mid - (sj - x * c) * inv;
            const float f = floor(ip);
            const int i0 = (int) f;
            const float fr = ip - f;
            if (i0 >= 0 && i0 < n) {
                acc += (1.0f - fr) * im[(size_t) i0 * n + k];
            }
            if (i0 + 1 >= 0 && i0 + 1 < n) {
                acc += fr * im[(size_t) (i0 + 1) * n + k];
            }
        }
        acc *= fabs(inv);
    }
    sino[((size_t) s * nAngles + a) * cols + j] = acc;
}

/* Global size (n, n, slices): one pixel per work item, gathering at most two bins per angle. */
__kernel void joseph_back(__global const float* sino, __global float* img,
                          __global const float* cosT, __global const float* sinT,
                          __global const float* invC,
                          const int n, const int cols, const int nAngles,
                          const float center, const float mid)
{
    const int k = get_global_id(0);
    const int i = get_global_id(1);
    const int s = get_global_id(2);
    if (k >= n || i >= n) {
        return;
    }
    const float x = (float) k - mid;
    const float y = mid - (float) i;
    __global const float* sg = sino + (size_t) s * nAngles * cols;
    float acc = 0.0f;
    for (int a = 0; a < nAngles; a++) {
        const float t = x * cosT[a] + y * sinT[a] + center;
        const float f = floor(t);
        const int j0 = (int) f;
        const float d = t - f;
        const float ic = invC[a];
        __global const float* row = sg + (size_t) a * cols;
        const float w0 = 1.0f - d * ic;
        if (w0 > 0.0f && j0 >= 0 && j0 < cols) {
            acc += w0 * ic * row[j0];
        }
        const float w1 = 1.0f - (1.0f - d) * ic;
        if (w1 > 0.0f && j0 + 1 >= 0 && j0 + 1 < cols) {
            acc += w1 * ic * row[j0 + 1];
        }
    }
    img[((size_t) s * n + i) * n + k] = acc;
}
