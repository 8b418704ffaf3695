package org.beamlinestudio.tomography.center;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.tomography.phantom.ModifiedSheppLogan;
import org.beamlinestudio.tomography.recon.ReconstructionGeometry;
import org.beamlinestudio.tomography.recon.Reconstructor;

/**
 * Timing entry points for {@code studio bench tomography}: each makes the analytic modified Shepp–Logan
 * sinogram ({@code angles} over a half turn, {@code cols} columns, axis at {@code cols/2 + 7.25}, untimed), runs
 * the method {@code repeats} times and reports the best and median wall time and the answer.
 */
public final class CenterBench {

    /** Offset of the benchmark's axis from the detector middle, in columns. */
    public static final double AXIS_OFFSET = 7.25;

    /**
     * One timing.
     *
     * @param what    the method and problem size
     * @param best    fastest run in seconds
     * @param median  median run in seconds
     * @param truth   the axis of the synthetic sinogram
     * @param found   the method's answer (for a sweep, the best-scoring candidate)
     */
    public record Timing(String what, double best, double median, double truth, double found) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: best %.3f s, median %.3f s; axis %.2f, found %.2f", what, best,
                    median, truth, found);
        }
    }

    private CenterBench() {
    }

    /** The benchmark's sinogram geometry. */
    public static ReconstructionGeometry geometry(int cols, int angles) {
        return ReconstructionGeometry.halfTurn(angles, cols).withCenter(cols / 2.0 + AXIS_OFFSET)
                .withSize(cols - 32);
    }

    /** Vo's method with default options. */
    public static Timing vo(int cols, int angles, int repeats) {
        ReconstructionGeometry g = geometry(cols, angles);
        float[] sino = ModifiedSheppLogan.sinogram(g);
        double[] t = new double[repeats];
        double found = 0;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            found = CenterFinders.vo(sino, angles, cols, g.angles()).center();
            t[r] = (System.nanoTime() - t0) * 1e-9;
        }
        return timing("vo " + cols + "x" + angles, t, g.center(), found);
    }

    /** The phase-correlation estimate. */
    public static Timing phaseCorrelation(int cols, int angles, int repeats) {
        ReconstructionGeometry g = geometry(cols, angles);
        float[] sino = ModifiedSheppLogan.sinogram(g);
        double[] t = new double[repeats];
        double found = 0;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            found = CenterFinders.phaseCorrelation(sino, angles, cols, g.angles()).center();
            t[r] = (System.nanoTime() - t0) * 1e-9;
        }
        return timing("pc " + cols + "x" + angles, t, g.center(), found);
    }

    /**
     * The offset-axis (half-acquisition) search on a full turn of {@code angles} with the axis
     * {@code cols/10} columns in from the right edge.
     */
    public static Timing halfAcquisition(int cols, int angles, int repeats) {
        double[] a = new double[angles];
        for (int k = 0; k < angles; k++) {
            a[k] = k * 2 * Math.PI / angles;
        }
        double center = cols - 1 - cols / 10.0 + 0.25;
        ReconstructionGeometry g = new ReconstructionGeometry(a, cols, center, 2 * (int) Math.ceil(center) + 2);
        float[] sino = ModifiedSheppLogan.sinogram(g);
        double[] t = new double[repeats];
        double found = 0;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            found = CenterFinders.find(sino, angles, cols, a, AcquisitionMode.OFFSET_AXIS_FULL_TURN).center();
            t[r] = (System.nanoTime() - t0) * 1e-9;
        }
        return timing("half-acquisition " + cols + "x" + angles + " (full turn)", t, center, found);
    }

    /**
     * A sweep of {@code candidates} centres 0.5 px apart around the true axis with {@link SweepOptions#auto}
     * and the entropy score, through {@code reconstructor} (e.g. {@code recon.FbpReconstructor}).
     */
    public static Timing sweep(Reconstructor reconstructor, int cols, int angles, int candidates, int repeats)
            throws Cancellation.CancelledException {
        ReconstructionGeometry g = geometry(cols, angles);
        float[] sino = ModifiedSheppLogan.sinogram(g);
        double[] cand = CenterSweep.candidates(g.center() + 0.25, candidates, 0.5);
        SweepOptions o = SweepOptions.auto(g, candidates, 0.5);
        double[] t = new double[repeats];
        double found = 0;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            List<SweepResult> res = CenterSweep.run(sino, g, cand, o, SweepScore.ENTROPY, reconstructor,
                    Progress.NONE, new Cancellation());
            t[r] = (System.nanoTime() - t0) * 1e-9;
            found = CenterSweep.best(res, SweepScore.ENTROPY).center();
        }
        return timing(String.format(Locale.ROOT, "sweep %d centres %dx%d on %s (binning %d, every %d angles, %d² px)",
                candidates, cols, angles, reconstructor.deviceId(), o.binning(), o.angleStride(), o.size()), t,
                g.center(), found);
    }

    private static Timing timing(String what, double[] t, double truth, double found) {
        double[] s = t.clone();
        Arrays.sort(s);
        return new Timing(what, s[0], s[s.length / 2], truth, found);
    }

    /** {@code java -cp … CenterBench [cols] [angles] [repeats]}: Vo, phase correlation, half acquisition. */
    public static void main(String[] args) {
        int cols = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        int angles = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.println(vo(cols, angles, repeats));
        System.out.println(phaseCorrelation(cols, angles, repeats));
        System.out.println(halfAcquisition(cols, angles, repeats));
    }
}
