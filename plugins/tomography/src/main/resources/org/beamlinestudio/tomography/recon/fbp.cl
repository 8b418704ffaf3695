// Back-projection of filtered sinograms in FbpPlan's layout: rows of (value, slope) pairs, so
// linear interpolation is one 8-byte read and one fma. Twin of JavaFbpReconstructor.band: the same
// fused multiply-adds, angles summed in order, so the results are the same floats.
// Linear interpolation is done by hand (no image samplers: PoCL emulates them slowly in software).
// The plan's zero margins keep every read in bounds: no branch in the loop.
//
// q:      filtered sinogram pairs, `width` pairs per angle, starting at angle `angle0`
// trig:   (cos θ, sin θ) of this batch's angles (constant memory)
// out:    rows of `pitch` floats; the global size is padded to whole work-groups and the padded
//         pixels are computed too (the plan's margins cover GRID_PAD px beyond the edge)
// centre: size / 2; pixel (i, k) sits at x = k − centre, y = centre − i
// offset: center of rotation + left margin (pairs)

// One work-item per pixel: for GPUs, where neighbouring work-items read neighbouring pairs.
__kernel void fbp_backproject(__global const float2* restrict q,
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
    __global const float2* row = q + (size_t) angle0 * width;
    for (int a = 0; a < angles; a++) {
        const float2 cs = trig[a];
        const float s = fma(x, cs.x, fma(y, cs.y, offset));
        const int j = (int) s;
        const float2 p = row[j];
        acc += fma(s - (float) j, p.y, p.x);
        row += width;
    }
    out[o] = acc;
}

// Sixteen consecutive pixels of a row per work-item: for CPU devices (PoCL), where the explicit
// float16 arithmetic becomes AVX-512/AVX2 instructions and the pair reads become 64-bit gathers
// (PoCL does not vectorise across work-items through the angle loop). Same arithmetic per pixel
// as fbp_backproject. The global size along x is pitch / 16.
__kernel void fbp_backproject16(__global const float2* restrict q,
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
    const int k0 = get_global_id(0) * 16;
    const int i = get_global_id(1);
    const float16 x = (float16)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) + (float) k0 - centre;
    const float y = centre - (float) i;
    const size_t o = (size_t) i * pitch + k0;
    float16 acc = accumulate ? vload16(0, out + o) : (float16)(0.0f);
    __global const float2* row = q + (size_t) angle0 * width;
    for (int a = 0; a < angles; a++) {
        const float2 cs = trig[a];
        const float16 s = fma(x, (float16)(cs.x), (float16)(fma(y, cs.y, offset)));
        const int16 j = convert_int16_rtz(s);
        const float2 p0 = row[j.s0];
        const float2 p1 = row[j.s1];
        const float2 p2 = row[j.s2];
        const float2 p3 = row[j.s3];
        const float2 p4 = row[j.s4];
        const float2 p5 = row[j.s5];
        const float2 p6 = row[j.s6];
        const float2 p7 = row[j.s7];
        const float2 p8 = row[j.s8];
        const float2 p9 = row[j.s9];
        const float2 pa = row[j.sa];
        const float2 pb = row[j.sb];
        const float2 pc = row[j.sc];
        const float2 pd = row[j.sd];
        const float2 pe = row[j.se];
        const float2 pf = row[j.sf];
        acc += fma(s - convert_float16(j), (float16)(p0.y, p1.y, p2.y, p3.y, p4.y, p5.y, p6.y, p7.y, p8.y, p9.y, pa.y, pb.y, pc.y, pd.y, pe.y, pf.y), (float16)(p0.x, p1.x, p2.x, p3.x, p4.x, p5.x, p6.x, p7.x, p8.x, p9.x, pa.x, pb.x, pc.x, pd.x, pe.x, pf.x));
        row += width;
    }
    vstore16(acc, 0, out + o);
}
