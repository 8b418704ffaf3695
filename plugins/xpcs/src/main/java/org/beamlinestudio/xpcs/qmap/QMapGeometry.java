package org.beamlinestudio.xpcs.qmap;

/**
 * Per-pixel |q| (Å⁻¹) and azimuth φ (degrees, atan2 of −row and column offsets from the beam, so 0 = +column and
 * 90 = up on the screen, in [−180, 180)) from a {@link DetectorGeometry}, and their partition into a {@link QMap}.
 */
public final class QMapGeometry {

    private QMapGeometry() {
    }

    /** |q| per pixel, {@code height × width} C order, Å⁻¹. */
    public static double[] qMagnitude(DetectorGeometry g, int width, int height) {
        double[] q = new double[width * height];
        double k = 4 * Math.PI / g.wavelengthAngstrom();
        double[] p = new double[3];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                position(g, r, c, p);
                // atan2 rather than acos(z/|p|): acos loses digits at the small angles of SAXS.
                double twoTheta = Math.atan2(Math.hypot(p[0], p[1]), p[2]);
                q[r * width + c] = k * Math.sin(twoTheta / 2);
            }
        }
        return q;
    }

    /** Azimuth φ per pixel (degrees), {@code height × width} C order. */
    public static double[] azimuth(DetectorGeometry g, int width, int height) {
        double[] phi = new double[width * height];
        double[] p = new double[3];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                position(g, r, c, p);
                double a = Math.toDegrees(Math.atan2(-p[1], p[0]));
                phi[r * width + c] = a >= 180 ? a - 360 : a;
            }
        }
        return phi;
    }

    /** Lab position (m) of a pixel centre: x along columns, y along rows, z along the beam. */
    private static void position(DetectorGeometry g, int row, int col, double[] out) {
        double x = (col - g.beamCenterX()) * g.pixelSizeXM();
        double y = (row - g.beamCenterY()) * g.pixelSizeYM();
        double z = 0;
        if (g.tiltDeg() != 0) {
            // Rodrigues rotation of the in-plane vector about the in-plane tilt axis u = (cos a, sin a, 0).
            double a = Math.toRadians(g.tiltAxisDeg());
            double t = Math.toRadians(g.tiltDeg());
            double ux = Math.cos(a);
            double uy = Math.sin(a);
            double dot = ux * x + uy * y;
            double cos = Math.cos(t);
            double sin = Math.sin(t);
            // u × v for v = (x, y, 0) is (0, 0, ux·y − uy·x).
            double cz = ux * y - uy * x;
            double nx = x * cos + ux * dot * (1 - cos);
            double ny = y * cos + uy * dot * (1 - cos);
            double nz = cz * sin;
            x = nx;
            y = ny;
            z = nz;
        }
        out[0] = x;
        out[1] = y;
        out[2] = g.distanceM() + z;
    }

    /**
     * Bins pixels: dynamic bin = q ring × φ sector, numbered q-major from 1 (bin = qIndex·sectors + phiIndex + 1),
     * static bins the same over the finer cuts; pixels outside the q range or not {@code valid} get 0. Each bin's
     * q is the centre of its q edges (geometric centre with log spacing), its φ the centre of its sector.
     *
     * @param valid pixels to use ({@code true}), or null for all
     */
    public static QMap partition(double[] q, double[] phi, int width, int height, boolean[] valid, PartitionSpec s) {
        int n = width * height;
        if (q.length != n || phi.length != n || (valid != null && valid.length != n)) {
            throw new IllegalArgumentException("q, φ and mask must have " + width + "×" + height + " values");
        }
        int nsq = s.dynamicQ() * s.staticPerDynamic();
        int nsp = s.phiSectors() * s.staticPhiPerSector();
        double[] staticEdges = edges(s.qMin(), s.qMax(), nsq, s.logSpacing());
        int[] dyn = new int[n];
        int[] stat = new int[n];
        for (int i = 0; i < n; i++) {
            if ((valid != null && !valid[i]) || !(q[i] >= s.qMin()) || !(q[i] < s.qMax())) {
                continue;
            }
            int sq = locate(staticEdges, q[i]);
            double turn = ((phi[i] - s.phiStartDeg()) % 360 + 360) % 360;
            int sp = Math.min(nsp - 1, (int) (turn / 360 * nsp));
            int dq = sq / s.staticPerDynamic();
            int dp = sp / s.staticPhiPerSector();
            dyn[i] = dq * s.phiSectors() + dp + 1;
            stat[i] = sq * nsp + sp + 1;
        }
        double[] dynEdges = edges(s.qMin(), s.qMax(), s.dynamicQ(), s.logSpacing());
        return new QMap(width, height, dyn, stat,
                centres(dynEdges, s.phiSectors(), s.logSpacing()),
                phiCentres(s.dynamicQ(), s.phiSectors(), s.phiStartDeg()),
                centres(staticEdges, nsp, s.logSpacing()), phiCentres(nsq, nsp, s.phiStartDeg()));
    }

    static double[] edges(double lo, double hi, int bins, boolean log) {
        double[] e = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            e[i] = log ? lo * Math.pow(hi / lo, (double) i / bins) : lo + (hi - lo) * i / bins;
        }
        e[bins] = hi;
        return e;
    }

    /** Index of the interval [e[k], e[k+1]) holding v (v inside [e[0], e[last])). */
    private static int locate(double[] e, double v) {
        int lo = 0;
        int hi = e.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (e[mid] <= v) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static double[] centres(double[] e, int sectors, boolean log) {
        int bins = e.length - 1;
        double[] c = new double[bins * sectors];
        for (int b = 0; b < bins; b++) {
            double v = log ? Math.sqrt(e[b] * e[b + 1]) : (e[b] + e[b + 1]) / 2;
            for (int p = 0; p < sectors; p++) {
                c[b * sectors + p] = v;
            }
        }
        return c;
    }

    private static double[] phiCentres(int qBins, int sectors, double start) {
        double[] c = new double[qBins * sectors];
        for (int b = 0; b < qBins; b++) {
            for (int p = 0; p < sectors; p++) {
                double v = start + (p + 0.5) * 360.0 / sectors;
                v = ((v + 180) % 360 + 360) % 360 - 180;
                c[b * sectors + p] = sectors == 1 ? 0 : v;
            }
        }
        return c;
    }
}
