package org.beamlinestudio.tomography;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo chain (normalise → −log) on the analytic phantom: the sinograms it writes must equal
 * μ × the exact line integrals, within the photon noise, on every device.
 */
class DemoPipelineTest {

    @ParameterizedTest
    @ValueSource(strings = {"java", "auto"})
    void normalisedSinogramsAreTheLineIntegralsOfThePhantom(String device, @TempDir Path dir) throws Exception {
        Path scan = dir.resolve("demo.h5");
        DemoScan.write(scan);
        TomographyPlugin plugin = new TomographyPlugin();
        PluginRegistry registry = PluginRegistry.of(List.of(plugin));
        Pipeline pipeline;
        try (OpenedSource src = new DataExchangeReader().open(scan)) {
            pipeline = plugin.defaultPipeline(src).orElseThrow();
        }
        Path out = dir.resolve("sino");
        // A small chunk budget so the 32 rows stream in several slabs.
        new PipelineRunner(registry, new ExecutionSettings(device, 4 * DemoScan.ANGLES * DemoScan.COLUMNS * 5))
                .run(pipeline.withOutput(new Pipeline.OutputSpec(out.toString(), "tiff")), Progress.NONE,
                        new Cancellation());

        for (int row : new int[] {0, 13, DemoScan.ROWS - 1}) {
            float[] sino = TiffFiles.readFloats(out.resolve(String.format("sino_%05d.tiff", row)));
            assertThat(sino).hasSize(DemoScan.ANGLES * DemoScan.COLUMNS);
            double sumSq = 0;
            double maxTruth = 0;
            for (int a = 0; a < DemoScan.ANGLES; a++) {
                double theta = Math.toRadians(180.0 * a / DemoScan.ANGLES);
                for (int c = 0; c < DemoScan.COLUMNS; c++) {
                    double truth = DemoScan.MU_PER_PIXEL * DemoScan.lineIntegral(c - DemoScan.CENTER_OF_ROTATION,
                            theta, DemoScan.sliceScale(row));
                    double err = sino[a * DemoScan.COLUMNS + c] - truth;
                    sumSq += err * err;
                    maxTruth = Math.max(maxTruth, truth);
                }
            }
            double rmse = Math.sqrt(sumSq / sino.length);
            // Photon noise (10⁴ open-beam counts, 10 flats averaged) gives an RMSE of ≈ 0.013–0.015 here.
            assertThat(rmse).as("RMSE of row %d against the analytic line integrals", row).isLessThan(0.02);
            assertThat(maxTruth).isGreaterThan(1.0);
        }
        // The background outside the object is transmission 1 → 0 after −log.
        float[] sino0 = TiffFiles.readFloats(out.resolve("sino_00016.tiff"));
        assertThat(sino0[3]).isCloseTo(0f, within(0.05f));
    }
}
