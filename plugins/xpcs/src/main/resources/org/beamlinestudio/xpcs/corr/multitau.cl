// Multi-tau correlation, one work-item per correlated pixel; twin of MultiTauCorrelator.TileState.
// OpenClMultiTau prepends LEVELS, RING and the ladder: __constant int LAG[], LEVEL_START[LEVELS + 1].
// Layout (pixel fastest, for coalesced access): buf[(level*RING + slot)*pixels + i], g2/head[delay*pixels + i],
// total[level*pixels + i]. The count of frames on level l is (frames pushed on level 0) >> l, so the state
// machine needs no shared counters.
__kernel void multitau_push(__global const float* frames, const int batch, const int pixels, const int start0,
                            __global float* buf, __global float* g2, __global float* head,
                            __global float* total) {
    const int i = get_global_id(0);
    if (i >= pixels) {
        return;
    }
    int cnt[LEVELS];
    for (int l = 0; l < LEVELS; l++) {
        cnt[l] = start0 >> l;
    }
    for (int b = 0; b < batch; b++) {
        float v = frames[(size_t) b * pixels + i];
        int l = 0;
        for (;;) {
            const int c = cnt[l];
            buf[(size_t) (l * RING + c % RING) * pixels + i] = v;
            if (v != 0.0f) {   // photon counting: a zero adds nothing to any sum
                total[(size_t) l * pixels + i] += v;
                for (int d = LEVEL_START[l]; d < LEVEL_START[l + 1]; d++) {
                    const int g = LAG[d];
                    if (c >= g) {
                        g2[(size_t) d * pixels + i] += v * buf[(size_t) (l * RING + (c - g) % RING) * pixels + i];
                    } else {
                        head[(size_t) d * pixels + i] += v;
                    }
                }
            }
            cnt[l] = c + 1;
            if ((c & 1) == 1 && l + 1 < LEVELS) {
                // pairwise binning into the next level
                v += buf[(size_t) (l * RING + (c - 1) % RING) * pixels + i];
                l++;
            } else {
                break;
            }
        }
    }
}
