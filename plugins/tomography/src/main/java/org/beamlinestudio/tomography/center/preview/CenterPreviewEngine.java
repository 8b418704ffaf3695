package org.beamlinestudio.tomography.center.preview;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.tomography.center.CenterSweep;
import org.beamlinestudio.tomography.center.Sinogram;
import org.beamlinestudio.tomography.center.SweepOptions;
import org.beamlinestudio.tomography.center.SweepResult;
import org.beamlinestudio.tomography.center.SweepScore;
import org.beamlinestudio.tomography.recon.FbpReconstructor;
import org.beamlinestudio.tomography.recon.RampFilter;
import org.beamlinestudio.tomography.recon.ReconstructionGeometry;

/**
 * The compute behind the interactive center tool for one sinogram: single preview slices at any axis position,
 * binned so that a preview fits a time budget on the device it runs on (the speed is measured on every run), and
 * the gallery of candidate centers. Previews and the gallery use separate reconstructors, so a running gallery
 * does not hold up the slider's previews; each is used by one thread at a time. Free of UI.
 */
public final class CenterPreviewEngine implements AutoCloseable {

    /** What one binned preview may cost while the slider moves: 100 ms. */
    public static final double BINNED_BUDGET_S = 0.100;
    /** What the full-resolution preview after a release may cost: 1 s (more angles follow when it needs them). */
    public static final double FULL_BUDGET_S = 1.0;
    /** What the gallery may cost in all: 2 s. */
    public static final double GALLERY_BUDGET_S = 2.0;
    /** Share of a budget a prediction may use: the measured speed varies with the load of the machine. */
    static final double MARGIN = 0.8;
    /** Most angles a full-resolution preview may skip to meet {@link #FULL_BUDGET_S} (every n-th kept). */
    static final int MAX_FULL_STRIDE = 4;
    /** The gallery's ranking: entropy of the slice's histogram (lower is sharper). */
    public static final SweepScore GALLERY_SCORE = SweepScore.ENTROPY;
    /** Fewest angles a binned preview keeps, so streaks do not hide the arcs of a wrong center. */
    static final int MIN_ANGLES = 90;
    /** Largest binning tried. */
    static final int MAX_BINNING = 16;

    private final Sinogram sinogram;
    private final ReconstructionGeometry geometry;
    private final Supplier<FbpReconstructor> factory;
    private final Object previewLock = new Object();
    private final Object galleryLock = new Object();
    private final Map<PreviewReduction, Reduced> reduced = new HashMap<>();
    private FbpReconstructor previewReconstructor;
    private FbpReconstructor galleryReconstructor;
    /** Measured seconds per pixel-angle update of the preview reconstructor; NaN until the first preview. */
    private volatile double secondsPerUpdate = Double.NaN;

    /** An engine on {@code sinogram} whose slices are as wide as the detector, reconstructed by {@code factory}'s. */
    public CenterPreviewEngine(Sinogram sinogram, Supplier<FbpReconstructor> factory) {
        this.sinogram = sinogram;
        this.geometry = new ReconstructionGeometry(sinogram.angles(), sinogram.nCols(), sinogram.nCols() / 2.0,
                sinogram.nCols());
        this.factory = factory;
    }

    /**
     * An engine reconstructing on the device of {@code devicePreference} ({@code auto}, {@code java} or an
     * OpenCL device id, as {@code ExecutionSettings.compute()}) with {@code filter}; plain Java when OpenCL fails.
     */
    public static CenterPreviewEngine forDevice(Sinogram sinogram, String devicePreference, RampFilter filter) {
        return new CenterPreviewEngine(sinogram, () -> FbpReconstructor.forDevice(devicePreference, filter));
    }

    /** The sinogram the previews reconstruct from. */
    public Sinogram sinogram() {
        return sinogram;
    }

    /** The device the previews run on ({@code java} or an OpenCL device id); creates the reconstructor. */
    public String deviceId() {
        synchronized (previewLock) {
            return previewReconstructor().deviceId();
        }
    }

    /**
     * The slice reconstructed with axis {@code center} (full-resolution columns) from the sinogram reduced by
     * {@code reduction}; the slice is the detector's width divided by the binning.
     */
    public PreviewSlice preview(double center, PreviewReduction reduction, Cancellation cancel)
            throws Cancellation.CancelledException {
        synchronized (previewLock) {
            cancel.check();
            long t0 = System.nanoTime();
            Reduced r = reduced(reduction);
            ReconstructionGeometry g = new ReconstructionGeometry(r.angles, r.columns,
                    reducedCenter(center, reduction.binning()), r.columns);
            FbpReconstructor rec = previewReconstructor();
            float[] slice = rec.reconstruct(r.data, 1, g, Progress.NONE, cancel);
            long nanos = System.nanoTime() - t0;
            double updates = reduction.updates(sinogram.nCols(), sinogram.nAngles());
            // Slices under ~100 k updates are dominated by fixed costs: they would over-estimate the cost per update.
            if (updates >= 1e5) {
                double measured = nanos * 1e-9 / updates;
                double previous = secondsPerUpdate;
                secondsPerUpdate = Double.isNaN(previous) ? measured : 0.5 * previous + 0.5 * measured;
            }
            return new PreviewSlice(center, reduction.binning(), reduction.angleStride(), slice, r.columns, nanos,
                    rec.deviceId());
        }
    }

    /**
     * The least reduction whose preview is predicted to take at most {@code budgetSeconds} at the speed measured
     * so far (bins columns and angles alike, keeping at least {@value #MIN_ANGLES} angles). Measures first, with
     * a coarse preview, when nothing has been measured yet.
     */
    public PreviewReduction reductionFor(double budgetSeconds, Cancellation cancel)
            throws Cancellation.CancelledException {
        if (Double.isNaN(secondsPerUpdate)) {
            calibrate(cancel);
        }
        return reductionFor(budgetSeconds, secondsPerUpdate, sinogram.nCols(), sinogram.nAngles());
    }

    /** The reduction rule of {@link #reductionFor(double, Cancellation)} at a given speed. */
    static PreviewReduction reductionFor(double budgetSeconds, double secondsPerUpdate, int columns, int angles) {
        for (int b = 1; b <= MAX_BINNING; b++) {
            int stride = Math.max(1, Math.min(b, angles / MIN_ANGLES));
            PreviewReduction r = new PreviewReduction(b, stride);
            if (columns / b < 32 || r.updates(columns, angles) * secondsPerUpdate <= MARGIN * budgetSeconds) {
                return r;
            }
        }
        return new PreviewReduction(MAX_BINNING, Math.max(1, Math.min(MAX_BINNING, angles / MIN_ANGLES)));
    }

    /**
     * The full-resolution preview that fits {@code budgetSeconds} at the measured speed: every column, and all
     * angles when they fit, else every 2nd, 3rd or {@value #MAX_FULL_STRIDE}th angle (the pixel size, which is what
     * shows a wrong center, stays the detector's; the exact slice can follow with {@link PreviewReduction#FULL}).
     */
    public PreviewReduction fullResolutionFor(double budgetSeconds) {
        return fullResolutionFor(budgetSeconds, secondsPerUpdate, sinogram.nCols(), sinogram.nAngles());
    }

    static PreviewReduction fullResolutionFor(double budgetSeconds, double secondsPerUpdate, int columns, int angles) {
        if (Double.isNaN(secondsPerUpdate)) {
            return PreviewReduction.FULL;
        }
        for (int s = 1; s < MAX_FULL_STRIDE; s++) {
            PreviewReduction r = new PreviewReduction(1, s);
            if (angles / s < MIN_ANGLES || r.updates(columns, angles) * secondsPerUpdate <= MARGIN * budgetSeconds) {
                return r;
            }
        }
        return new PreviewReduction(1, Math.max(1, Math.min(MAX_FULL_STRIDE, angles / MIN_ANGLES)));
    }

    /** Seconds per pixel-angle update measured so far on the preview device, NaN before the first preview. */
    public double secondsPerUpdate() {
        return secondsPerUpdate;
    }

    /**
     * Measures the device's speed with two previews at a binning of about 1/4 of the detector (the first also
     * warms the device up and is not counted).
     */
    public void calibrate(Cancellation cancel) throws Cancellation.CancelledException {
        int b = Math.max(1, Math.min(MAX_BINNING, sinogram.nCols() / 256));
        int stride = Math.max(1, Math.min(b, sinogram.nAngles() / MIN_ANGLES));
        PreviewReduction r = new PreviewReduction(b, stride);
        double c = sinogram.nCols() / 2.0;
        preview(c, r, cancel);
        secondsPerUpdate = Double.NaN;
        preview(c, r, cancel);
        if (Double.isNaN(secondsPerUpdate)) { // too small to measure: the detector is tiny, anything is fast
            secondsPerUpdate = 1e-9;
        }
    }

    /**
     * The gallery: one slice per candidate (full-resolution columns), reduced by {@link SweepOptions#auto} so
     * that the whole gallery stays within its budget, scored by {@link #GALLERY_SCORE}; in the candidates' order.
     */
    public List<SweepResult> gallery(double[] candidates, Progress progress, Cancellation cancel)
            throws Cancellation.CancelledException {
        synchronized (galleryLock) {
            if (galleryReconstructor == null) {
                galleryReconstructor = factory.get();
            }
            double step = candidates.length > 1 ? Math.abs(candidates[1] - candidates[0]) : 1;
            SweepOptions options = galleryOptions(candidates.length, step);
            return CenterSweep.run(sinogram.data(), geometry, candidates, options, GALLERY_SCORE,
                    galleryReconstructor, progress, cancel);
        }
    }

    /**
     * The gallery's reduction: {@link SweepOptions#auto}'s rule (binned so a step is a quarter of a binned pixel, a
     * central region, angles balanced against its size) with its budget of updates cut to what the measured speed
     * does in {@link #GALLERY_BUDGET_S}.
     */
    public SweepOptions galleryOptions(int candidates, double step) {
        double spu = secondsPerUpdate;
        double budget = Double.isNaN(spu) ? SweepOptions.AUTO_BUDGET
                : Math.min(SweepOptions.AUTO_BUDGET, MARGIN * GALLERY_BUDGET_S / spu);
        return galleryOptions(geometry, candidates, step, budget);
    }

    static SweepOptions galleryOptions(ReconstructionGeometry g, int candidates, double step, double budget) {
        int binning = (int) Math.max(1, Math.min(Math.floor(4 * Math.abs(step) + 1e-9), g.columns() / 128.0));
        double perSlice = budget / Math.max(1, candidates);
        int size = (int) Math.cbrt(perSlice / (Math.PI / 2));
        size = Math.max(32, Math.min(Math.min(512, size), g.size() / binning));
        double angles = perSlice / ((double) size * size);
        int stride = (int) Math.max(1, Math.ceil(g.nAngles() / Math.max(1, angles)));
        return new SweepOptions(binning, stride, size);
    }

    @Override
    public void close() {
        synchronized (previewLock) {
            if (previewReconstructor != null) {
                previewReconstructor.close();
                previewReconstructor = null;
            }
        }
        synchronized (galleryLock) {
            if (galleryReconstructor != null) {
                galleryReconstructor.close();
                galleryReconstructor = null;
            }
        }
    }

    private FbpReconstructor previewReconstructor() {
        if (previewReconstructor == null) {
            previewReconstructor = factory.get();
        }
        return previewReconstructor;
    }

    /** Column of the binned detector where a full-resolution column falls (binned column q covers bq … bq+b−1). */
    static double reducedCenter(double center, int binning) {
        return (center - (binning - 1) / 2.0) / binning;
    }

    private Reduced reduced(PreviewReduction reduction) {
        return reduced.computeIfAbsent(reduction, this::reduce);
    }

    /**
     * The mean of {@code b} columns, in lengths of the binned pixel ({@code b} full pixels), as {@link CenterSweep}
     * reduces: the slices keep the full-resolution values (attenuation per full pixel length).
     */
    private Reduced reduce(PreviewReduction reduction) {
        int b = reduction.binning();
        int stride = reduction.angleStride();
        int nA = sinogram.nAngles();
        int nC = sinogram.nCols();
        float[] data = sinogram.data();
        if (b == 1 && stride == 1) {
            return new Reduced(data, sinogram.angles(), nC);
        }
        int rows = (nA + stride - 1) / stride;
        int cols = nC / b;
        double[] angles = new double[rows];
        float[] out = new float[rows * cols];
        float norm = 1f / (b * (float) b);
        for (int r = 0; r < rows; r++) {
            int src = r * stride;
            angles[r] = sinogram.angles()[src];
            for (int c = 0; c < cols; c++) {
                float s = 0;
                for (int d = 0; d < b; d++) {
                    s += data[src * nC + c * b + d];
                }
                out[r * cols + c] = s * norm;
            }
        }
        return new Reduced(out, angles, cols);
    }

    private record Reduced(float[] data, double[] angles, int columns) {
    }
}
