/*
 * Zinger removal in the sinogram plane. Twin: JavaOutlierRemoval (same selection, the same float
 * operations in the same order, so results are bit-identical).
 *
 * Data: a slab (angles, rows, cols) in C order. One work item per pixel, global size
 * (cols, rows, angles). window_kind 0: `size` consecutive angles at the pixel's column;
 * 1: size × size angles × columns. Edges mirror with the edge repeated (scipy "reflect").
 * mode 0: |v − med| > threshold; 1: > threshold·|med|; 2: > threshold·MAD (threshold already
 * scaled by 1.4826 on the host). sign 1: only v above the median counts, −1 only below, 0 both.
 */
#pragma OPENCL FP_CONTRACT OFF

#define MAX_WINDOW 225

inline int reflect_index(int i, int n)
{
    if (i >= 0 && i < n) {
        return i;
    }
    int period = 2 * n;
    int m = i % period;
    if (m < 0) {
        m += period;
    }
    return m < n ? m : period - 1 - m;
}

/* a > b with NaN largest, as in Java. */
inline int greater(float a, float b)
{
    return a > b || (isnan(a) && !isnan(b));
}

inline float median_of(float* v, int n)
{
    for (int i = 1; i < n; i++) {
        float x = v[i];
        int j = i - 1;
        while (j >= 0 && greater(v[j], x)) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
    return v[n / 2];
}

__kernel void remove_outliers(__global const float* in,
                              __global float* out,
                              const int angles,
                              const int rows,
                              const int cols,
                              const int size,
                              const int window_kind,
                              const int mode,
                              const int sign,
                              const float threshold)
{
    const int c = get_global_id(0);
    const int row = get_global_id(1);
    const int a = get_global_id(2);
    if (c >= cols) {
        return;
    }
    const int hw = size / 2;
    float w[MAX_WINDOW];
    int n = 0;
    if (window_kind == 0) {
        for (int da = -hw; da <= hw; da++) {
            w[n++] = in[((size_t) reflect_index(a + da, angles) * rows + row) * cols + c];
        }
    } else {
        for (int da = -hw; da <= hw; da++) {
            size_t base = ((size_t) reflect_index(a + da, angles) * rows + row) * cols;
            for (int dc = -hw; dc <= hw; dc++) {
                w[n++] = in[base + reflect_index(c + dc, cols)];
            }
        }
    }
    const size_t i = ((size_t) a * rows + row) * cols + c;
    const float v = in[i];
    const float med = median_of(w, n);
    const float diff = v - med;
    const float deviation = sign > 0 ? diff : (sign < 0 ? -diff : fabs(diff));
    float limit;
    if (mode == 1) {
        limit = threshold * fabs(med);
    } else if (mode == 2) {
        /* w is sorted now; the deviations of a sorted window, then their median. */
        for (int k = 0; k < n; k++) {
            w[k] = fabs(w[k] - med);
        }
        limit = threshold * median_of(w, n);
    } else {
        limit = threshold;
    }
    out[i] = deviation > limit ? med : v;
}
