package org.beamlinestudio.tomography.recon;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import org.beamlinestudio.core.JvmFacts;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.tomography.phantom.ModifiedSheppLogan;
import org.beamlinestudio.tomography.phantom.ReconstructionQuality;

/**
 * Times filtered back-projection on the analytic modified Shepp–Logan phantom, as the peer
 * benchmark ({@code shared/bench/tomography/peer_bench.py}) times silx: GUPS = N²·angles / seconds
 * per slice / 10⁹, filtering and host↔device transfers included, with the raw RMSE and SSIM against
 * the phantom inside the 95 % disk. Run it with
 * {@code java -cp … org.beamlinestudio.tomography.recon.FbpBenchmark 1024 1024 auto 4}.
 */
public final class FbpBenchmark {

    private FbpBenchmark() {
    }

    /**
     * One measurement.
     *
     * @param n              slice edge (px) and detector columns
     * @param angles         projections over a half turn
     * @param device         the device that ran it ({@code java} or an OpenCL id)
     * @param slices         slices per reconstruct call (the same sinogram repeated)
     * @param secondsPerSlice best wall time of {@code repeats} timed calls, divided by slices
     * @param gups           N²·angles / secondsPerSlice / 10⁹
     * @param cpuSecondsPerSlice process CPU time per slice over the best call
     * @param rmse           raw RMSE against the phantom (4×4 supersampled) in the 95 % disk
     * @param ssim           SSIM of the scaled, aligned image, as the peers compute it
     * @param meanRatio      mean of the reconstruction over the mean of the truth
     * @param peakHeapBytes  the largest heap-pool use seen (all heap pools' peaks summed)
     */
    public record Result(int n, int angles, String device, int slices, double secondsPerSlice, double gups,
                         double cpuSecondsPerSlice, double rmse, double ssim, double meanRatio, long peakHeapBytes) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "FBP %d²×%d on %s, %d slice(s)/call: %.3f s/slice, %.2f GUPS, "
                    + "%.2f CPU-s/slice, RMSE %.4f, SSIM %.4f, mean ratio %.4f, peak heap %d MiB", n, angles, device,
                    slices, secondsPerSlice, gups, cpuSecondsPerSlice, rmse, ssim, meanRatio, peakHeapBytes >> 20);
        }
    }

    /** Ram-Lak, one warm-up and 3 timed calls. */
    public static Result run(int n, int nAngles, String device, int slices) {
        return run(n, nAngles, device, slices, RampFilter.RAM_LAK_TAPER, 3);
    }

    /** Reconstructs {@code slices} copies of the phantom's sinogram per call; best of {@code repeats}. */
    public static Result run(int n, int nAngles, String device, int slices, RampFilter filter, int repeats) {
        ReconstructionGeometry g = ReconstructionGeometry.halfTurn(nAngles, n);
        float[] one = ModifiedSheppLogan.sinogram(g);
        float[] sinos = new float[one.length * slices];
        for (int s = 0; s < slices; s++) {
            System.arraycopy(one, 0, sinos, s * one.length, one.length);
        }
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        try (FbpReconstructor r = FbpReconstructor.forDevice(device, filter)) {
            float[] rec = null;
            double best = Double.POSITIVE_INFINITY;
            double bestCpu = 0;
            Cancellation cancel = new Cancellation();
            for (int rep = -1; rep < repeats; rep++) {
                long cpu0 = JvmFacts.processCpuNanos();
                long t0 = System.nanoTime();
                rec = r.reconstruct(sinos, slices, g, Progress.NONE, cancel);
                double t = (System.nanoTime() - t0) / 1e9;
                double cpu = (JvmFacts.processCpuNanos() - cpu0) / 1e9;
                if (rep >= 0 && t < best) {
                    best = t;
                    bestCpu = cpu;
                }
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            float[] first = java.util.Arrays.copyOf(rec, n * n);
            ReconstructionQuality q = ReconstructionQuality.of(first, ModifiedSheppLogan.image(n, 4), n);
            double perSlice = best / slices;
            return new Result(n, nAngles, r.deviceId(), slices, perSlice, (double) n * n * nAngles / perSlice / 1e9,
                    bestCpu / slices, q.rmse(), q.ssim(), q.meanRatio(), peak);
        } catch (Cancellation.CancelledException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code FbpBenchmark N ANGLES [DEVICE=auto] [SLICES=1] [REPEATS=3]}, one line of results. */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: FbpBenchmark N ANGLES [device=auto|java|opencl:p:d] [slices=1] [repeats=3]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        int angles = Integer.parseInt(args[1]);
        String device = args.length > 2 ? args[2] : "auto";
        int slices = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        System.out.println(run(n, angles, device, slices, RampFilter.RAM_LAK_TAPER, repeats));
    }
}
