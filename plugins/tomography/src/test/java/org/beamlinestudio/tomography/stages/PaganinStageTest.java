package org.beamlinestudio.tomography.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.tomography.stages.phase.JavaPaganinFilter;
import org.junit.jupiter.api.Test;
import org.beamlinestudio.opencl.OpenClTestSupport;

/** The Paganin stage: contract, whole-projection streaming, same result on Java and OpenCL. */
class PaganinStageTest {

    private static ParamValues params(Map<String, ?> raw) {
        List<String> problems = new ArrayList<>();
        ParamValues v = ParamValues.resolve(new PaganinStageFactory().params(), raw, problems);
        assertThat(problems).isEmpty();
        return v;
    }

    @Test
    void filtersWholeProjectionsOnJavaAndOpenClAlike() throws Exception {
        PaganinStageFactory f = new PaganinStageFactory();
        assertThat(f.streamAxis(DataKind.PROJECTIONS)).isEqualTo(OptionalInt.of(0));
        assertThat(f.inputKinds()).containsExactly(DataKind.PROJECTIONS);
        assertThat(f.outputKind(DataKind.PROJECTIONS)).isEqualTo(DataKind.PROJECTIONS);
        assertThat(f.outputShape(new long[] {180, 32, 256}, params(Map.of()))).containsExactly(180, 32, 256);

        Map<String, Object> raw = Map.of("energy", 30.0, "distance", 500.0, "pixelSize", 0.65, "deltaBetaRatio", 250.0);
        int angles = 3;
        int rows = 20;
        int cols = 30;
        float[] data = new float[angles * rows * cols];
        Random rnd = new Random(11);
        for (int i = 0; i < data.length; i++) {
            data[i] = 0.5f + 0.5f * rnd.nextFloat();
        }
        Chunk in = new Chunk(new FloatBlock(data, new int[] {angles, rows, cols}, new long[] {40, 0, 0}),
                DataKind.PROJECTIONS, 0, null);
        float[] expected = new float[data.length];
        new JavaPaganinFilter(PaganinStageFactory.parameters(params(raw))).apply(data, angles, rows, cols, expected);

        Chunk java;
        try (Stage s = f.create(params(raw), new StageEnvironment("java"))) {
            java = s.run(in, Progress.NONE, new Cancellation());
        }
        assertThat(java.block().data()).containsExactly(expected);
        assertThat(java.block().origin()).containsExactly(40, 0, 0);
        assertThat(data[0]).isEqualTo(in.block().data()[0]);

        String device = OpenClTestSupport.requireDevice().id();
        Chunk cl;
        try (Stage s = f.create(params(raw), new StageEnvironment(device))) {
            cl = s.run(in, Progress.NONE, new Cancellation());
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(cl.block().data()[i] - expected[i])).isLessThan(1e-5f);
        }
    }

    /**
     * Whole projections of the demo scan, normalised, then Paganin-filtered: the photon noise in air
     * drops, the mean transmission of each projection stays.
     */
    @Test
    void smoothsNormalisedDemoProjectionsAndKeepsTheirMean(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path scan = dir.resolve("demo.h5");
        org.beamlinestudio.tomography.demo.DemoScan.write(scan);
        int rows = org.beamlinestudio.tomography.demo.DemoScan.ROWS;
        int cols = org.beamlinestudio.tomography.demo.DemoScan.COLUMNS;
        try (var src = new org.beamlinestudio.tomography.io.DataExchangeReader().open(scan)) {
            float[] raw = src.primary().readFloats(new long[] {10, 0, 0}, new int[] {4, rows, cols});
            Chunk chunk = new Chunk(new FloatBlock(raw, new int[] {4, rows, cols}, new long[] {10, 0, 0}),
                    DataKind.PROJECTIONS, 0, src);
            Chunk normalised;
            try (Stage s = new NormalizeStageFactory().create(ParamValues.defaults(List.of()),
                    new StageEnvironment("java"))) {
                normalised = s.run(chunk, Progress.NONE, new Cancellation());
            }
            Chunk filtered;
            try (Stage s = new PaganinStageFactory().create(params(Map.of("energy", 25.0, "distance", 20.0,
                    "pixelSize", 1.3, "deltaBetaRatio", 500.0)), new StageEnvironment("java"))) {
                filtered = s.run(normalised, Progress.NONE, new Cancellation());
            }
            float[] before = normalised.block().data();
            float[] after = filtered.block().data();
            for (int a = 0; a < 4; a++) {
                double mb = 0;
                double ma = 0;
                double vb = 0;
                double va = 0;
                int n = 0;
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        int q = (a * rows + r) * cols + c;
                        mb += before[q];
                        ma += after[q];
                        if (c < 8) { // air, left of the object
                            vb += (before[q] - 1) * (before[q] - 1);
                            va += (after[q] - 1) * (after[q] - 1);
                            n++;
                        }
                    }
                }
                System.out.printf("demo projection %d: mean ratio %.5f, air noise %.4f → %.4f%n", a, ma / mb,
                        Math.sqrt(vb / n), Math.sqrt(va / n));
                // Not exact: the blur (≈ 30 px here) reaches into the edge-padded rows, which repeat the more
                // transparent top and bottom rows of this 32-row detector (1.3 % measured).
                assertThat(ma / mb).as("mean transmission kept, projection %d", a).isCloseTo(1.0,
                        org.assertj.core.api.Assertions.within(0.02));
                assertThat(Math.sqrt(va / n)).as("noise in air, projection %d", a).isLessThan(0.25 * Math.sqrt(vb / n));
            }
        }
    }

    @Test
    void refusesSinogramSlabs() throws Exception {
        Chunk slab = new Chunk(FloatBlock.zeros(new int[] {10, 2, 8}, new long[] {0, 4, 0}), DataKind.PROJECTIONS, 1, null);
        try (Stage s = new PaganinStageFactory().create(params(Map.of()), new StageEnvironment("java"))) {
            assertThatThrownBy(() -> s.run(slab, Progress.NONE, new Cancellation())).isInstanceOf(StageException.class)
                    .hasMessageContaining("whole projections");
        }
    }
}
