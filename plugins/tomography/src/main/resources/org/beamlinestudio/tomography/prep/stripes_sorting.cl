/*
 * Sorting-based stripe removal (Vo et al. 2018) on a slab of sinograms. Twin: SortingStripeRemoval
 * (the same total order of keys, the same window and selection, so results are bit-identical).
 *
 * Slab: in[(a * rows + row) * cols + c] for angles a, rows, columns c (C order, rows of the chunk).
 * Work arrays are per (row, column) contiguous over angles: keys[(row * cols + c) * angles + r].
 * A key is the float's order-preserving signed 32-bit image in the high word and the angle in the
 * low word, exactly as the Java twin builds it, so both sort to the same order (ties by angle).
 */

inline int order_key(float v)
{
    int bits = as_int(v);
    return bits ^ ((bits >> 31) & 0x7fffffff);
}

inline void sift_down(__global long* k, int start, int end)
{
    int root = start;
    while (2 * root + 1 <= end) {
        int child = 2 * root + 1;
        int swap = root;
        if (k[swap] < k[child]) {
            swap = child;
        }
        if (child + 1 <= end && k[swap] < k[child + 1]) {
            swap = child + 1;
        }
        if (swap == root) {
            return;
        }
        long t = k[root];
        k[root] = k[swap];
        k[swap] = t;
        root = swap;
    }
}

/* Global size (cols, rows). Builds and heap-sorts the keys of one column; writes the sorted values. */
__kernel void sort_columns(__global const float* in, __global long* keys, __global float* sorted,
                           const int angles, const int rows, const int cols)
{
    const int c = get_global_id(0);
    const int row = get_global_id(1);
    if (c >= cols) {
        return;
    }
    __global long* k = keys + ((size_t) row * cols + c) * angles;
    for (int a = 0; a < angles; a++) {
        float v = in[((size_t) a * rows + row) * cols + c];
        k[a] = ((long) order_key(v) << 32) | (long) a;
    }
    for (int start = (angles - 2) / 2; start >= 0; start--) {
        sift_down(k, start, angles - 1);
    }
    for (int end = angles - 1; end > 0; end--) {
        long t = k[0];
        k[0] = k[end];
        k[end] = t;
        sift_down(k, 0, end - 1);
    }
    __global float* s = sorted + ((size_t) row * cols + c) * angles;
    for (int r = 0; r < angles; r++) {
        int a = (int) (k[r] & 0xffffffffL);
        s[r] = in[((size_t) a * rows + row) * cols + c];
    }
}

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

#define MAX_SIZE 101

/* Global size (cols, angles, rows): median across `size` columns at one rank, then unsort. */
__kernel void median_unsort(__global const long* keys, __global const float* sorted, __global float* out,
                            const int angles, const int rows, const int cols, const int size)
{
    const int c = get_global_id(0);
    const int r = get_global_id(1);
    const int row = get_global_id(2);
    if (c >= cols) {
        return;
    }
    const int hw = size / 2;
    float w[MAX_SIZE];
    int n = 0;
    for (int dc = -hw; dc <= hw; dc++) {
        int cc = reflect_index(c + dc, cols);
        float x = sorted[((size_t) row * cols + cc) * angles + r];
        int kx = order_key(x);
        int j = n - 1;
        while (j >= 0 && order_key(w[j]) > kx) {
            w[j + 1] = w[j];
            j--;
        }
        w[j + 1] = x;
        n++;
    }
    long key = keys[((size_t) row * cols + c) * angles + r];
    int a = (int) (key & 0xffffffffL);
    out[((size_t) a * rows + row) * cols + c] = w[hw];
}
