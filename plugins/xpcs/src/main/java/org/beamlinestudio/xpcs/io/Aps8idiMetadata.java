package org.beamlinestudio.xpcs.io;

import java.nio.file.Path;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.hdf5.H5Values;

/**
 * The acquisition values an XPCS analysis needs, from an APS 8-ID-I {@code *_metadata.hdf}.
 *
 * @param energyKeV      incident energy (keV)
 * @param distanceM      sample–detector distance (m)
 * @param pixelSizeXM    pixel width (m)
 * @param pixelSizeYM    pixel height (m)
 * @param frameTimeS     time between frames (s)
 * @param countTimeS     exposure per frame (s)
 */
public record Aps8idiMetadata(double energyKeV, double distanceM, double pixelSizeXM, double pixelSizeYM,
                              double frameTimeS, double countTimeS) {

    static final String DETECTOR = "/entry/instrument/detector_1/";
    static final String ENERGY = "/entry/instrument/incident_beam/incident_energy";

    /** X-ray wavelength in Å (hc = 12.398 keV·Å). */
    public double wavelengthAngstrom() {
        return 12.398419843320026 / energyKeV;
    }

    /**
     * Reads the metadata file.
     *
     * @throws DataFileException naming the file and the missing or unusable dataset
     */
    public static Aps8idiMetadata read(Path file) throws DataFileException {
        try (H5Values v = H5Values.open(file)) {
            double energy = positive(v, ENERGY);
            double distance = positive(v, DETECTOR + "distance");
            double px = positive(v, DETECTOR + "x_pixel_size");
            double py = v.optionalNumber(DETECTOR + "y_pixel_size").filter(d -> d > 0).orElse(px);
            double frameTime = positive(v, DETECTOR + "frame_time");
            double countTime = v.optionalNumber(DETECTOR + "count_time").filter(d -> d > 0).orElse(frameTime);
            return new Aps8idiMetadata(energy, distance, px, py, frameTime, countTime);
        }
    }

    private static double positive(H5Values v, String path) throws DataFileException {
        double d = v.number(path);
        if (!(d > 0) || !Double.isFinite(d)) {
            throw new DataFileException(v.file(), path, "the value " + d, "a positive number");
        }
        return d;
    }
}
