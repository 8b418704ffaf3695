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

// One angle for sixteen pixels (see fbp_backproject16).
#define FBP_STEP16(a) \
    { \
    const float2 cs = trig[a]; \
    const float16 s = fma(x, (float16)(cs.x), (float16)(fma(y, cs.y, offset))); \
    const int16 j = convert_int16_rtz(s); \
    const ulong16 pair = (ulong16)(row[j.s0], row[j.s1], row[j.s2], row[j.s3], row[j.s4], row[j.s5], row[j.s6], row[j.s7], row[j.s8], row[j.s9], row[j.sa], row[j.sb], row[j.sc], row[j.sd], row[j.se], row[j.sf]); \
    const float16 value = as_float16(convert_uint16(pair)); \
    const float16 slope = as_float16(convert_uint16(pair >> 32)); \
    acc += fma(s - convert_float16(j), slope, value); \
    row += width; \
    }

// Sixteen consecutive pixels of a row per work-item: for CPU devices (PoCL), which do not
// vectorise across work-items through the angle loop. The explicit float16 arithmetic becomes
// AVX-512/AVX2 instructions; reading each (value, slope) pair as one ulong lets LLVM emit 64-bit
// gathers (vpgatherdq), after which truncating and shifting split values from slopes (the value is
// the low half: little-endian, as every OpenCL CPU device is). Same arithmetic per pixel as
// fbp_backproject. The global size along x is pitch / 16.
__kernel void fbp_backproject16(__global const ulong* restrict q,
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
    __global const ulong* row = q + (size_t) angle0 * width;
    // Unrolled by 4 by hand (measured +13 % on PoCL); the sums stay in order, so the results do not change.
    int a = 0;
    for (; a + 3 < angles; a += 4) {
        FBP_STEP16(a)
        FBP_STEP16(a + 1)
        FBP_STEP16(a + 2)
        FBP_STEP16(a + 3)
    }
    for (; a < angles; a++) {
        FBP_STEP16(a)
    }
    vstore16(acc, 0, out + o);
}
