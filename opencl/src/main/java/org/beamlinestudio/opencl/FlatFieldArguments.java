package org.beamlinestudio.opencl;

/** Argument checks shared by the flat-field twins, so both reject the same inputs with the same words. */
final class FlatFieldArguments {

    private FlatFieldArguments() {
    }

    static void check(float[] raw, int images, int pixelsPerImage, float[] flat, float[] dark, float[] out) {
        if (images < 0 || pixelsPerImage < 0) {
            throw new IllegalArgumentException("images (" + images + ") and pixelsPerImage (" + pixelsPerImage
                    + ") must not be negative");
        }
        long expected = (long) images * pixelsPerImage;
        if (raw.length != expected) {
            throw new IllegalArgumentException("raw stack has " + raw.length + " floats, expected images × pixelsPerImage = "
                    + images + " × " + pixelsPerImage + " = " + expected);
        }
        if (flat.length != pixelsPerImage) {
            throw new IllegalArgumentException("flat image has " + flat.length + " floats, expected pixelsPerImage = "
                    + pixelsPerImage);
        }
        if (dark.length != pixelsPerImage) {
            throw new IllegalArgumentException("dark image has " + dark.length + " floats, expected pixelsPerImage = "
                    + pixelsPerImage);
        }
        if (out.length != raw.length) {
            throw new IllegalArgumentException("output has " + out.length + " floats, expected " + raw.length
                    + " like the raw stack");
        }
    }
}
