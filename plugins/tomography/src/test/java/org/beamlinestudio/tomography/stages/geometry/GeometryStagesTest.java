package org.beamlinestudio.tomography.stages.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.tomography.phantom.ReconstructionQuality;
import org.beamlinestudio.tomography.stages.PaganinStageFactory;
import org.junit.jupiter.api.Test;

/** Values of the geometry stages on small known arrays. */
class GeometryStagesTest {

    static ParamValues params(StageFactory f, Map<String, ?> raw) {
        List<String> problems = new ArrayList<>();
        ParamValues v = ParamValues.resolve(f.params(), raw, problems);
        assertThat(problems).isEmpty();
        return v;
    }

    static Chunk run(StageFactory f, Map<String, ?> raw, Chunk in) throws Exception {
        try (var stage = f.create(params(f, raw), StageEnvironment.auto())) {
            return stage.run(in, Progress.NONE, new Cancellation());
        }
    }

    static float[] ramp(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i + 1;
        }
        return a;
    }

    @Test
    void everyParameterIsDescribed() {
        for (StageFactory f : List.of(new PadStageFactory(), new Stitch360StageFactory(), new CircularMaskStageFactory(),
                new CropStageFactory(), new RowRangeStageFactory(), new BinStageFactory(), new PaganinStageFactory())) {
            assertThat(f.id()).startsWith("tomography.");
            assertThat(f.description()).isNotBlank();
            for (ParamSpec p : f.params()) {
                assertThat(p.description()).as(f.id() + "." + p.name()).isNotBlank();
                assertThat(p.label()).isNotBlank();
            }
            ParamValues.defaults(f.params());
        }
    }

    @Test
    void padKeepsTheColumnsAndFillsTheEdgesAsAsked() throws Exception {
        // Two sinogram lines of 4 columns, factor 2.5 → 10 columns: 3 left, 3 right.
        float[] data = {1, 2, 3, 4, 10, 20, 30, 40};
        Chunk in = new Chunk(new FloatBlock(data, new int[] {1, 2, 4}, new long[] {0, 6, 0}), DataKind.PROJECTIONS, 1, null);
        PadStageFactory f = new PadStageFactory();
        Padding p = PadStageFactory.padding(4, params(f, Map.of("factor", 2.5)));
        assertThat(p.left()).isEqualTo(3);
        assertThat(p.right()).isEqualTo(3);
        assertThat(p.paddedCenter(1.5)).isEqualTo(4.5);
        assertThat(p.originalCenter(4.5)).isEqualTo(1.5);
        assertThat(f.outputShape(new long[] {180, 32, 4}, params(f, Map.of("factor", 2.5)))).containsExactly(180, 32, 10);

        Chunk edge = run(f, Map.of("factor", 2.5, "mode", "edge"), in);
        assertThat(edge.block().shape()).containsExactly(1, 2, 10);
        assertThat(edge.block().origin()).containsExactly(0, 6, 0);
        assertThat(edge.block().data()).containsExactly(1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 10, 10, 10, 10, 20, 30, 40, 40, 40, 40);
        Chunk zero = run(f, Map.of("factor", 2.5, "mode", "zero"), in);
        assertThat(zero.block().data()).containsExactly(0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 10, 20, 30, 40, 0, 0, 0);
        Chunk fade = run(f, Map.of("factor", 2.5, "mode", "fade"), in);
        // From the edge value, linearly to 0 at the outermost column: 1·(2/3, 1/3, 0), 4·(2/3, 1/3, 0).
        float[] fd = fade.block().data();
        assertThat(fd[0]).isEqualTo(0f);
        assertThat(fd[1]).isCloseTo(1f / 3, within(1e-6f));
        assertThat(fd[2]).isCloseTo(2f / 3, within(1e-6f));
        assertThat(new float[] {fd[3], fd[4], fd[5], fd[6]}).containsExactly(1, 2, 3, 4);
        assertThat(fd[7]).isCloseTo(8f / 3, within(1e-6f));
        assertThat(fd[8]).isCloseTo(4f / 3, within(1e-6f));
        assertThat(fd[9]).isEqualTo(0f);
        assertThat(fd[12]).isCloseTo(20f / 3, within(1e-5f));
        // Factor 1: unchanged.
        assertThat(run(f, Map.of("factor", 1.0), in).block().data()).containsExactly(data);
    }

    @Test
    void maskZeroesExactlyThePixelsOutsideTheDisk() throws Exception {
        Random rnd = new Random(3);
        for (int[] hw : new int[][] {{16, 16}, {15, 15}, {9, 14}}) {
            int h = hw[0];
            int w = hw[1];
            float[] data = new float[2 * h * w];
            for (int i = 0; i < data.length; i++) {
                data[i] = 1 + rnd.nextFloat();
            }
            Chunk in = new Chunk(new FloatBlock(data, new int[] {2, h, w}, new long[] {5, 0, 0}), DataKind.VOLUME, 0, null);
            Chunk out = run(new CircularMaskStageFactory(), Map.of("ratio", 0.8, "value", -1.0), in);
            boolean[] disk = h == w ? ReconstructionQuality.diskMask(h, 0.8) : null;
            int kept = 0;
            for (int z = 0; z < 2; z++) {
                for (int i = 0; i < h; i++) {
                    for (int k = 0; k < w; k++) {
                        int q = (z * h + i) * w + k;
                        double r = 0.8 * Math.min(h, w) / 2;
                        boolean inside = Math.pow(k - w / 2.0, 2) + Math.pow(i - h / 2.0, 2) <= r * r;
                        if (disk != null) {
                            assertThat(inside).isEqualTo(disk[i * w + k]);
                        }
                        assertThat(out.block().data()[q]).isEqualTo(inside ? data[q] : -1f);
                        kept += inside ? 1 : 0;
                    }
                }
            }
            assertThat(kept).isBetween(1, 2 * h * w - 1);
            assertThat(out.block().origin()).containsExactly(5, 0, 0);
        }
    }

    @Test
    void cropKeepsTheRectangleWithItsOrigin() throws Exception {
        float[] data = ramp(2 * 6 * 7);
        Chunk in = new Chunk(new FloatBlock(data, new int[] {2, 6, 7}, new long[] {10, 0, 0}), DataKind.VOLUME, 0, null);
        CropStageFactory f = new CropStageFactory();
        Map<String, Object> p = Map.of("xFrom", 2, "width", 3, "yFrom", 1, "height", 4);
        Chunk out = run(f, p, in);
        assertThat(out.block().shape()).containsExactly(2, 4, 3);
        assertThat(out.block().origin()).containsExactly(10, 0, 0);
        for (int z = 0; z < 2; z++) {
            for (int i = 0; i < 4; i++) {
                for (int k = 0; k < 3; k++) {
                    assertThat(out.block().data()[(z * 4 + i) * 3 + k]).isEqualTo(data[(z * 6 + i + 1) * 7 + k + 2]);
                }
            }
        }
        assertThat(f.outputShape(new long[] {2, 6, 7}, params(f, p))).containsExactly(2, 4, 3);
        // Width 0: to the edge.
        assertThat(run(f, Map.of("xFrom", 5), in).block().shape()).containsExactly(2, 6, 2);
        assertThat(f.outputShape(new long[] {2, 6, 7}, params(f, Map.of("xFrom", 5)))).containsExactly(2, 6, 2);
        assertThatThrownBy(() -> run(f, Map.of("xFrom", 5, "width", 3), in)).isInstanceOf(StageException.class)
                .hasMessageContaining("x 5–7").hasMessageContaining("7 × 6");
    }

    @Test
    void rowRangeKeepsTheRowsAndRenumbersThem() throws Exception {
        RowRangeStageFactory f = new RowRangeStageFactory();
        Map<String, Object> p = Map.of("rowFrom", 5, "rowTo", 9);
        assertThat(f.outputShape(new long[] {3, 32, 4}, params(f, p))).containsExactly(3, 5, 4);
        assertThat(f.outputShape(new long[] {3, 32, 4}, params(f, Map.of("rowFrom", 30)))).containsExactly(3, 2, 4);
        // Streamed along rows: slabs of 4 rows at 0, 4, 8, 12.
        int[] expectRows = {0, 3, 2, 0};
        long[] expectOrigin = {0, 0, 3, 5};
        for (int slab = 0; slab < 4; slab++) {
            float[] data = new float[3 * 4 * 4];
            for (int a = 0; a < 3; a++) {
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c < 4; c++) {
                        data[(a * 4 + r) * 4 + c] = 1000 * a + 10 * (slab * 4 + r) + c; // encodes (angle, row, column)
                    }
                }
            }
            Chunk in = new Chunk(new FloatBlock(data, new int[] {3, 4, 4}, new long[] {0, slab * 4, 0}),
                    DataKind.PROJECTIONS, 1, null);
            Chunk out = run(f, p, in);
            int n = expectRows[slab];
            assertThat(out.block().shape()).containsExactly(3, n, 4);
            assertThat(out.block().data()).hasSize(3 * n * 4);
            assertThat(out.block().origin()[1]).isEqualTo(expectOrigin[slab]);
            for (int a = 0; a < 3; a++) {
                for (int r = 0; r < n; r++) {
                    long row = 5 + out.block().origin()[1] + r;
                    for (int c = 0; c < 4; c++) {
                        assertThat(out.block().data()[(a * n + r) * 4 + c]).isEqualTo(1000f * a + 10f * row + c);
                    }
                }
            }
        }
        // Streamed along angles: whole projections, rows 5–9 of 12.
        float[] data = ramp(2 * 12 * 3);
        Chunk in = new Chunk(new FloatBlock(data, new int[] {2, 12, 3}, new long[] {7, 0, 0}), DataKind.PROJECTIONS, 0, null);
        Chunk out = run(f, p, in);
        assertThat(out.block().shape()).containsExactly(2, 5, 3);
        assertThat(out.block().origin()).containsExactly(7, 0, 0);
        assertThat(out.block().data()[0]).isEqualTo(data[5 * 3]);
        assertThat(out.block().data()[5 * 3]).isEqualTo(data[12 * 3 + 5 * 3]);
        assertThatThrownBy(() -> f.create(params(f, Map.of("rowFrom", 5, "rowTo", 4)), StageEnvironment.auto()))
                .isInstanceOf(StageException.class);
    }

    @Test
    void binningGivesTheBlockMeansAndAveragesPartialBins() throws Exception {
        BinStageFactory f = new BinStageFactory();
        Map<String, Object> p = Map.of("power", 1, "angleFactor", 2);
        ParamValues pv = params(f, p);
        assertThat(f.streamAlignment(pv)).isEqualTo(2);
        assertThat(f.streamAlignment(params(f, Map.of("power", 2, "angleFactor", 3)))).isEqualTo(12);
        assertThat(f.outputShape(new long[] {3, 5, 6}, pv)).containsExactly(2, 3, 3);
        float[] data = ramp(3 * 5 * 6);
        double[] angles = {0.0, 0.1, 0.2};
        Chunk in = new Chunk(new FloatBlock(data, new int[] {3, 5, 6}, new long[] {0, 4, 0}), DataKind.PROJECTIONS, 1,
                new TestSource(angles));
        Chunk out = run(f, p, in);
        assertThat(out.block().shape()).containsExactly(2, 3, 3);
        assertThat(out.block().origin()).containsExactly(0, 2, 0);
        for (int a = 0; a < 2; a++) {
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    double sum = 0;
                    int n = 0;
                    for (int aa = 2 * a; aa < Math.min(3, 2 * a + 2); aa++) {
                        for (int rr = 2 * r; rr < Math.min(5, 2 * r + 2); rr++) {
                            for (int cc = 2 * c; cc < 2 * c + 2; cc++) {
                                sum += data[(aa * 5 + rr) * 6 + cc];
                                n++;
                            }
                        }
                    }
                    assertThat((double) out.block().data()[(a * 3 + r) * 3 + c]).isCloseTo(sum / n, within(1e-4));
                }
            }
        }
        // A hand-checked one: angles 0–1, rows 0–1, columns 0–1 → values 1, 2, 7, 8, 31, 32, 37, 38.
        assertThat(out.block().data()[0]).isEqualTo(19.5f);
        // The last angle bin holds angle 2 alone, the last row bin row 4 alone.
        assertThat(out.block().data()[(1 * 3 + 2) * 3]).isEqualTo((data[(2 * 5 + 4) * 6] + data[(2 * 5 + 4) * 6 + 1]) / 2);
        assertThat(out.source().vector("angles").orElseThrow()).containsExactly(0.05, 0.2);
        assertThat(BinStageFactory.binnedCenter(131.25, 2)).isEqualTo(65.375);
        // A chunk that starts off a bin boundary is refused.
        Chunk odd = new Chunk(new FloatBlock(data, new int[] {3, 5, 6}, new long[] {0, 3, 0}), DataKind.PROJECTIONS, 1, null);
        assertThatThrownBy(() -> run(f, p, odd)).isInstanceOf(StageException.class).hasMessageContaining("multiple");
    }
}
