package org.beamlinestudio.ptychography.io;

import java.util.Locale;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.ptychography.data.ComplexField;
import org.beamlinestudio.ptychography.data.PtychoScan;
import org.beamlinestudio.ptychography.prep.PatternPreprocessing;
import org.beamlinestudio.ptychography.prep.PreprocessingPlan;

/**
 * Streams a {@link PtychoSource}'s patterns through {@link PatternPreprocessing} into an in-memory
 * {@link PtychoScan}: one pass for the mean and maximum patterns when the preprocessing needs them, one pass that
 * fills the scan. Refuses, before the second pass allocates anything, when the scan would not fit the heap.
 */
public final class PtychoScanLoader {

    /** Patterns read per hyperslab. */
    static final int BATCH = 32;
    /** Share of the free heap the scan may take: engines need several pattern-sized work arrays besides. */
    static final double HEAP_SHARE = 0.6;

    private PtychoScanLoader() {
    }

    /** What was loaded and what preprocessing decided. */
    public record Loaded(PtychoScan scan, PreprocessingPlan plan) {
    }

    /**
     * Loads the scan.
     *
     * @throws DataFileException naming file and dataset when the patterns cannot be read, or when they would not
     *     fit the heap (with the sizes and what to change)
     * @throws Cancellation.CancelledException when {@code cancel} was set
     */
    public static Loaded load(PtychoSource src, PatternPreprocessing prep, Progress progress, Cancellation cancel)
            throws DataFileException, Cancellation.CancelledException {
        int n = src.count();
        int h = src.height();
        int w = src.width();
        int frame = h * w;
        float[] mean = null;
        float[] max = null;
        boolean two = prep.needsStatistics();
        if (two) {
            double[] sum = new double[frame];
            max = new float[frame];
            java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
            for (int first = 0; first < n; first += BATCH) {
                cancel.check();
                int take = Math.min(BATCH, n - first);
                float[] block = src.readPatterns(first, take);
                for (int i = 0; i < take; i++) {
                    int base = i * frame;
                    for (int k = 0; k < frame; k++) {
                        float v = block[base + k];
                        sum[k] += v;
                        if (v > max[k]) {
                            max[k] = v;
                        }
                    }
                }
                progress.update(0.5 * (first + take) / n, "mean pattern: " + (first + take) + " / " + n);
            }
            mean = new float[frame];
            for (int k = 0; k < frame; k++) {
                mean[k] = (float) (sum[k] / n);
            }
        }
        PreprocessingPlan plan;
        try {
            plan = prep.plan(h, w, src.mask(), mean, max);
        } catch (IllegalArgumentException e) {
            throw new DataFileException(src.file(), src.datasetPath(), e.getMessage(),
                    "preprocessing settings that fit " + h + " × " + w + " patterns");
        }
        int size = plan.size();
        long bytes = 4L * n * size * size;
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > HEAP_SHARE * free || (long) n * size * size > Integer.MAX_VALUE - 16) {
            throw new DataFileException(src.file(), src.datasetPath(), String.format(Locale.ROOT,
                    "%d patterns of %d × %d need %.1f MB as float32 but the Java heap has %.1f MB free",
                    n, size, size, bytes / 1e6, free / 1e6),
                    "a scan that fits: raise the heap (-Xmx), crop smaller or bin the patterns");
        }
        float[] intensities = new float[n * size * size];
        for (int first = 0; first < n; first += BATCH) {
            cancel.check();
            int take = Math.min(BATCH, n - first);
            float[] block = src.readPatterns(first, take);
            for (int i = 0; i < take; i++) {
                prep.apply(plan, block, i * frame, intensities, (first + i) * size * size);
            }
            progress.update((two ? 0.5 : 0) + (two ? 0.5 : 1.0) * (first + take) / n,
                    "patterns: " + (first + take) + " / " + n);
        }
        Optional<ComplexField> probe = Optional.empty();
        // A shift of the window only adds a linear phase ramp to the probe, which the engines absorb; a resize
        // or binning would need resampling, so the stored probe is dropped then.
        if (src.probe().isPresent() && plan.binning() == 1 && src.probe().get().height() == size
                && src.probe().get().width() == size) {
            probe = src.probe();
        }
        PtychoScan scan = new PtychoScan(src.file(), src.datasetPath(), n, size, size, intensities, plan.mask(),
                src.positionY(), src.positionX(), src.wavelength(), src.distance(), src.pixelY() * plan.binning(),
                src.pixelX() * plan.binning(), probe);
        return new Loaded(scan, plan);
    }
}
