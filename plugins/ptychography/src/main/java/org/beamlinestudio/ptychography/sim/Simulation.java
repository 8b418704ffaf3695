package org.beamlinestudio.ptychography.sim;

import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.data.PtychoScan;
import org.beamlinestudio.ptychography.recon.ObjectFrame;

/**
 * A simulated scan with its truth.
 *
 * @param scan the patterns and recorded positions, as a reader would give them
 * @param object the true object (draw it in a reconstruction's frame with {@link #objectIn})
 * @param probe the true probe, pattern-sized, photon-scaled
 * @param positionY true sample positions, metres (equal to the scan's unless displaced)
 * @param positionX same, horizontal
 * @param spec what was simulated
 */
public record Simulation(PtychoScan scan, SimulatedObject object, ComplexField probe, double[] positionY,
        double[] positionX, PtychoSimulator.Spec spec) {

    /** The true object drawn in {@code frame}. */
    public ComplexField objectIn(ObjectFrame frame) {
        return object.in(frame, scan.height(), scan.width());
    }

    /**
     * Object pixels of {@code frame} lit by the true probe at the true positions with at least {@code fraction} of
     * the peak of {@code Σ_n |P(r − p_n)|²}.
     */
    public boolean[] illuminated(ObjectFrame frame, double fraction) {
        int h = scan.height();
        int w = scan.width();
        int oh = frame.height();
        int ow = frame.width();
        double[] sum = new double[oh * ow];
        for (int i = 0; i < scan.count(); i++) {
            int y0 = (int) Math.round(frame.row(positionY[i]));
            int x0 = (int) Math.round(frame.column(positionX[i]));
            for (int y = 0; y < h; y++) {
                int oy = y0 + y;
                if (oy < 0 || oy >= oh) {
                    continue;
                }
                for (int x = 0; x < w; x++) {
                    int ox = x0 + x;
                    if (ox >= 0 && ox < ow) {
                        sum[oy * ow + ox] += probe.intensity(y, x);
                    }
                }
            }
        }
        double max = 0;
        for (double v : sum) {
            max = Math.max(max, v);
        }
        boolean[] lit = new boolean[oh * ow];
        for (int i = 0; i < lit.length; i++) {
            lit[i] = sum[i] >= fraction * max;
        }
        return lit;
    }

    /** The same patterns with other recorded positions (metres), e.g. to test position refinement. */
    public PtychoScan withRecordedPositions(double[] y, double[] x) {
        return new PtychoScan(scan.source(), scan.datasetPath(), scan.count(), scan.height(), scan.width(),
                scan.intensities(), scan.mask(), y.clone(), x.clone(), scan.wavelength(), scan.distance(),
                scan.detectorPixelY(), scan.detectorPixelX(), scan.initialProbe());
    }

    /** The object pixel size, metres. */
    public double pixelSize() {
        return scan.objectPixelSize()[0];
    }
}
