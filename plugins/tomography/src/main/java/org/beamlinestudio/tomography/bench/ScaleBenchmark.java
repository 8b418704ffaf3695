package org.beamlinestudio.tomography.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.PipelineInvalidException;
import org.beamlinestudio.core.exec.PipelineRunner;
import org.beamlinestudio.core.pipeline.InputFingerprint;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.pipeline.PipelineJson;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.tomography.demo.DemoScan;
import org.beamlinestudio.tomography.io.DataExchangeReader;

/**
 * Shows that a whole-volume reconstruction's memory is bounded by the settings, not by the file:
 * generates a synthetic scan of the requested size (once; kept in the scratch folder), reconstructs
 * every slice (normalise → −log → reconstruct → HDF5), and samples the heap while it runs.
 * Run it with a small heap, e.g. {@code STUDIO_JAVA_OPTS=-Xmx2g ./studio bench tomography --scale-gb 8}.
 */
public final class ScaleBenchmark {

    /** Detector width of the generated scan: the cost grows with width², the size only with width. */
    static final int COLUMNS = 256;
    /** Projections of the generated scan. */
    static final int ANGLES = 1024;

    /**
     * What one run measured.
     *
     * @param peakHeapBytes the most heap seen in use (sampled every 50 ms)
     */
    public record Result(Path input, long inputBytes, Path output, long outputBytes, int slices, double seconds,
                         long peakHeapBytes, long maxHeapBytes, long chunkBytes, String algorithm, String device) {
    }

    private ScaleBenchmark() {
    }

    /** The scan used for {@code gib} GiB of projections, written into {@code scratch} when missing. */
    public static Path scan(Path scratch, double gib, Progress progress) throws IOException {
        int rows = (int) Math.ceil(gib * (1L << 30) / (4.0 * ANGLES * COLUMNS));
        Path file = scratch.resolve(String.format("scale-%dx%dx%d.h5", ANGLES, rows, COLUMNS));
        if (!Files.isRegularFile(file)) {
            Files.createDirectories(scratch);
            DemoScan.write(file, new DemoScan.Spec(ANGLES, rows, COLUMNS, COLUMNS / 2.0 + 0.25, false), progress);
        }
        return file;
    }

    /** Reconstructs the whole scan into a new HDF5 file under {@code scratch} and measures it. */
    public static Result run(PluginRegistry registry, Path scan, Path scratch, String algorithmStage, String device,
                             Progress progress)
            throws IOException, PipelineInvalidException, PipelineRunner.RunException, Cancellation.CancelledException {
        Path out = scratch.resolve("scale-result-" + System.nanoTime() + ".h5");
        Pipeline p = new Pipeline(PipelineJson.FORMAT_VERSION, "tomography",
                InputFingerprint.of(scan, DataExchangeReader.ID, "/exchange/data"),
                List.of(new Pipeline.StageSpec("tomography.normalize", true, Map.of()),
                        new Pipeline.StageSpec("tomography.minuslog", true, Map.of()),
                        new Pipeline.StageSpec(algorithmStage, true, Map.of("centerOfRotation", COLUMNS / 2.0 + 0.25))),
                new Pipeline.OutputSpec(out.toString(), "hdf5"), null);
        ExecutionSettings settings = ExecutionSettings.defaults().withCompute(device);
        AtomicLong peak = new AtomicLong();
        Runtime rt = Runtime.getRuntime();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        System.gc();
        long t0 = System.nanoTime();
        sampler.start();
        Path result;
        try {
            result = new PipelineRunner(registry, settings).run(p, progress, new Cancellation());
        } finally {
            sampler.interrupt();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long rows = readRows(scan);
        return new Result(scan, Files.size(scan), result, Files.size(result), (int) rows, seconds, peak.get(),
                rt.maxMemory(), settings.chunkBytes(), algorithmStage, device);
    }

    private static long readRows(Path scan) throws IOException {
        try (var h5 = org.beamlinestudio.core.hdf5.Hdf5File.open(scan)) {
            return h5.dataset("/exchange/data").shape()[1];
        } catch (org.beamlinestudio.core.data.DataFileException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
