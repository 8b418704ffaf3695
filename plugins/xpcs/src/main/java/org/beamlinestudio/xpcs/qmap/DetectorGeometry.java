package org.beamlinestudio.xpcs.qmap;

/**
 * Where the detector is: what turns a pixel into a scattering vector. Pixel (row, column) has its centre at
 * (row, column) in the beam-centre coordinates (so a beam centred between four pixels of a 128-pixel detector is at
 * 63.5).
 *
 * @param energyKeV       incident energy (keV)
 * @param distanceM       sample–detector distance (m), along the beam to the detector plane
 * @param pixelSizeXM     pixel width along columns (m)
 * @param pixelSizeYM     pixel height along rows (m)
 * @param beamCenterX     column of the direct beam (pixels, may be fractional or off the detector)
 * @param beamCenterY     row of the direct beam
 * @param tiltDeg         detector tilt: rotation of the detector plane about an in-plane axis through the beam
 *                        centre (0 = perpendicular to the beam)
 * @param tiltAxisDeg     direction of that axis in the detector plane, degrees from the +column direction
 */
public record DetectorGeometry(double energyKeV, double distanceM, double pixelSizeXM, double pixelSizeYM,
                               double beamCenterX, double beamCenterY, double tiltDeg, double tiltAxisDeg) {

    public DetectorGeometry {
        if (!(energyKeV > 0) || !(distanceM > 0) || !(pixelSizeXM > 0) || !(pixelSizeYM > 0)) {
            throw new IllegalArgumentException("energy, distance and pixel sizes must be positive: " + energyKeV
                    + " keV, " + distanceM + " m, " + pixelSizeXM + "×" + pixelSizeYM + " m");
        }
    }

    /** An untilted detector. */
    public static DetectorGeometry untilted(double energyKeV, double distanceM, double pixelSizeXM,
                                            double pixelSizeYM, double beamCenterX, double beamCenterY) {
        return new DetectorGeometry(energyKeV, distanceM, pixelSizeXM, pixelSizeYM, beamCenterX, beamCenterY, 0, 0);
    }

    /** Wavelength in Å. */
    public double wavelengthAngstrom() {
        return 12.398419843320026 / energyKeV;
    }
}
