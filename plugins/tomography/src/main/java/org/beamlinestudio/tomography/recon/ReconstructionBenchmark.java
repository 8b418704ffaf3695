package org.beamlinestudio.tomography.recon;

import java.util.Arrays;
import java.util.Locale;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.tomography.phantom.ModifiedSheppLogan;
import org.beamlinestudio.tomography.phantom.ReconstructionQuality;

/**
 * Timed reconstructions of the analytic modified Shepp–Logan, with the peer benchmark's quality
 * metrics, for {@code studio bench tomography} and for people: wall and CPU seconds per slice (CPU
 * = the summed thread CPU time of the reconstruction's workers, from {@code ThreadMXBean}), RMSE and
 * SSIM against the phantom. Phantom and sinogram are made once, outside the timing; each call makes
 * a fresh reconstructor, runs once untimed (JIT warm-up, plan building) and keeps the best of
 * {@code repeats} timed runs, so plans are amortised as in a real multi-slab run.
 */
public final class ReconstructionBenchmark {

    private ReconstructionBenchmark() {
    }

    /**
     * One benchmark figure.
     *
     * @param method             e.g. {@code fourier}
     * @param size               image edge = detector columns
     * @param angles             projections over a half turn
     * @param slices             slices per timed run (the same sinogram repeated)
     * @param wallSecondsPerSlice best wall time per slice
     * @param cpuSecondsPerSlice  CPU time per slice of that run (all worker threads)
     * @param rmse               raw RMSE inside the 95 % disk
     * @param ssim               SSIM of the aligned image
     * @param meanRatio          mean intensity ratio (1 = no scale error)
     * @param shiftY             best alignment shift along rows (0 = none)
     * @param shiftX             best alignment shift along columns
     */
    public record Result(String method, int size, int angles, int slices, double wallSecondsPerSlice,
                         double cpuSecondsPerSlice, double rmse, double ssim, double meanRatio, double shiftY,
                         double shiftX) {

        /** GUPS: voxel updates (size² · angles) per second, in 1e9. */
        public double gups() {
            return (double) size * size * angles / wallSecondsPerSlice / 1e9;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %d²×%d, %d slices: %.3f s/slice wall, %.3f CPU-s/slice, "
                            + "%.2f GUPS; RMSE %.4f, SSIM %.4f, mean ratio %.4f, shift (%.1f, %.1f)",
                    method, size, angles, slices, wallSecondsPerSlice, cpuSecondsPerSlice, gups(), rmse, ssim,
                    meanRatio, shiftY, shiftX);
        }
    }

    /**
     * Benchmarks {@link FourierReconstructor} (Ram-Lak) on an {@code n}-column, {@code nAngles}
     * sinogram repeated over {@code slices} slices, with {@code threads} workers.
     */
    public static Result fourier(int n, int nAngles, int slices, int threads, int repeats)
            throws Cancellation.CancelledException {
        float[] one = ModifiedSheppLogan.sinogram(n, nAngles);
        float[] slab = new float[one.length * slices];
        for (int s = 0; s < slices; s++) {
            System.arraycopy(one, 0, slab, s * one.length, one.length);
        }
        ReconstructionGeometry g = ReconstructionGeometry.halfTurn(nAngles, n);
        try (FourierReconstructor r = new FourierReconstructor("ram-lak", threads)) {
            float[] rec = r.reconstruct(slab, slices, g, Progress.NONE, new Cancellation());
            double bestWall = Double.POSITIVE_INFINITY;
            double cpu = 0;
            for (int k = 0; k < Math.max(1, repeats); k++) {
                long t0 = System.nanoTime();
                rec = r.reconstruct(slab, slices, g, Progress.NONE, new Cancellation());
                double wall = (System.nanoTime() - t0) / 1e9;
                if (wall < bestWall) {
                    bestWall = wall;
                    cpu = r.lastCpuNanos() / 1e9;
                }
            }
            ReconstructionQuality q = ReconstructionQuality.of(Arrays.copyOf(rec, n * n), ModifiedSheppLogan.image(n, 4), n);
            return new Result("fourier", n, nAngles, slices, bestWall / slices, cpu / slices, q.rmse(), q.ssim(),
                    q.meanRatio(), q.shiftY(), q.shiftX());
        }
    }

    /**
     * {@code java ... ReconstructionBenchmark [n nAngles slices threads repeats]}; defaults
     * 2048 1500 4 (all processors) 3.
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        int na = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
        int slices = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        System.out.println(fourier(n, na, slices, threads, repeats));
    }
}
