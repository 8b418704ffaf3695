package org.beamlinestudio.ptychography.sim;

import java.util.SplittableRandom;
import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.recon.ObjectFrame;

/**
 * The simulation's object as a function of position (object pixels from the scan's centre), so it can be drawn in
 * any frame: {@code O = a e^{iφ}} with a 16-spoke Siemens star (radius 60 % of the scan's, edges softened over
 * about a pixel; amplitude −0.3, phase +0.8 rad on the spokes) and five Gaussian blobs (σ 6–16 px, amplitude
 * −0.1…−0.2, phase −0.6…+0.6 rad) at seeded places inside the scan.
 */
public final class SimulatedObject {

    private static final int SPOKES = 16;
    private final double starRadius;
    private final double[] by;
    private final double[] bx;
    private final double[] bs;
    private final double[] ba;
    private final double[] bp;

    private SimulatedObject(double starRadius, double[] by, double[] bx, double[] bs, double[] ba, double[] bp) {
        this.starRadius = starRadius;
        this.by = by;
        this.bx = bx;
        this.bs = bs;
        this.ba = ba;
        this.bp = bp;
    }

    /** Seeded features inside a scan of this radius (object pixels). */
    static SimulatedObject random(double scanRadius, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int nb = 5;
        double[] by = new double[nb];
        double[] bx = new double[nb];
        double[] bs = new double[nb];
        double[] ba = new double[nb];
        double[] bp = new double[nb];
        for (int i = 0; i < nb; i++) {
            double rr = scanRadius * (0.3 + 0.6 * r.nextDouble());
            double t = 2 * Math.PI * r.nextDouble();
            by[i] = rr * Math.sin(t);
            bx[i] = rr * Math.cos(t);
            bs[i] = 6 + 10 * r.nextDouble();
            ba[i] = -(0.1 + 0.1 * r.nextDouble());
            bp[i] = 1.2 * r.nextDouble() - 0.6;
        }
        return new SimulatedObject(Math.max(8, 0.6 * scanRadius), by, bx, bs, ba, bp);
    }

    /** Star radius, object pixels. */
    public double starRadius() {
        return starRadius;
    }

    /** Fraction of the spoke at (dy, dx) from the centre: 1 on a spoke, 0 between, soft over about a pixel. */
    static double spoke(double dy, double dx, double radius) {
        double rr = Math.hypot(dy, dx);
        if (rr >= radius + 2) {
            return 0;
        }
        double t = Math.atan2(dy, dx);
        double edge = rr * Math.sin(SPOKES * t) / SPOKES; // ≈ distance to the nearest spoke edge, pixels
        double s = 0.5 * (1 + Math.tanh(edge / 0.7));
        double fade = 0.5 * (1 - Math.tanh((rr - radius) / 0.7));
        return s * fade;
    }

    /** Complex value at (dy, dx) object pixels from the scan's centre. */
    public double[] value(double dy, double dx) {
        double s = spoke(dy, dx, starRadius);
        double a = 1 - 0.3 * s;
        double p = 0.8 * s;
        for (int i = 0; i < by.length; i++) {
            double d2 = ((dy - by[i]) * (dy - by[i]) + (dx - bx[i]) * (dx - bx[i])) / (2 * bs[i] * bs[i]);
            double g = Math.exp(-d2);
            a += ba[i] * g;
            p += bp[i] * g;
        }
        return new double[] {a * Math.cos(p), a * Math.sin(p)};
    }

    /**
     * The object drawn in {@code frame}; the scan's centre (position 0 m) is at the view centre of a view whose
     * top-left is {@code frame.row(0), frame.column(0)}.
     */
    public ComplexField in(ObjectFrame frame, int viewHeight, int viewWidth) {
        int h = frame.height();
        int w = frame.width();
        float[] d = new float[2 * h * w];
        double cy = frame.row(0) + viewHeight / 2.0;
        double cx = frame.column(0) + viewWidth / 2.0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double[] v = value(y - cy, x - cx);
                d[2 * (y * w + x)] = (float) v[0];
                d[2 * (y * w + x) + 1] = (float) v[1];
            }
        }
        return new ComplexField(h, w, d);
    }
}
