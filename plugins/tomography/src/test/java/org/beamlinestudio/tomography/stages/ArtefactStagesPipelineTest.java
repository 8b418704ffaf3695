package org.beamlinestudio.tomography.stages;

import static org.assertj.core.api.Assertions.assertThat;

import io.jhdf.HdfFile;
import io.jhdf.api.WritableGroup;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.beamlinestudio.core.exec.ExecutionSettings;
import org.beamlinestudio.core.exec.PipelineRunner;
import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.PluginRegistry;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.core.testing.TiffFiles;
import org.beamlinestudio.tomography.TomographyPlugin;
import org.beamlinestudio.tomography.io.DataExchangeReader;
import org.beamlinestudio.tomography.phantom.ModifiedSheppLogan;
import org.beamlinestudio.tomography.prep.StripeMeasure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The artefact stages through {@link PipelineRunner}: normalise → zingers → −log → stripes, on a scan
 * made here with known zingers and stripes, and on the shared synth_dx.h5 (bad columns 60, 61, 170).
 */
class ArtefactStagesPipelineTest {

    private static final int ANGLES = 180;
    private static final int ROWS = 4;
    private static final int COLS = 128;
    private static final double MU = 0.02;
    private static final int[] BAD = {40, 41, 90};
    @ParameterizedTest
    @CsvSource({"tomography.stripes.sorting, java", "tomography.stripes.filtering, java",
            "tomography.stripes.fw, java", "tomography.stripes.sorting, auto", "tomography.stripes.sorting, opencl:0:0",
            "tomography.stripes.fw, auto"})
    void zingersAndStripesAreRemovedFromAScanWithKnownArtefacts(String stripeStage, String device,
                                                                 @TempDir Path dir) throws Exception {
        Path scan = dir.resolve("artefacts.h5");
        float[] truth = writeScan(scan);
        float[] cleanRun = run(scan, dir.resolve("plain"), device, List.of());
        float[] fixed = run(scan, dir.resolve("fixed"), device, List.of(
                new Pipeline.StageSpec(OutlierStageFactory.ID, true, Map.of("sign", "bright")),
                new Pipeline.StageSpec(stripeStage, true, Map.of())));
        // The first list holds −log of the raw normalised data; the stripe stage follows −log.
        for (int r = 0; r < ROWS; r++) {
            float[] before = row(cleanRun, r);
            float[] after = row(fixed, r);
            float[] t = row(truth, r);
            double measureBefore = StripeMeasure.rms(before, ANGLES, COLS, 11, BAD);
            double measureAfter = StripeMeasure.rms(after, ANGLES, COLS, 11, BAD);
            double maxAt = 0;
            for (int i = 0; i < t.length; i++) {
                maxAt = Math.max(maxAt, Math.abs(after[i] - t[i]));
            }
            double zingerBefore = maxError(before, t);
            if (r == 0) {
                System.out.printf("%s on %s, row %d: stripe measure %.4f -> %.4f; max |error| %.3f -> %.3f%n",
                        stripeStage, device, r, measureBefore, measureAfter, zingerBefore, maxAt);
            }
            assertThat(measureAfter).as("row %d stripe measure", r).isLessThan(measureBefore / 10);
            assertThat(zingerBefore).as("the zingers are there before").isGreaterThan(1.0);
        }
    }

    @Test
    void eachStripeMethodClearlyReducesTheBadColumnsOfSynthDx(@TempDir Path dir) throws Exception {
        Path file = SharedData.require("tomography/synthetic/synth_dx.h5");
        int[] bad = {60, 61, 170};
        float[] plain = run(file, dir.resolve("plain"), "auto", List.of());
        float[] dezingered = run(file, dir.resolve("outliers"), "auto",
                List.of(new Pipeline.StageSpec(OutlierStageFactory.ID, true, Map.of("sign", "bright"))));
        int rows = 16;
        int cols = 256;
        int angles = 361;
        int changed = 0;
        for (int i = 0; i < plain.length; i++) {
            if (Math.abs(plain[i] - dezingered[i]) > 0.1) {
                changed++;
            }
        }
        System.out.printf("synth_dx: zinger stage changed %d pixels by > 0.1 (50 zingers in the file)%n", changed);
        assertThat(changed).as("pixels the zinger stage changed by more than 0.1").isBetween(40, 60);
        double before = meanMeasure(dezingered, rows, angles, cols, bad);
        for (String stage : List.of(SortingStripeStageFactory.ID, FilteringStripeStageFactory.ID,
                FourierWaveletStripeStageFactory.ID)) {
            float[] out = run(file, dir.resolve(stage), "auto", List.of(
                    new Pipeline.StageSpec(OutlierStageFactory.ID, true, Map.of("sign", "bright")),
                    new Pipeline.StageSpec(stage, true, Map.of())));
            double after = meanMeasure(out, rows, angles, cols, bad);
            double[] perColumnBefore = perColumn(dezingered, rows, angles, cols, bad);
            double[] perColumnAfter = perColumn(out, rows, angles, cols, bad);
            System.out.printf("synth_dx %-28s stripe measure at columns 60, 61, 170: %.4f -> %.4f; "
                            + "per column %.4f/%.4f/%.4f -> %.4f/%.4f/%.4f%n", stage, before, after,
                    perColumnBefore[0], perColumnBefore[1], perColumnBefore[2],
                    perColumnAfter[0], perColumnAfter[1], perColumnAfter[2]);
            assertThat(after).as("%s stripe measure at the bad columns", stage).isLessThan(before / 5);
        }
    }

    private static double meanMeasure(float[] all, int rows, int angles, int cols, int[] bad) {
        double s = 0;
        for (int r = 0; r < rows; r++) {
            s += StripeMeasure.rms(slice(all, r, angles * cols), angles, cols, 11, bad);
        }
        return s / rows;
    }

    private static double[] perColumn(float[] all, int rows, int angles, int cols, int[] bad) {
        double[] out = new double[bad.length];
        for (int r = 0; r < rows; r++) {
            double[] dev = StripeMeasure.columnMeanDeviation(slice(all, r, angles * cols), angles, cols, 11);
            for (int k = 0; k < bad.length; k++) {
                out[k] += Math.abs(dev[bad[k]]) / rows;
            }
        }
        return out;
    }

    private static float[] slice(float[] all, int r, int n) {
        float[] s = new float[n];
        System.arraycopy(all, r * n, s, 0, n);
        return s;
    }

    private static float[] row(float[] all, int r) {
        return slice(all, r, ANGLES * COLS);
    }

    private static double maxError(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /**
     * Runs normalise → {@code extra[0]} → −log → {@code extra[1..]} and returns the output sinograms,
     * row after row (each angles × columns).
     */
    static float[] run(Path scan, Path out, String device, List<Pipeline.StageSpec> extra) throws Exception {
        TomographyPlugin plugin = new TomographyPlugin();
        PluginRegistry registry = PluginRegistry.of(List.of(plugin));
        Pipeline pipeline;
        long[] shape;
        try (OpenedSource src = new DataExchangeReader().open(scan)) {
            pipeline = plugin.defaultPipeline(src).orElseThrow();
            shape = src.primary().shape();
        }
        List<Pipeline.StageSpec> stages = new ArrayList<>();
        stages.add(pipeline.stages().get(0));
        if (!extra.isEmpty()) {
            stages.add(extra.get(0));
        }
        stages.add(pipeline.stages().get(1));
        stages.addAll(extra.subList(Math.min(1, extra.size()), extra.size()));
        int angles = (int) shape[0];
        int rows = (int) shape[1];
        int cols = (int) shape[2];
        // A chunk budget of about 3 sinograms, so slabs of several rows and a short last one stream through.
        new PipelineRunner(registry, new ExecutionSettings(device, 3L * angles * cols * 4))
                .run(pipeline.withStages(stages).withOutput(new Pipeline.OutputSpec(out.toString(), "tiff")),
                        Progress.NONE, new Cancellation());
        float[] all = new float[angles * rows * cols];
        for (int r = 0; r < rows; r++) {
            float[] sino = TiffFiles.readFloats(out.resolve(String.format("%s_%05d.tiff", out.getFileName(), r)));
            System.arraycopy(sino, 0, all, r * angles * cols, angles * cols);
        }
        return all;
    }

    /**
     * A Data Exchange scan of the phantom: open beam 10⁴ counts, no dark, μ = 0.02 per pixel, gains 0.7
     * and 1.3 at columns 40 and 41, a dead column 90 reading the dark level, 40 zingers of +3 × 10⁴ counts.
     * Returns the true line integrals μ·p, row after row.
     */
    static float[] writeScan(Path file) {
        float[] p = ModifiedSheppLogan.sinogram(COLS, ANGLES);
        float[][][] data = new float[ANGLES][ROWS][COLS];
        float[] truth = new float[ROWS * ANGLES * COLS];
        SplittableRandom rng = new SplittableRandom(11);
        for (int a = 0; a < ANGLES; a++) {
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLS; c++) {
                    double lineIntegral = MU * p[a * COLS + c] * (1 - 0.1 * r);
                    truth[(r * ANGLES + a) * COLS + c] = (float) lineIntegral;
                    double gain = c == BAD[0] ? 0.7 : c == BAD[1] ? 1.3 : 1.0;
                    data[a][r][c] = c == BAD[2] ? 0f : (float) (1e4 * gain * Math.exp(-lineIntegral));
                }
            }
        }
        for (int z = 0; z < 40; z++) {
            data[rng.nextInt(ANGLES)][rng.nextInt(ROWS)][rng.nextInt(COLS)] += 3e4f;
        }
        float[][][] flats = new float[2][ROWS][COLS];
        float[][][] darks = new float[2][ROWS][COLS];
        for (float[][] f : flats) {
            for (float[] line : f) {
                java.util.Arrays.fill(line, 1e4f);
            }
        }
        for (float[] line : flats[0]) {
            line[BAD[2]] = 0f; // the dead pixel reads the dark level in the flats too
        }
        for (float[] line : flats[1]) {
            line[BAD[2]] = 0f;
        }
        float[] theta = new float[ANGLES];
        for (int a = 0; a < ANGLES; a++) {
            theta[a] = 180f * a / ANGLES;
        }
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putDataset("implements", "exchange");
            WritableGroup exchange = h5.putGroup("exchange");
            exchange.putDataset("data", data);
            exchange.putDataset("data_white", flats);
            exchange.putDataset("data_dark", darks);
            exchange.putDataset("theta", theta).putAttribute("units", "degrees");
        }
        return truth;
    }

    @Test
    void aChunkOfWholeProjectionsIsRefusedWithAMessageAndEvenSizesToo() throws Exception {
        StageFactory sorting = new SortingStripeStageFactory();
        org.beamlinestudio.core.stage.Stage stage = sorting.create(ParamValues.defaults(sorting.params()),
                org.beamlinestudio.core.stage.StageEnvironment.auto());
        org.beamlinestudio.core.stage.Chunk byAngle = new org.beamlinestudio.core.stage.Chunk(
                org.beamlinestudio.core.data.FloatBlock.zeros(new int[] {2, 8, 8}, new long[] {4, 0, 0}),
                org.beamlinestudio.core.stage.DataKind.PROJECTIONS, 0, null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> stage.run(byAngle, Progress.NONE, new Cancellation()))
                .isInstanceOf(org.beamlinestudio.core.stage.StageException.class)
                .hasMessageContaining("needs whole sinograms");
        List<String> problems = new ArrayList<>();
        ParamValues even = ParamValues.resolve(sorting.params(), Map.of("size", 20), problems);
        assertThat(problems).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sorting.create(even,
                        org.beamlinestudio.core.stage.StageEnvironment.auto()))
                .hasMessageContaining("must be odd").hasMessageContaining("use 21");
    }

    @Test
    void everyStageDeclaresWholeSinogramsAndDocumentedParameters() {
        for (StageFactory f : new TomographyPlugin().stageFactories().subList(2, 6)) {
            assertThat(f.streamAxis(org.beamlinestudio.core.stage.DataKind.PROJECTIONS)).hasValue(1);
            assertThat(f.params()).allSatisfy(p -> {
                assertThat(p.description()).isNotBlank();
                assertThat(p.label()).isNotBlank();
            });
            ParamValues.defaults(f.params());
        }
    }
}
