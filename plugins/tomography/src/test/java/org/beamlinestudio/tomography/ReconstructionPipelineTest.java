package org.beamlinestudio.tomography;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.PipelineRunner;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.testing.TiffFiles;
import org.beamlinestudio.tomography.demo.DemoScan;
import org.beamlinestudio.tomography.io.DataExchangeReader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo scan through normalise → −log → a reconstruction stage, streamed in slabs of rows: the
 * slices must have the attenuation of the phantom (mass = μ × the line integrals' mean over angles)
 * and (Fourier) be centred where the projections' first moments put the object.
 */
class ReconstructionPipelineTest {
    @ParameterizedTest
    @ValueSource(strings = {"tomography.fourier", "tomography.sirt", "tomography.cgls"})
    void demoScanReconstructsToThePhantomsAttenuation(String stage, @TempDir Path dir) throws Exception {
        Path scan = dir.resolve("demo.h5");
        DemoScan.write(scan);
        TomographyPlugin plugin = new TomographyPlugin();
        Pipeline pipeline;
        try (OpenedSource src = new DataExchangeReader().open(scan)) {
            pipeline = plugin.defaultPipeline(src).orElseThrow();
        }
        List<Pipeline.StageSpec> stages = new ArrayList<>(pipeline.stages());
        Map<String, Object> params = stage.equals("tomography.fourier")
                ? Map.of("centerOfRotation", DemoScan.CENTER_OF_ROTATION)
                : Map.of("centerOfRotation", DemoScan.CENTER_OF_ROTATION, "iterations", 3);
        stages.add(new Pipeline.StageSpec(stage, true, params));
        Path out = dir.resolve("recon");
        new PipelineRunner(PluginRegistry.of(List.of(plugin)),
                new ExecutionSettings("auto", 4L * DemoScan.ANGLES * DemoScan.COLUMNS * 6))
                .run(pipeline.withStages(stages).withOutput(new Pipeline.OutputSpec(out.toString(), "tiff")),
                        Progress.NONE, new Cancellation());

        int n = DemoScan.COLUMNS;
        int row = DemoScan.ROWS / 2;
        float[] slice = TiffFiles.readFloats(out.resolve(String.format("recon_%05d.tiff", row)));
        assertThat(slice).hasSize(n * n);
        // Mass: the image's sum equals the mean over angles of each projection's sum (exact line integrals).
        double expected = 0;
        for (int a = 0; a < DemoScan.ANGLES; a++) {
            double theta = Math.toRadians(180.0 * a / DemoScan.ANGLES);
            for (int c = 0; c < n; c++) {
                expected += DemoScan.MU_PER_PIXEL * DemoScan.lineIntegral(c - DemoScan.CENTER_OF_ROTATION, theta,
                        DemoScan.sliceScale(row));
            }
        }
        expected /= DemoScan.ANGLES;
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                float v = slice[i * n + k];
                mass += v;
                mx += v * (k - n / 2.0);
                my += v * (n / 2.0 - i);
            }
        }
        // SIRT's non-negativity clamp adds a little mass in its first iterations.
        assertThat(mass).as(stage).isCloseTo(expected, within(0.05 * expected));
        // Centroid: the first moment of the 0° projection is the object's x centroid, that of the 90°
        // one its y centroid (s = x cos θ + y sin θ); a wrong axis or a half-pixel shift would show.
        System.out.printf("%s: mass %.2f (expected %.2f), centroid (%.3f, %.3f), expected (%.3f, %.3f)%n", stage, mass,
                expected, mx / mass, my / mass, centroid(0, row), centroid(Math.PI / 2, row));
        if (stage.equals("tomography.fourier")) {
            // Only for the direct method: 3 iterations of SIRT or CGLS leave a smooth halo that the
            // square's edges clip, pulling the centroid towards the middle. Photon noise: ~0.1 px.
            assertThat(mx / mass).as("x centroid").isCloseTo(centroid(0, row), within(0.15));
            assertThat(my / mass).as("y centroid").isCloseTo(centroid(Math.PI / 2, row), within(0.15));
        }
    }

    private static double centroid(double theta, int row) {
        double m0 = 0;
        double m1 = 0;
        for (int c = 0; c < DemoScan.COLUMNS; c++) {
            double s = c - DemoScan.CENTER_OF_ROTATION;
            double p = DemoScan.lineIntegral(s, theta, DemoScan.sliceScale(row));
            m0 += p;
            m1 += p * s;
        }
        return m1 / m0;
    }
}
