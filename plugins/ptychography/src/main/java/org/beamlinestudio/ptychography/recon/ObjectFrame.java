package org.beamlinestudio.ptychography.recon;

import org.beamlinestudio.ptychography.data.PtychoScan;

/**
 * Where the object array lies relative to the scan: object pixel size, the array's size, and the map from a sample
 * position in metres to the top-left corner of its view in object pixels. The smallest position sits {@code margin}
 * pixels from the array's edge, so refined positions and trial shifts stay inside.
 *
 * @param height object rows
 * @param width object columns
 * @param margin free pixels around the scanned area
 * @param pixelY object pixel height, metres
 * @param pixelX object pixel width, metres
 * @param minY smallest position / pixel height, pixels
 * @param minX smallest position / pixel width, pixels
 */
public record ObjectFrame(int height, int width, int margin, double pixelY, double pixelX, double minY, double minX) {

    /** The margin the engines use for these options: room for the largest position correction plus a trial step. */
    public static int marginFor(ReconstructionOptions options) {
        return Math.max(8, (int) Math.ceil(options.maxPositionShift()) + 3);
    }

    /** The frame of a scan with this margin. */
    public static ObjectFrame of(PtychoScan scan, int margin) {
        double[] ps = scan.objectPixelSize();
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < scan.count(); i++) {
            double y = scan.positionY()[i] / ps[0];
            double x = scan.positionX()[i] / ps[1];
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
        }
        int h = (int) Math.ceil(maxY - minY) + scan.height() + 2 * margin + 1;
        int w = (int) Math.ceil(maxX - minX) + scan.width() + 2 * margin + 1;
        if ((long) h * w > 200_000_000L) {
            throw new IllegalArgumentException("The scan of " + scan.source() + " spans " + h + " x " + w
                    + " object pixels of " + ps[0] + " m: check the positions' units and the geometry");
        }
        return new ObjectFrame(h, w, margin, ps[0], ps[1], minY, minX);
    }

    /** Top-left row of the view of a sample at {@code yMetres}, object pixels. */
    public double row(double yMetres) {
        return yMetres / pixelY - minY + margin;
    }

    /** Top-left column of the view of a sample at {@code xMetres}, object pixels. */
    public double column(double xMetres) {
        return xMetres / pixelX - minX + margin;
    }
}
