// Back-projection of filtered sinograms (FbpPlan layout), one work-item per output pixel.
// Twin of JavaFbpReconstructor.band: the same fused multiply-adds, angles summed in order.
// Linear interpolation is done by hand (no image samplers: PoCL's are slow software emulations).
// The plan's zero margins keep every read in bounds, so the loop has no branch and PoCL can
// vectorise it across the work-group (gathers for the two detector reads).
//
// q:      filtered sinograms, `angles` rows of `width` floats, starting at angle `angle0`
// trig:   (cos θ, sin θ) of this batch's angles
// out:    `pitch`-wide rows; the global size is padded to the work-group size and the padded
//         pixels are computed too (the plan's margins cover GRID_PAD px beyond the edge)
__kernel void fbp_backproject(__global const float* restrict q,
                              __constant float2* restrict trig,
                              __global float* restrict out,
                              const int pitch,
                              const int width,
                              const int angle0,
                              const int angles,
                              const float centre,
                              const float offset,
                              const int accumulate)
{
    const int k = get_global_id(0);
    const int i = get_global_id(1);
    const float x = (float) k - centre;
    const float y = centre - (float) i;
    const size_t o = (size_t) i * pitch + k;
    float acc = accumulate ? out[o] : 0.0f;
    __global const float* row = q + (size_t) angle0 * width;
    for (int a = 0; a < angles; a++) {
        const float2 cs = trig[a];
        const float s = fma(x, cs.x, fma(y, cs.y, offset));
        const int j = (int) s;
        const float v0 = row[j];
        acc += fma(s - (float) j, row[j + 1] - v0, v0);
        row += width;
    }
    out[o] = acc;
}
