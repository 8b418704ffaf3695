package org.beamlinestudio.opencl;

import java.util.stream.IntStream;

/**
 * Plain-Java flat/dark normalisation: the fallback where OpenCL is missing and the oracle the
 * OpenCL kernel is tested against. Splits the stack into blocks of up to 64 Ki pixels of one image
 * and runs them on the common fork-join pool, so a single huge image uses every core too.
 * Thread-safe (no state).
 */
public final class JavaFlatFieldCorrection implements FlatFieldCorrection {

    private static final int BLOCK = 1 << 16;

    @Override
    public void apply(float[] raw, int images, int pixelsPerImage, float[] flat, float[] dark, float[] out) {
        FlatFieldArguments.check(raw, images, pixelsPerImage, flat, dark, out);
        if (raw.length == 0) {
            return;
        }
        float[] denominator = new float[pixelsPerImage];
        for (int p = 0; p < pixelsPerImage; p++) {
            float den = flat[p] - dark[p];
            denominator[p] = den < MIN_DENOMINATOR ? MIN_DENOMINATOR : den; // NaN stays NaN, as in the kernel
        }
        int blocksPerImage = (pixelsPerImage + BLOCK - 1) / BLOCK;
        IntStream.range(0, images * blocksPerImage).parallel().forEach(task -> {
            int image = task / blocksPerImage;
            int from = (task % blocksPerImage) * BLOCK;
            int to = Math.min(pixelsPerImage, from + BLOCK);
            int base = image * pixelsPerImage;
            for (int p = from; p < to; p++) {
                out[base + p] = (raw[base + p] - dark[p]) / denominator[p];
            }
        });
    }

    @Override
    public String deviceId() {
        return "java";
    }

    @Override
    public String toString() {
        return "JavaFlatFieldCorrection";
    }
}
