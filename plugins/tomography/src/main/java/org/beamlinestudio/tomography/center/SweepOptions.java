package org.beamlinestudio.tomography.center;

import org.beamlinestudio.tomography.recon.ReconstructionGeometry;

/**
 * How much of the problem a centre sweep reconstructs: the sinogram is binned by {@code binning} columns and
 * every {@code angleStride}-th angle is kept, and each slice is the central {@code size × size} pixels (of the
 * binned grid) around the axis. An axis error of δ smears every point into an arc of size ≈ δ wherever it is, so
 * a central region at full resolution shows it as well as the whole slice does.
 *
 * @param binning     detector columns per slice pixel (1 = full resolution)
 * @param angleStride keep every n-th angle
 * @param size        edge of each slice in (binned) pixels
 */
public record SweepOptions(int binning, int angleStride, int size) {

    /**
     * Pixel-angle updates a sweep may cost in all with {@link #auto}: about 2 s of back-projection at 0.5 GUPS,
     * the speed of a plain-Java or PoCL back-projector on two cores.
     */
    public static final double AUTO_BUDGET = 1.0e9;

    public SweepOptions {
        if (binning < 1 || angleStride < 1 || size < 8) {
            throw new IllegalArgumentException("invalid sweep options: binning " + binning + ", angle stride "
                    + angleStride + ", size " + size);
        }
    }

    /** Everything: full resolution, all angles, the geometry's size. */
    public static SweepOptions full(ReconstructionGeometry g) {
        return new SweepOptions(1, 1, g.size());
    }

    /**
     * Options that keep a sweep of {@code candidates} slices within {@link #AUTO_BUDGET}: binned so that a step
     * between candidates is a quarter of a (binned) pixel ({@code binning = ⌊4·step⌋}, at least 1, at most
     * columns/128), a central region and an angle count balanced so the region is sampled without angular
     * aliasing (angles ≈ π/2 · edge; fewer angles put streaks into the region, which the scores then follow:
     * measured on the 2048×1500 benchmark, every 7th angle on a 319² region missed the axis by 0.75 px where
     * every 4th angle on a binned one hit it).
     */
    public static SweepOptions auto(ReconstructionGeometry g, int candidates, double step) {
        int binning = (int) Math.max(1, Math.min(Math.floor(4 * Math.abs(step) + 1e-9), g.columns() / 128.0));
        double perSlice = AUTO_BUDGET / Math.max(1, candidates);
        int size = (int) Math.cbrt(perSlice / (Math.PI / 2));
        size = Math.max(32, Math.min(Math.min(512, size), g.size() / binning));
        double angles = perSlice / ((double) size * size);
        int stride = (int) Math.max(1, Math.ceil(g.nAngles() / Math.max(1, angles)));
        return new SweepOptions(binning, stride, size);
    }
}
