package org.beamlinestudio.tomography.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.core.testing.TiffFiles;
import org.beamlinestudio.tomography.TomographyPlugin;
import org.beamlinestudio.tomography.center.Sinogram;
import org.beamlinestudio.tomography.io.DataExchangeReader;
import org.beamlinestudio.tomography.stages.FbpStageFactory;
import org.beamlinestudio.tomography.stages.OutlierStageFactory;
import org.beamlinestudio.tomography.stages.PaganinStageFactory;
import org.beamlinestudio.tomography.stages.SortingStripeStageFactory;
import org.beamlinestudio.tomography.stages.geometry.BinStageFactory;
import org.beamlinestudio.tomography.stages.geometry.RowRangeStageFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-row preview against full {@link PipelineRunner} runs of the same stages on synth_dx.h5 (361 angles × 16
 * rows × 256 columns, zingers, bad columns 60, 61, 170): what the scientist previews is what the run writes.
 */
class PipelineRowPreviewTest {
    private static final String DEVICE = "java";
    private static final int ANGLES = 361;
    private static final int COLS = 256;

    private final TomographyPlugin plugin = new TomographyPlugin();
    private final PluginRegistry registry = PluginRegistry.of(List.of(plugin));
    private OpenedSource source;
    private Pipeline base;
    private PipelineRowPreview preview;

    @TempDir
    Path dir;

    @BeforeEach
    void open() throws Exception {
        Path file = SharedData.require("tomography/synthetic/synth_dx.h5");
        source = new DataExchangeReader().open(file);
        base = plugin.defaultPipeline(source).orElseThrow();
        preview = new PipelineRowPreview(registry, DEVICE);
    }

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void sinogramOfTheDefaultPipelineEqualsTheRunnersRow() throws Exception {
        assertThat(base.stages()).extracting(Pipeline.StageSpec::stage)
                .containsExactly("tomography.normalize", "tomography.minuslog");
        for (int row : new int[] {0, 7, 15}) {
            Pipeline withRecon = with(base, new Pipeline.StageSpec(FbpStageFactory.ID, true, Map.of()));
            Sinogram s = preview.sinogram(source, withRecon, row, new Cancellation());
            float[] expected = runRow(base.stages(), row, "row" + row);
            assertThat(s.nAngles()).isEqualTo(ANGLES);
            assertThat(s.nCols()).isEqualTo(COLS);
            assertThat(s.angles()).hasSize(ANGLES);
            assertThat(s.angles()[ANGLES - 1]).isCloseTo(Math.PI, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(maxDiff(s.data(), expected)).as("row %d |preview − runner|", row).isLessThan(1e-5);
            // Line integrals of the phantom, not raw counts: the stages did run.
            assertThat(max(s.data())).isBetween(0.5, 10.0);
        }
    }

    @Test
    void anOutlierStageChangesItsRowExactlyAsTheRunnerDoes() throws Exception {
        Pipeline p = with(base, 1, new Pipeline.StageSpec(OutlierStageFactory.ID, true, Map.of("sign", "bright")));
        int changedRow = -1;
        PipelineRowPreview.RowImage before = null;
        PipelineRowPreview.RowImage after = null;
        for (int row = 0; row < 16 && changedRow < 0; row++) {
            before = preview.before(source, p, row, 1, new Cancellation());
            after = preview.after(source, p, row, 1, new Cancellation());
            if (maxDiff(before.data(), after.data()) > 0.1) {
                changedRow = row;
            }
        }
        assertThat(changedRow).as("a row with a zinger the stage removes").isGreaterThanOrEqualTo(0);
        List<Pipeline.StageSpec> upTo = p.stages().subList(0, 2);
        float[] expected = runRow(upTo, changedRow, "outliers");
        System.out.printf("outliers on synth_dx row %d: max |after − before| %.3f, |after − runner| %.2e%n",
                changedRow, maxDiff(before.data(), after.data()), maxDiff(after.data(), expected));
        assertThat(maxDiff(after.data(), expected)).isLessThan(1e-5);
        assertThat(maxDiff(before.data(), runRow(upTo.subList(0, 1), changedRow, "normalized"))).isLessThan(1e-5);
    }

    @Test
    void aStripeStageAfterMinusLogMatchesTheRunnerAndTheCacheGivesTheSameResult() throws Exception {
        Pipeline p = with(base, new Pipeline.StageSpec(SortingStripeStageFactory.ID, true, Map.of()));
        int row = 5;
        PipelineRowPreview.RowImage before = preview.before(source, p, row, 2, new Cancellation());
        PipelineRowPreview.RowImage after = preview.after(source, p, row, 2, new Cancellation());
        assertThat(maxDiff(before.data(), after.data())).isGreaterThan(0.01);
        assertThat(maxDiff(after.data(), runRow(p.stages(), row, "stripes"))).isLessThan(1e-5);
        // Cached: the same arrays come back without recomputing.
        assertThat(preview.after(source, p, row, 2, new Cancellation()).data()).isEqualTo(after.data());
        // A disabled stage passes the data through and says so.
        Pipeline off = p.withStages(List.of(p.stages().get(0), p.stages().get(1),
                new Pipeline.StageSpec(SortingStripeStageFactory.ID, false, Map.of())));
        PipelineRowPreview.RowImage skipped = preview.after(source, off, row, 2, new Cancellation());
        assertThat(skipped.data()).isEqualTo(before.data());
        assertThat(skipped.caption()).contains("disabled");
    }

    @Test
    void binningHalvesTheWidthSaysSoAndMatchesTheRunner() throws Exception {
        Pipeline p = with(base, new Pipeline.StageSpec(BinStageFactory.ID, true, Map.of("power", 1)));
        int row = 9;
        PipelineRowPreview.RowImage before = preview.before(source, p, row, 2, new Cancellation());
        PipelineRowPreview.RowImage after = preview.after(source, p, row, 2, new Cancellation());
        assertThat(before.width()).isEqualTo(COLS);
        assertThat(after.width()).isEqualTo(COLS / 2);
        assertThat(after.height()).isEqualTo(ANGLES);
        System.out.println("bin caption: " + after.caption());
        assertThat(after.caption()).contains("width 256 → 128").contains("row 9 → 4");
        // Binned row 4 holds detector rows 8 and 9: the runner's binned output row 4.
        List<Pipeline.StageSpec> stages = new ArrayList<>(p.stages());
        stages.add(new Pipeline.StageSpec(RowRangeStageFactory.ID, true, Map.of("rowFrom", 4, "rowTo", 4)));
        float[] runner = run(stages, "binned", ANGLES * COLS / 2);
        assertThat(maxDiff(after.data(), runner)).isLessThan(1e-5);
        Sinogram s = preview.sinogram(source, with(p, new Pipeline.StageSpec(FbpStageFactory.ID, true, Map.of())),
                row, new Cancellation());
        assertThat(s.nCols()).isEqualTo(COLS / 2);
    }

    @Test
    void paganinSeesABandOfRowsThatHereCoversTheDetectorSoItMatchesTheRunner() throws Exception {
        // synth_dx has 16 rows: the ±16-row band holds the whole projection, so the approximation is exact.
        Pipeline p = with(base, 1, new Pipeline.StageSpec(PaganinStageFactory.ID, true,
                Map.of("distance", 500.0, "pixelSize", 1.0)));
        int row = 6;
        PipelineRowPreview.RowImage before = preview.before(source, p, row, 1, new Cancellation());
        PipelineRowPreview.RowImage after = preview.after(source, p, row, 1, new Cancellation());
        assertThat(maxDiff(before.data(), after.data())).isGreaterThan(0.01);
        // Paganin streams along angles, so the runner writes one file per projection (here 1 row × 256 columns).
        List<Pipeline.StageSpec> stages = new ArrayList<>(p.stages().subList(0, 2));
        stages.add(new Pipeline.StageSpec(RowRangeStageFactory.ID, true, Map.of("rowFrom", row, "rowTo", row)));
        run(stages, "paganin", COLS);
        float[] runner = new float[ANGLES * COLS];
        for (int a = 0; a < ANGLES; a++) {
            float[] projectionRow = TiffFiles.readFloats(dir.resolve("paganin")
                    .resolve(String.format("paganin_%05d.tiff", a)));
            System.arraycopy(projectionRow, 0, runner, a * COLS, COLS);
        }
        System.out.printf("paganin on synth_dx row %d: max |after − before| %.4f, |after − runner| %.2e%n", row,
                maxDiff(before.data(), after.data()), maxDiff(after.data(), runner));
        assertThat(maxDiff(after.data(), runner)).isLessThan(1e-5);
    }

    @Test
    void theReconstructionStageGivesTheSliceOfTheRow() throws Exception {
        Pipeline p = with(base, new Pipeline.StageSpec(FbpStageFactory.ID, true,
                Map.of(FbpStageFactory.CENTER, 133.25)));
        PipelineRowPreview.RowImage slice = preview.after(source, p, 8, 2, new Cancellation());
        assertThat(slice.width()).isEqualTo(COLS);
        assertThat(slice.height()).isEqualTo(COLS);
        assertThat(slice.caption()).contains("slice 256 × 256");
        List<Pipeline.StageSpec> stages = new ArrayList<>(base.stages());
        stages.add(new Pipeline.StageSpec(RowRangeStageFactory.ID, true, Map.of("rowFrom", 8, "rowTo", 8)));
        stages.add(p.stages().get(2));
        float[] runner = run(stages, "fbp", COLS * COLS);
        System.out.printf("fbp slice of row 8: max |preview − runner| %.2e%n", maxDiff(slice.data(), runner));
        assertThat(maxDiff(slice.data(), runner)).isLessThan(1e-5);
    }

    @Test
    void aRowOutsideARowRangeIsAnErrorThatNamesTheStage() {
        Pipeline p = with(base, new Pipeline.StageSpec(RowRangeStageFactory.ID, true,
                Map.of("rowFrom", 2, "rowTo", 4)));
        assertThatThrownBy(() -> preview.after(source, p, 8, 2, new Cancellation()))
                .isInstanceOf(StageException.class)
                .hasMessageContaining(RowRangeStageFactory.ID).hasMessageContaining("row 8");
    }

    private static Pipeline with(Pipeline p, Pipeline.StageSpec extra) {
        return with(p, p.stages().size(), extra);
    }

    private static Pipeline with(Pipeline p, int at, Pipeline.StageSpec extra) {
        List<Pipeline.StageSpec> stages = new ArrayList<>(p.stages());
        stages.add(at, extra);
        return p.withStages(stages);
    }

    /** The runner's output of {@code stages} followed by a row range of just {@code row}. */
    private float[] runRow(List<Pipeline.StageSpec> stages, int row, String name) throws Exception {
        List<Pipeline.StageSpec> all = new ArrayList<>(stages);
        all.add(new Pipeline.StageSpec(RowRangeStageFactory.ID, true, Map.of("rowFrom", row, "rowTo", row)));
        return run(all, name, ANGLES * COLS);
    }

    private float[] run(List<Pipeline.StageSpec> stages, String name, int expectedValues) throws Exception {
        Path out = dir.resolve(name);
        new PipelineRunner(registry, new ExecutionSettings(DEVICE, 3L * ANGLES * COLS * 4))
                .run(base.withStages(stages).withOutput(new Pipeline.OutputSpec(out.toString(), "tiff")),
                        Progress.NONE, new Cancellation());
        float[] data = TiffFiles.readFloats(out.resolve(String.format("%s_%05d.tiff", name, 0)));
        assertThat(data).hasSize(expectedValues);
        return data;
    }

    private static double maxDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static double max(float[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (float v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
