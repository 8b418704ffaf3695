package org.beamlinestudio.ptychography.data;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A ptychographic scan ready for reconstruction: measured diffraction intensities (after preprocessing) with their
 * scan positions and the geometry that maps detector pixels to object pixels.
 *
 * <p>Patterns are held in memory: every engine visits every pattern each iteration, and a scan of 10⁴ patterns of
 * 256² is 2.6 GB as float32, which a workstation holds. Readers say clearly when a scan would not fit the heap.
 *
 * <p>Conventions: the pattern is centred (zero frequency at ({@code height/2, width/2})), as detectors record it;
 * engines shift to the FFT layout themselves. Positions are the sample translation in metres in the object frame
 * (already sign-corrected by the reader); {@link #objectPixelSize()} converts them to object pixels.
 *
 * @param source the file it came from (for errors and provenance), or {@code null} for a simulation
 * @param datasetPath the patterns' dataset path in that file, or a description
 * @param count number of patterns N
 * @param height pattern rows
 * @param width pattern columns
 * @param intensities N × height × width photon counts (≥ 0; masked pixels hold any value), row-major
 * @param mask height × width, {@code true} where the detector pixel is valid
 * @param positionY vertical sample position per pattern, metres
 * @param positionX horizontal sample position per pattern, metres
 * @param wavelength metres
 * @param distance sample–detector distance, metres
 * @param detectorPixelY detector pixel height, metres (after any binning)
 * @param detectorPixelX detector pixel width, metres (after any binning)
 * @param initialProbe a probe stored with the data (CXI {@code source_1/probe}), if any, height × width
 */
public record PtychoScan(Path source, String datasetPath, int count, int height, int width, float[] intensities,
        boolean[] mask, double[] positionY, double[] positionX, double wavelength, double distance,
        double detectorPixelY, double detectorPixelX, Optional<ComplexField> initialProbe) {

    /** Checks sizes and geometry. */
    public PtychoScan {
        if (count <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("A scan needs patterns, got " + count + " x " + height + " x " + width);
        }
        if (intensities.length != (long) count * height * width) {
            throw new IllegalArgumentException("Expected " + (long) count * height * width
                    + " intensity values, got " + intensities.length);
        }
        if (mask.length != height * width) {
            throw new IllegalArgumentException("Expected a " + height + " x " + width + " mask, got "
                    + mask.length + " values");
        }
        if (positionY.length != count || positionX.length != count) {
            throw new IllegalArgumentException("Expected " + count + " positions, got " + positionY.length
                    + " (y) and " + positionX.length + " (x)");
        }
        if (!(wavelength > 0 && distance > 0 && detectorPixelY > 0 && detectorPixelX > 0)) {
            throw new IllegalArgumentException("Geometry must be positive: wavelength " + wavelength
                    + " m, distance " + distance + " m, pixel " + detectorPixelY + " x " + detectorPixelX + " m");
        }
        if (initialProbe.isPresent()
                && (initialProbe.get().height() != height || initialProbe.get().width() != width)) {
            throw new IllegalArgumentException("The stored probe is " + initialProbe.get().height() + " x "
                    + initialProbe.get().width() + ", the patterns " + height + " x " + width);
        }
    }

    /** Object pixel size (y, x) in metres: λ z / (N Δ). */
    public double[] objectPixelSize() {
        return new double[] {wavelength * distance / (height * detectorPixelY),
            wavelength * distance / (width * detectorPixelX)};
    }

    /** Photon energy in eV. */
    public double energyEv() {
        return 1.239841984e-6 / wavelength;
    }

    /** Offset of pattern {@code n} in {@link #intensities()}. */
    public int patternOffset(int n) {
        return n * height * width;
    }
}
