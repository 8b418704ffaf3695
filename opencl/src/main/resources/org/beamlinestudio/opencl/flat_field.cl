/*
 * Flat/dark normalisation, in place. Twin: JavaFlatFieldCorrection (same float operations in the
 * same order, so results agree to the division's rounding).
 *
 *   data[img][p] = (data[img][p] - dark[p]) / max(flat[p] - dark[p], min_denominator)
 *
 * The clamp is written as a comparison rather than fmax so a NaN denominator stays NaN, as in Java.
 * Global size: (pixels rounded up to a multiple of 64, images); the guard skips the padding.
 */
__kernel void flat_field_correct(__global float* data,
                                 __global const float* flat,
                                 __global const float* dark,
                                 const uint pixels,
                                 const float min_denominator)
{
    const size_t p = get_global_id(0);
    if (p >= pixels) {
        return;
    }
    const size_t i = get_global_id(1) * (size_t) pixels + p;
    const float d = dark[p];
    float den = flat[p] - d;
    den = den < min_denominator ? min_denominator : den;
    data[i] = (data[i] - d) / den;
}
