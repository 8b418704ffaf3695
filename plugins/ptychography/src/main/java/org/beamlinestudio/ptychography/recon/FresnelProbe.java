package org.beamlinestudio.ptychography.recon;

import org.beamlinestudio.ptychography.data.ComplexField;
import org.jtransforms.fft.FloatFFT_2D;

/** Probe guesses: a circular aperture propagated by Fresnel's transfer function, and the mean-pattern guess. */
public final class FresnelProbe {

    private FresnelProbe() {
    }

    /**
     * A uniformly lit circular aperture of {@code diameterPx} object pixels, centred in an H × W field, propagated
     * {@code distance} metres with the paraxial transfer function {@code exp(−iπλz(fx² + fy²))}.
     */
    public static ComplexField aperture(int height, int width, double diameterPx, double distance, double wavelength,
            double pixelY, double pixelX) {
        float[] d = new float[2 * height * width];
        double r2 = diameterPx * diameterPx / 4;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dy = y - height / 2.0 + 0.5;
                double dx = x - width / 2.0 + 0.5;
                if (dy * dy + dx * dx <= r2) {
                    d[2 * (y * width + x)] = 1f;
                }
            }
        }
        if (distance != 0) {
            FloatFFT_2D fft = new FloatFFT_2D(height, width);
            fft.complexForward(d);
            for (int y = 0; y < height; y++) {
                double fy = (y < (height + 1) / 2 ? y : y - height) / (height * pixelY);
                for (int x = 0; x < width; x++) {
                    double fx = (x < (width + 1) / 2 ? x : x - width) / (width * pixelX);
                    double ph = -Math.PI * wavelength * distance * (fx * fx + fy * fy);
                    int i = 2 * (y * width + x);
                    float re = d[i];
                    float im = d[i + 1];
                    float c = (float) Math.cos(ph);
                    float s = (float) Math.sin(ph);
                    d[i] = re * c - im * s;
                    d[i + 1] = re * s + im * c;
                }
            }
            fft.complexInverse(d, true);
        }
        return new ComplexField(height, width, d);
    }

    /**
     * The flat-phase guess from measured data: {@code fftshift(F⁻¹(ifftshift(√Ī)))}, Ī the mean pattern (masked
     * pixels 0), so the probe sits in the field's centre.
     */
    public static ComplexField fromMeanPattern(int count, int height, int width, float[] intensities,
            boolean[] mask) {
        int m = height * width;
        double[] mean = new double[m];
        for (int n = 0; n < count; n++) {
            for (int q = 0; q < m; q++) {
                mean[q] += Math.max(0, intensities[n * m + q]);
            }
        }
        float[] d = new float[2 * m];
        for (int y = 0; y < height; y++) {
            int sy = ((y - height / 2) % height + height) % height;
            for (int x = 0; x < width; x++) {
                int sx = ((x - width / 2) % width + width) % width;
                int q = y * width + x;
                d[2 * (sy * width + sx)] = mask[q] ? (float) Math.sqrt(mean[q] / count) : 0f;
            }
        }
        new FloatFFT_2D(height, width).complexInverse(d, true);
        float[] out = new float[2 * m];
        for (int y = 0; y < height; y++) {
            int sy = (y + height / 2) % height;
            for (int x = 0; x < width; x++) {
                int sx = (x + width / 2) % width;
                out[2 * (sy * width + sx)] = d[2 * (y * width + x)];
                out[2 * (sy * width + sx) + 1] = d[2 * (y * width + x) + 1];
            }
        }
        return new ComplexField(height, width, out);
    }
}
