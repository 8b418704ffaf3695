package org.beamlinestudio.tomography.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.beamlinestudio.tomography.TomographyPlugin;
import org.beamlinestudio.tomography.demo.DemoScan;
import org.beamlinestudio.tomography.io.DataExchangeReader;
import org.beamlinestudio.tomography.stages.geometry.BinStageFactory;
import org.beamlinestudio.tomography.stages.geometry.PadStageFactory;
import org.beamlinestudio.tomography.stages.geometry.RowRangeStageFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Row range, padding and binning run by the real {@link PipelineRunner} on the demo scan. */
class PrepGeometryPipelineTest {

    @TempDir
    static Path dir;
    static Path scan;
    @BeforeAll
    static void writeScan() throws java.io.IOException {
        scan = dir.resolve("demo.h5");
        DemoScan.write(scan);
    }

    private static Path run(String name, List<Pipeline.StageSpec> stages) throws Exception {
        Pipeline pipeline;
        try (OpenedSource src = new DataExchangeReader().open(scan)) {
            pipeline = new TomographyPlugin().defaultPipeline(src).orElseThrow();
        }
        Path out = dir.resolve(name);
        PluginRegistry registry = PluginRegistry.of(List.of(new TomographyPlugin()));
        // 4 rows of sinograms per chunk: the 32 rows stream in 8 slabs.
        new PipelineRunner(registry, new ExecutionSettings("java", 4L * DemoScan.ANGLES * DemoScan.COLUMNS * 4))
                .run(pipeline.withStages(stages).withOutput(new Pipeline.OutputSpec(out.toString(), "tiff")),
                        Progress.NONE, new Cancellation());
        return out;
    }

    private static double truth(int a, double c, int row) {
        return DemoScan.MU_PER_PIXEL * DemoScan.lineIntegral(c - DemoScan.CENTER_OF_ROTATION,
                Math.toRadians(180.0 * a / DemoScan.ANGLES), DemoScan.sliceScale(row));
    }

    private static Pipeline.StageSpec stage(String id, Map<String, Object> params) {
        return new Pipeline.StageSpec(id, true, params);
    }

    @Test
    void rowRangeBeforeNormalisationThenPaddingGivesTheRightRowsAndColumns() throws Exception {
        Path out = run("padded", List.of(
                stage(RowRangeStageFactory.ID, Map.of("rowFrom", 2, "rowTo", 29)),
                stage(NormalizeStageFactory.ID, Map.of()),
                stage(MinusLogStageFactory.ID, Map.of()),
                stage(PadStageFactory.ID, Map.of("factor", 2.0, "mode", "edge"))));
        try (var files = Files.list(out)) {
            assertThat(files.filter(f -> f.toString().endsWith(".tiff")).count()).isEqualTo(28);
        }
        int width = 2 * DemoScan.COLUMNS;
        int left = DemoScan.COLUMNS / 2;
        for (int k : new int[] {0, 11, 27}) {
            int row = k + 2; // output sinogram k is detector row k + 2
            float[] sino = TiffFiles.readFloats(out.resolve(String.format("padded_%05d.tiff", k)));
            assertThat(sino).hasSize(DemoScan.ANGLES * width);
            double sumSq = 0;
            for (int a = 0; a < DemoScan.ANGLES; a++) {
                for (int c = 0; c < DemoScan.COLUMNS; c++) {
                    double e = sino[a * width + left + c] - truth(a, c, row);
                    sumSq += e * e;
                }
                for (int d = 0; d < left; d++) {
                    assertThat(sino[a * width + d]).isEqualTo(sino[a * width + left]);
                    assertThat(sino[a * width + left + DemoScan.COLUMNS + d])
                            .isEqualTo(sino[a * width + left + DemoScan.COLUMNS - 1]);
                }
            }
            // Same photon-noise bound as the demo pipeline's: the flats of the right rows were used.
            assertThat(Math.sqrt(sumSq / (DemoScan.ANGLES * DemoScan.COLUMNS))).as("RMSE of sinogram %d", k)
                    .isLessThan(0.02);
        }
    }

    @Test
    void slabsOutsideTheRowRangeBecomeEmptyBlocksAndWriteNothing() throws Exception {
        Path out = run("few", List.of(
                stage(NormalizeStageFactory.ID, Map.of()),
                stage(MinusLogStageFactory.ID, Map.of()),
                stage(RowRangeStageFactory.ID, Map.of("rowFrom", 3, "rowTo", 5)),
                stage(PadStageFactory.ID, Map.of("factor", 1.5, "mode", "zero"))));
        try (var files = Files.list(out)) {
            assertThat(files.filter(f -> f.toString().endsWith(".tiff")).map(f -> f.getFileName().toString()).sorted())
                    .containsExactly("few_00000.tiff", "few_00001.tiff", "few_00002.tiff");
        }
        float[] sino = TiffFiles.readFloats(out.resolve("few_00002.tiff")); // detector row 5
        int width = 384;
        assertThat(sino).hasSize(DemoScan.ANGLES * width);
        assertThat(sino[0]).isZero();
        double sumSq = 0;
        for (int a = 0; a < DemoScan.ANGLES; a++) {
            for (int c = 0; c < DemoScan.COLUMNS; c++) {
                double e = sino[a * width + 64 + c] - truth(a, c, 5);
                sumSq += e * e;
            }
        }
        assertThat(Math.sqrt(sumSq / (DemoScan.ANGLES * DemoScan.COLUMNS))).isLessThan(0.02);
    }

    @Test
    void binningByTwoGivesTheMeansOfTheLineIntegrals() throws Exception {
        Path out = run("binned", List.of(
                stage(NormalizeStageFactory.ID, Map.of()),
                stage(MinusLogStageFactory.ID, Map.of()),
                stage(BinStageFactory.ID, Map.of("power", 1))));
        try (var files = Files.list(out)) {
            assertThat(files.filter(f -> f.toString().endsWith(".tiff")).count()).isEqualTo(DemoScan.ROWS / 2);
        }
        int w = DemoScan.COLUMNS / 2;
        for (int k : new int[] {0, 7, 15}) {
            float[] sino = TiffFiles.readFloats(out.resolve(String.format("binned_%05d.tiff", k)));
            assertThat(sino).hasSize(DemoScan.ANGLES * w);
            double sumSq = 0;
            for (int a = 0; a < DemoScan.ANGLES; a++) {
                for (int c = 0; c < w; c++) {
                    double mean = (truth(a, 2 * c, 2 * k) + truth(a, 2 * c + 1, 2 * k)
                            + truth(a, 2 * c, 2 * k + 1) + truth(a, 2 * c + 1, 2 * k + 1)) / 4;
                    double e = sino[a * w + c] - mean;
                    sumSq += e * e;
                }
            }
            // Averaging 4 pixels halves the photon noise (≈ 0.007 here).
            assertThat(Math.sqrt(sumSq / (DemoScan.ANGLES * w))).as("RMSE of binned sinogram %d", k).isLessThan(0.01);
        }
        // Air stays at 0 after binning.
        float[] s0 = TiffFiles.readFloats(out.resolve("binned_00008.tiff"));
        assertThat(s0[1]).isCloseTo(0f, within(0.03f));
    }
}
