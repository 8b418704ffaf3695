package org.beamlinestudio.tomography.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.tomography.phantom.ModifiedSheppLogan;
import org.beamlinestudio.tomography.phantom.ReconstructionQuality;
import org.beamlinestudio.tomography.recon.ReconstructionGeometry;
import org.junit.jupiter.api.Test;

/** The three reconstruction stages: their contract with the pipeline, and slabs of projections in, slices out. */
class ReconstructionStagesTest {

    private static final List<StageFactory> FACTORIES = List.of(new FourierReconstructionStageFactory(),
            new SirtStageFactory(), new CglsStageFactory());

    /** A source with only angles (or none). */
    record AnglesOnly(double[] angles) implements OpenedSource {
        @Override public Path file() { return Path.of("scan.h5"); }
        @Override public String readerId() { return "test"; }
        @Override public DataKind kind() { return DataKind.PROJECTIONS; }
        @Override public LazyDataset primary() { return null; }
        @Override public int streamAxis() { return 1; }
        @Override public Optional<LazyDataset> array(String role) { return Optional.empty(); }
        @Override public Optional<double[]> vector(String role) {
            return "angles".equals(role) ? Optional.ofNullable(angles) : Optional.empty();
        }
        @Override public Map<String, String> keyMetadata() { return Map.of(); }
        @Override public void close() { }
    }

    /** Projections (angles, rows, cols) whose row r is the phantom's sinogram times (r + 1). */
    static Chunk projections(ReconstructionGeometry g, int rows, long row0, double[] angles) {
        float[] sino = ModifiedSheppLogan.sinogram(g);
        int na = g.nAngles();
        int cols = g.columns();
        float[] p = new float[na * rows * cols];
        for (int a = 0; a < na; a++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    p[(a * rows + r) * cols + c] = sino[a * cols + c] * (r + 1);
                }
            }
        }
        return new Chunk(new FloatBlock(p, new int[] {na, rows, cols}, new long[] {0, row0, 0}), DataKind.PROJECTIONS,
                1, new AnglesOnly(angles));
    }

    static ParamValues params(StageFactory f, Map<String, ?> raw) {
        List<String> problems = new ArrayList<>();
        ParamValues v = ParamValues.resolve(f.params(), raw, problems);
        assertThat(problems).isEmpty();
        return v;
    }

    @Test
    void contractWithThePipeline() {
        assertThat(FACTORIES).extracting(StageFactory::id)
                .containsExactly("tomography.fourier", "tomography.sirt", "tomography.cgls");
        assertThat(FACTORIES.get(0).displayName()).isEqualTo("Fourier reconstruction (gridding)");
        for (StageFactory f : FACTORIES) {
            assertThat(f.inputKinds()).containsExactly(DataKind.PROJECTIONS);
            assertThat(f.outputKind(DataKind.PROJECTIONS)).isEqualTo(DataKind.VOLUME);
            assertThat(f.streamAxis(DataKind.PROJECTIONS)).isEqualTo(OptionalInt.of(1));
            ParamValues defaults = ParamValues.defaults(f.params());
            assertThat(f.outputShape(new long[] {181, 2, 640}, defaults)).containsExactly(2, 640, 640);
            assertThat(f.outputShape(new long[] {181, 2, 640}, params(f, Map.of("outputSize", 512))))
                    .containsExactly(2, 512, 512);
            assertThat(f.params()).extracting(p -> p.name()).contains("centerOfRotation", "outputSize");
            assertThat(f.params().get(0).units()).isEqualTo("px");
        }
        assertThat(FACTORIES.get(0).params()).extracting(p -> p.name()).contains("filter");
        assertThat(FACTORIES.get(1).params()).extracting(p -> p.name()).contains("iterations", "nonNegative");
        assertThat(FACTORIES.get(2).params()).extracting(p -> p.name()).contains("iterations");
    }

    @Test
    void fourierStageTurnsASlabOfProjectionsIntoSlices() throws Exception {
        int n = 256;
        ReconstructionGeometry g = ReconstructionGeometry.halfTurn(256, n).withCenter(128.5);
        Chunk in = projections(g, 3, 40, g.angles());
        StageFactory f = new FourierReconstructionStageFactory();
        List<String> messages = new ArrayList<>();
        Chunk out;
        try (Stage s = f.create(params(f, Map.of("centerOfRotation", 128.5)), StageEnvironment.auto())) {
            out = s.run(in, (fr, m) -> messages.add(m), new Cancellation());
        }
        assertThat(out.kind()).isEqualTo(DataKind.VOLUME);
        assertThat(out.streamAxis()).isZero();
        assertThat(out.block().shape()).containsExactly(3, n, n);
        assertThat(out.block().origin()).containsExactly(40, 0, 0);
        assertThat(messages).isNotEmpty().allSatisfy(m -> assertThat(m).startsWith("rows 40–42"));
        double[] truth = ModifiedSheppLogan.image(n, 4);
        for (int r = 0; r < 3; r++) {
            float[] slice = Arrays.copyOfRange(out.block().data(), r * n * n, (r + 1) * n * n);
            for (int i = 0; i < slice.length; i++) {
                slice[i] /= r + 1;
            }
            ReconstructionQuality q = ReconstructionQuality.of(slice, truth, n);
            assertThat(q.rmse()).as("row %d", r).isLessThan(0.03);
            assertThat(q.meanRatio()).isCloseTo(1.0, within(0.01));
            assertThat(q.shiftX()).isZero();
        }
    }

    @Test
    void iterativeStagesRunOnJavaAndOnTheAutomaticDevice() throws Exception {
        int n = 64;
        ReconstructionGeometry g = ReconstructionGeometry.halfTurn(90, n);
        Chunk in = projections(g, 2, 0, g.angles());
        double[] truth = ModifiedSheppLogan.image(n, 4);
        for (StageFactory f : List.of(FACTORIES.get(1), FACTORIES.get(2))) {
            for (String device : List.of("java", "auto")) {
                try (Stage s = f.create(params(f, Map.of("iterations", 12)), new StageEnvironment(device))) {
                    Chunk out = s.run(in, Progress.NONE, new Cancellation());
                    assertThat(out.block().shape()).containsExactly(2, n, n);
                    ReconstructionQuality q = ReconstructionQuality.of(
                            Arrays.copyOf(out.block().data(), n * n), truth, n);
                    assertThat(q.rmse()).as("%s on %s", f.id(), device).isLessThan(0.12);
                    assertThat(q.meanRatio()).isCloseTo(1.0, within(0.05));
                }
            }
        }
    }

    @Test
    void missingAnglesNameTheReaderOption() throws Exception {
        ReconstructionGeometry g = ReconstructionGeometry.halfTurn(30, 32);
        for (StageFactory f : FACTORIES) {
            try (Stage s = f.create(ParamValues.defaults(f.params()), new StageEnvironment("java"))) {
                assertThatThrownBy(() -> s.run(projections(g, 1, 0, null), Progress.NONE, new Cancellation()))
                        .isInstanceOf(StageException.class)
                        .hasMessageContaining(f.id())
                        .hasMessageContaining("no rotation angles")
                        .hasMessageContaining("evenSpacingDegrees=180");
                assertThatThrownBy(() -> s.run(projections(g, 1, 0, new double[29]), Progress.NONE,
                        new Cancellation())).isInstanceOf(StageException.class).hasMessageContaining("29 rotation angles");
            }
        }
    }
}
