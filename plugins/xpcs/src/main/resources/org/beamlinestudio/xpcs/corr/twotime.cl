// Two-time Gram matrix of one dynamic bin: c[t1][t2] = Σ_i z[t1][i]·z[t2][i]; twin of TwoTimeCorrelator's Java loop.
// One work-item per (t1, t2) with t2 ≥ t1; it writes both halves.
__kernel void twotime_gram(__global const float* z, const int steps, const int m, __global float* c) {
    const int t1 = get_global_id(0);
    const int t2 = get_global_id(1);
    if (t1 >= steps || t2 >= steps || t2 < t1) {
        return;
    }
    __global const float* a = z + (size_t) t1 * m;
    __global const float* b = z + (size_t) t2 * m;
    float s = 0.0f;
    for (int i = 0; i < m; i++) {
        s += a[i] * b[i];
    }
    c[(size_t) t1 * steps + t2] = s;
    c[(size_t) t2 * steps + t1] = s;
}
