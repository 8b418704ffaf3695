package org.beamlinestudio.tomography.center;

import java.util.ArrayList;
import java.util.List;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.tomography.recon.ReconstructionGeometry;
import org.beamlinestudio.tomography.recon.Reconstructor;

/**
 * The multi-centre sweep of the interactive centre tool: one slice per candidate axis position, each labelled
 * with exactly the candidate it was reconstructed with and scored by a {@link SweepScore}. Reconstruction goes
 * through any {@link Reconstructor}; one that is also a {@link MultiCenterReconstructor} is asked for all
 * centres at once (filter once, back-project per centre).
 */
public final class CenterSweep {

    private CenterSweep() {
    }

    /** {@code count} candidates {@code step} apart, centred on {@code estimate}. */
    public static double[] candidates(double estimate, int count, double step) {
        double[] c = new double[count];
        for (int i = 0; i < count; i++) {
            c[i] = estimate + (i - (count - 1) / 2.0) * step;
        }
        return c;
    }

    /** A sweep with {@link SweepOptions#auto} and {@link SweepScore#ENTROPY}. */
    public static List<SweepResult> run(float[] sinogram, ReconstructionGeometry geometry, double[] candidates,
                                        Reconstructor reconstructor, Progress progress, Cancellation cancel)
            throws Cancellation.CancelledException {
        double step = candidates.length > 1 ? Math.abs(candidates[1] - candidates[0]) : 1;
        return run(sinogram, geometry, candidates, SweepOptions.auto(geometry, candidates.length, step),
                SweepScore.ENTROPY, reconstructor, progress, cancel);
    }

    /**
     * Reconstructs one slice per candidate.
     *
     * @param sinogram   {@code angles × columns} of {@code geometry}, normalised and −log (not modified)
     * @param geometry   the full-resolution geometry (its centre is ignored)
     * @param candidates axis positions in full-resolution columns
     * @return one result per candidate, in the candidates' order
     */
    public static List<SweepResult> run(float[] sinogram, ReconstructionGeometry geometry, double[] candidates,
                                        SweepOptions options, SweepScore score, Reconstructor reconstructor,
                                        Progress progress, Cancellation cancel) throws Cancellation.CancelledException {
        if (candidates.length == 0) {
            return List.of();
        }
        int nA = geometry.nAngles();
        int nC = geometry.columns();
        if (sinogram.length < (long) nA * nC) {
            throw new IllegalArgumentException("sinogram of " + sinogram.length + " values is not " + nA + " × " + nC);
        }
        int b = options.binning();
        int stride = options.angleStride();
        int rows = (nA + stride - 1) / stride;
        int cols = nC / b;
        double[] angles = new double[rows];
        float[] reduced = new float[rows * cols];
        // the mean of b columns, in lengths of the binned pixel (b full pixels): the slices keep the
        // full-resolution values (attenuation per full pixel length)
        float norm = 1f / (b * (float) b);
        for (int r = 0; r < rows; r++) {
            int src = r * stride;
            angles[r] = geometry.angles()[src];
            for (int c = 0; c < cols; c++) {
                float s = 0;
                for (int d = 0; d < b; d++) {
                    s += sinogram[src * nC + c * b + d];
                }
                reduced[r * cols + c] = s * norm;
            }
        }
        int size = options.size();
        ReconstructionGeometry g = new ReconstructionGeometry(angles, cols, reducedCenter(candidates[0], b), size);
        double[] reducedCenters = new double[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            reducedCenters[i] = reducedCenter(candidates[i], b);
        }
        float[][] slices = new float[candidates.length][];
        Progress recon = progress.sub(0, 0.95);
        if (reconstructor instanceof MultiCenterReconstructor) {
            float[] all = ((MultiCenterReconstructor) reconstructor).reconstructCenters(reduced, g, reducedCenters,
                    recon, cancel);
            for (int i = 0; i < candidates.length; i++) {
                slices[i] = java.util.Arrays.copyOfRange(all, i * size * size, (i + 1) * size * size);
            }
        } else {
            for (int i = 0; i < candidates.length; i++) {
                cancel.check();
                recon.update((double) i / candidates.length, String.format(java.util.Locale.ROOT,
                        "Reconstructing with centre %.2f (%d/%d)", candidates[i], i + 1, candidates.length));
                slices[i] = reconstructor.reconstruct(reduced, 1, g.withCenter(reducedCenters[i]), Progress.NONE,
                        cancel);
            }
        }
        cancel.check();
        progress.update(0.95, "Scoring the slices");
        double[] range = SweepScore.range(slices[candidates.length / 2], size);
        List<SweepResult> out = new ArrayList<>(candidates.length);
        for (int i = 0; i < candidates.length; i++) {
            out.add(new SweepResult(candidates[i], score.score(slices[i], size, range), slices[i], size, b));
        }
        progress.update(1, "Centre sweep done");
        return out;
    }

    /** The result with the best score. */
    public static SweepResult best(List<SweepResult> results, SweepScore score) {
        SweepResult best = null;
        for (SweepResult r : results) {
            if (best == null || score.better(r.score(), best.score())) {
                best = r;
            }
        }
        return best;
    }

    /** Column of the binned detector where a full-resolution column falls (binned column q covers bq … bq+b−1). */
    static double reducedCenter(double center, int binning) {
        return (center - (binning - 1) / 2.0) / binning;
    }
}
