package org.beamlinestudio.xpcs.results;

import org.beamlinestudio.xpcs.io.Aps8idiMetadata;

/**
 * The scalar datasets of an APS result file beside the arrays: the beam centre of the q-map and the acquisition
 * geometry, as the facility's correlator writes them. A NaN centre or a null metadata leaves those out.
 *
 * @param beamCenterX  beam centre column (pixels), {@code /xpcs/qmap/beam_center_x}
 * @param beamCenterY  beam centre row (pixels), {@code /xpcs/qmap/beam_center_y}
 * @param metadata     {@code /entry/instrument/detector_1/{distance, x_pixel_size, y_pixel_size, frame_time,
 *                     count_time}} and {@code /entry/instrument/incident_beam/incident_energy}, or null
 * @param startTime    {@code /entry/start_time} (ISO 8601), or null
 */
public record ResultScalars(double beamCenterX, double beamCenterY, Aps8idiMetadata metadata, String startTime) {

    /** Nothing beyond what the result itself knows (the frame time). */
    public static ResultScalars none() {
        return new ResultScalars(Double.NaN, Double.NaN, null, null);
    }
}
