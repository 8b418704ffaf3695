package org.beamlinestudio.core.render;

/**
 * A rendered image.
 *
 * @param width    pixels
 * @param height   pixels
 * @param argb     opaque colours over a black background, row-major
 * @param values   per pixel: the maximum sample (MIP; NaN where the ray misses the clipped volume) or
 *                 the accumulated opacity 0 … 1 (DVR)
 * @param deviceId the device it was computed on ({@code java} or {@code opencl:P:D})
 * @param nanos    wall time of the render call
 */
public record RenderedImage(int width, int height, int[] argb, float[] values, String deviceId, long nanos) {

    /** The value at pixel (x, y). */
    public float value(int x, int y) {
        return values[y * width + x];
    }

    /** The colour at pixel (x, y). */
    public int argbAt(int x, int y) {
        return argb[y * width + x];
    }
}
